// content/site.json: who publishes this list and how to reach them. 个人信息保护法 Art. 7 and
// 17 ask a processor to say who it is and how to contact it; people who find themselves on the
// list need a door to knock on, and units need someone to answer for the data.
import { z } from 'zod';

/** The Chinese label an operator knows each field by. */
export const SITE_LABELS = {
  city: '城市',
  sampleData: '示例数据',
  operator: '运营单位',
  'operator.name': '运营单位名称',
  'operator.address': '办公地址',
  'operator.phone': '联系电话',
  'operator.email': '电子邮箱',
  'operator.hours': '办公时间',
  requireSignedBatches: '批次须经法院签名',
} as const;

const line = (max: number) => z.string().trim().min(1, '不能为空').max(max, `最长 ${max} 字`);

export const siteSchema = z.object({
  /** City whose list this is, e.g. 本溪市 (本委办发〔2018〕67号 is Benxi's). */
  city: line(20).default('本溪市'),
  /**
   * True for the bundled fictional sample: every page says so. Anything but an explicit false
   * counts as sample data — claiming real data by mistake would be worse.
   */
  sampleData: z.unknown().transform((v) => v !== false),
  /** Who runs the site: the city credit office (市信用办, 67号 §五(一)) or whom it names. */
  operator: z
    .object({
      /** The unit's full name, as on its seal. */
      name: line(60),
      /** Where people can bring a correction request in person. */
      address: line(100).optional(),
      /** A public phone number for questions about the site (not a court's). */
      phone: line(40).optional(),
      email: z.email('不是有效的电子邮箱').max(100).optional(),
      /** Office hours, e.g. 工作日 8:30–11:30、13:30–17:00. */
      hours: line(60).optional(),
    })
    .optional(),
  /**
   * True: every batch in content/entries/ must come with a valid `<batch>.sig` by its court's
   * key (content/courts.json); a batch without one is not published (batch-signature.ts).
   */
  requireSignedBatches: z.boolean({ error: '应为 true 或 false' }).optional(),
});

export type SiteInfo = z.output<typeof siteSchema>;

/** The site's name, as every page, feed, share card and receipt gives it. */
export const siteNameOf = (site: Pick<SiteInfo, 'city'>) => `${site.city}失信被执行人名单公示`;

/** The national sources that are authoritative for the whole country (shown beside every result). */
export const NATIONAL_SOURCES = [
  { name: '中国执行信息公开网', href: 'http://zxgk.court.gov.cn/', what: '全国失信被执行人名单（最高人民法院）' },
  { name: '信用中国', href: 'https://www.creditchina.gov.cn/', what: '全国信用信息公示与信用修复' },
] as const;
