// content/courts.json: where a listed person finds the court that listed them. Correction
// and removal go to "the court that made the decision" (本委办发〔2018〕67号 §四(二); 若干规定
// Art. 11), so every entry page shows its court's address, phone and hours from here.
import { z } from 'zod';
import { parsePublicKey } from '../batch-signature.ts';

/** The Chinese label an operator knows each field by. */
export const COURT_LABELS = {
  courts: '法院目录',
  name: '法院名称',
  address: '地址',
  office: '受理部门',
  phone: '联系电话',
  hours: '办公时间',
  superiorCourt: '上一级法院',
  signingKeys: '批次签名公钥',
} as const;

const line = (max: number) => z.string({ error: '必填，应为文字' }).trim().min(1, '不能为空').max(max, `最长 ${max} 字`);

export const courtContactSchema = z.strictObject(
  {
    /** The court's full name, written exactly as in the entries' 执行法院 column (若干规定 Art. 6). */
    name: line(40),
    /** Where a correction or removal application is handed in, in person or by post. */
    address: line(100),
    /** Who receives applications there, e.g. 执行局 or 立案庭 (诉讼服务中心); optional. */
    office: line(40).optional(),
    /** A public phone number for enforcement matters, e.g. 12368 or the 执行局's line. */
    phone: line(40),
    /** Opening hours of that office, e.g. 工作日 8:30–11:30、13:30–17:00. */
    hours: line(60),
    /**
     * The court one level up, where a rejected applicant seeks reconsideration (复议,
     * 本委办发〔2018〕67号 §四(二); 若干规定 Art. 12): a district court's is the intermediate court.
     */
    superiorCourt: line(40),
    /**
     * The court's Ed25519 public keys for signed batches (scripts/lib/batch-signature.ts): base64
     * SPKI DER on one line, as `npm run sign-batch -- --new-key` prints it, or PEM. More than one
     * while a key is being replaced; optional.
     */
    signingKeys: z.array(z.string().refine((k) => parsePublicKey(k) !== null, '不是有效的 Ed25519 公钥（应为 sign-batch --new-key 打印的一行 base64，或 PEM）')).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `未知字段：${issue.keys.join('、')}` : undefined) },
);

export const courtDirectorySchema = z.object({
  /** A sentence shown nowhere, for whoever opens the file: where the data comes from (or that it is fictional). */
  note: z.string().optional(),
  /** One record per court named in the entries. */
  courts: z.array(z.unknown()),
});

export type CourtContact = z.output<typeof courtContactSchema>;
