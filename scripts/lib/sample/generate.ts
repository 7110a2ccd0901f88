// Fictional sample entries for the bundled demo and for benchmarks. Pure: the same
// seed gives the same records on any machine (see random.ts). Every record is the
// INPUT shape entryInputSchema parses, with a full, checksum-valid ID number whose
// birth date agrees with the age at publication — the pipeline masks it on ingest.
//
// All people and companies here are invented. Names are drawn from common-surname
// frequencies; the fixtures below pin down the cases the tests rely on.
import { idCheckCharacter } from '../shared/rules/id-number.ts';
import { creditCodeCheckCharacter } from '../shared/rules/credit-code.ts';
import { addDays, addYears, ageOn, dayNumber, isoOfDay } from '../shared/dates.ts';
import { DELISTING_GROUNDS, type DecisionType, type DelistingGround } from '../rules/delisting-grounds.ts';
import { createRandom, type Random } from './random.ts';

// ---------------------------------------------------------------- records

interface Common {
  id: string;
  name: string;
  court: string;
  district: string;
  province: string;
  caseNumber: string;
  filedOn: string;
  basisDocNumber: string;
  basisIssuer: string;
  obligation: string;
  performance: '全部未履行' | '部分未履行';
  performedPart?: string;
  unperformedPart?: string;
  behaviours: number[];
  publishedOn: string;
  listingEndsOn?: string;
  disclose?: boolean;
}
export interface RawPerson extends Common {
  kind: 'person';
  gender: '男' | '女';
  age: number;
  idNumber: string;
}
export interface RawOrg extends Common {
  kind: 'org';
  creditCode: string;
  legalRepresentative: string;
}
export type RawEntry = RawPerson | RawOrg;

export interface RawDecision {
  id: string;
  entryId: string;
  type: DecisionType;
  decidedOn: string;
  court: string;
  docNumber: string;
  reason: DelistingGround;
}

/** Field order of every written record, so files read like one export. */
export const ENTRY_FIELD_ORDER = [
  'id', 'kind', 'name', 'gender', 'age', 'idNumber', 'creditCode', 'legalRepresentative', 'court', 'district',
  'province', 'caseNumber', 'filedOn', 'basisDocNumber', 'basisIssuer', 'obligation', 'performance',
  'performedPart', 'unperformedPart', 'behaviours', 'publishedOn', 'listingEndsOn', 'disclose',
] as const;

function ordered<T extends RawEntry>(entry: T): T {
  const out: Record<string, unknown> = {};
  for (const key of ENTRY_FIELD_ORDER) {
    const value = (entry as unknown as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

// ---------------------------------------------------------------- places and courts

export interface Court {
  name: string;
  /** Court code in case numbers: 辽05 + district digits. */
  code: string;
  district: string;
  /** The ID-number area code of the court's district; null for the city-wide intermediate court. */
  area: string | null;
  /** Rough share of enforcement cases. */
  weight: number;
}

export const BENXI_COURTS: readonly Court[] = [
  { name: '本溪市中级人民法院', code: '辽05', district: '市辖区', area: null, weight: 7 },
  { name: '本溪市平山区人民法院', code: '辽0502', district: '平山区', area: '210502', weight: 24 },
  { name: '本溪市溪湖区人民法院', code: '辽0503', district: '溪湖区', area: '210503', weight: 18 },
  { name: '本溪市明山区人民法院', code: '辽0504', district: '明山区', area: '210504', weight: 20 },
  { name: '本溪市南芬区人民法院', code: '辽0505', district: '南芬区', area: '210505', weight: 6 },
  { name: '本溪满族自治县人民法院', code: '辽0521', district: '本溪满族自治县', area: '210521', weight: 12 },
  { name: '桓仁满族自治县人民法院', code: '辽0522', district: '桓仁满族自治县', area: '210522', weight: 13 },
];
const COURT_WEIGHTS = BENXI_COURTS.map((c) => [c, c.weight] as const);
const INTERMEDIATE = BENXI_COURTS[0]!;
const courtNamed = (name: string): Court => BENXI_COURTS.find((c) => c.name === name)!;

const BENXI_AREAS = ['210502', '210503', '210504', '210505', '210521', '210522'] as const;

/** Courts elsewhere in Liaoning whose judgments are enforced in Benxi (entrusted enforcement). */
const OTHER_COURTS = [
  ['沈阳市和平区人民法院', '辽0102'],
  ['鞍山市铁东区人民法院', '辽0302'],
  ['抚顺市新抚区人民法院', '辽0402'],
  ['丹东市振兴区人民法院', '辽0603'],
  ['辽阳市白塔区人民法院', '辽1002'],
] as const;

const ARBITRATION_COMMISSION = '本溪仲裁委员会';

// ---------------------------------------------------------------- dates


/** The window random entries are published in: fixed, so the sample never depends on today. */
export const PUBLISHED_FROM = '2024-12-01';
export const PUBLISHED_TO = '2026-10-31';

function randomDay(rng: Random, from: string, to: string): string {
  return isoOfDay(rng.int(dayNumber(from), dayNumber(to)));
}

/** A birth date at which the person is exactly `age` on `publishedOn`. */
function birthDateFor(rng: Random, age: number, publishedOn: string): string {
  // The last possible birthday: the same day `age` years earlier (29 Feb has no such day in other years).
  const sameDay = `${Number(publishedOn.slice(0, 4)) - age}${publishedOn.slice(4)}`;
  const latest = dayNumber(publishedOn.endsWith('02-29') ? addYears(publishedOn, -age) : sameDay);
  for (;;) {
    const birth = isoOfDay(latest - rng.int(0, 364));
    if (ageOn(birth, publishedOn) === age) return birth;
  }
}

// ---------------------------------------------------------------- names

// Approximate national frequencies (per mille), nudged towards the north-east (于, 姜, 孙, 关, 佟 …).
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 55], ['陈', 40], ['杨', 30], ['赵', 28], ['孙', 22], ['黄', 15], ['周', 18],
  ['吴', 17], ['徐', 15], ['马', 14], ['朱', 12], ['胡', 12], ['郭', 12], ['何', 10], ['高', 14], ['林', 9], ['罗', 7],
  ['郑', 8], ['梁', 8], ['谢', 6], ['宋', 9], ['唐', 6], ['许', 7], ['韩', 9], ['冯', 7], ['邓', 5], ['曹', 7],
  ['彭', 4], ['曾', 3], ['肖', 5], ['田', 6], ['董', 7], ['袁', 4], ['潘', 4], ['于', 14], ['蒋', 4], ['蔡', 3],
  ['余', 3], ['杜', 5], ['叶', 3], ['程', 4], ['苏', 5], ['魏', 6], ['吕', 5], ['丁', 5], ['任', 5], ['沈', 4],
  ['姚', 4], ['卢', 4], ['姜', 10], ['崔', 7], ['钟', 2], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 4], ['金', 5],
  ['石', 4], ['廖', 2], ['贾', 4], ['夏', 3], ['付', 5], ['方', 3], ['白', 4], ['邹', 3], ['孟', 5], ['秦', 3],
  ['邱', 3], ['尹', 4], ['薛', 3], ['闫', 5], ['段', 3], ['侯', 4], ['史', 3], ['郝', 4], ['毛', 2], ['邵', 3],
  ['关', 6], ['佟', 4], ['那', 2], ['富', 1], ['鞠', 2], ['隋', 2], ['栾', 2], ['宫', 2], ['初', 1], ['战', 1],
  // Polyphonic surnames (单 shàn, 解 xiè, 仇 qiú, 区 ōu): search and sorting must not read them as common words.
  ['单', 2], ['解', 1], ['仇', 1], ['区', 0.5],
];
export const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '皇甫', '慕容', '东方', '令狐', '司徒', '尉迟', '公孙', '夏侯', '宇文', '长孙'] as const;

const GIVEN_MALE = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳海峰东成志立新庆福宝春生文武国金忠德永顺广利喜'.split('');
const GIVEN_FEMALE = '芳娜敏静丽艳娟霞秀英婷雪颖琳晶红梅丹萍玲燕慧倩莉兰凤云桂珍淑华琴月洁美玉荣春佳欣怡悦璐'.split('');
const CLASSIC_MALE = ['建国', '建军', '国庆', '志强', '海涛', '永刚', '春生', '德胜', '宝山', '振国', '文革', '卫东', '长海', '铁军'];
const CLASSIC_FEMALE = ['秀英', '桂兰', '玉兰', '淑芬', '淑珍', '凤霞', '秀兰', '丽华', '春梅', '玉梅', '晓燕', '海燕', '雅琴'];
/** Less common characters (all in GBK): they test fonts, search and the GBK path. */
const RARE = '堃喆犇淼焱垚玥祎翀赟燚彧旻昇珺琇'.split('');

/** Uyghur-style names (own name · father's name) joined with U+00B7 MIDDLE DOT, as ID cards print them. */
const DOT_GIVEN: Record<'男' | '女', readonly string[]> = {
  男: ['艾力', '买买提', '热合曼', '努尔兰', '阿卜杜拉', '吐尔洪', '艾山', '亚森'],
  女: ['古丽米拉', '迪丽娜尔', '帕提古丽', '阿依努尔', '热依拉', '米热古丽'],
};
const DOT_FATHER = ['托合提', '吐尔逊', '艾山', '哈斯木', '卡德尔', '阿不都', '吾斯曼', '热西提', '玉素甫'];

function givenName(rng: Random, gender: '男' | '女'): string {
  const pool = gender === '男' ? GIVEN_MALE : GIVEN_FEMALE;
  if (rng.chance(0.08)) return rng.pick(gender === '男' ? CLASSIC_MALE : CLASSIC_FEMALE);
  let name = rng.chance(0.3) ? rng.pick(pool) : rng.pick(pool) + rng.pick(pool);
  if (rng.chance(0.025)) name = name.slice(0, -1) + rng.pick(RARE);
  return name;
}

function rawPersonName(rng: Random, gender: '男' | '女'): string {
  if (rng.chance(0.006)) return `${rng.pick(DOT_GIVEN[gender])}·${rng.pick(DOT_FATHER)}`;
  const surname = rng.chance(0.03) ? rng.pick(COMPOUND_SURNAMES) : rng.weighted(SURNAMES);
  return surname + givenName(rng, gender);
}

// ---------------------------------------------------------------- organisations

export const TRADE_NAMES = [
  '鑫源', '恒通', '隆盛', '金桥', '华泰', '永兴', '瑞丰', '兴业', '鼎盛', '广源', '天成', '顺达', '德润', '泰和', '正阳',
  '辽东', '太子河', '关门山', '龙腾', '聚丰', '润泽', '安泰', '宝隆', '长青', '东晟', '嘉禾', '福源', '瑞祥', '祥和', '盛源',
  '铭远', '弘毅', '北辰', '汇通', '众鑫', '金鼎', '丰泽', '佳和', '诚信', '腾飞',
];
const CITY_INDUSTRIES = ['建筑工程', '商贸', '房地产开发', '物流', '餐饮管理', '机械制造', '钢材销售', '装饰工程', '物业管理', '汽车销售', '食品', '建材', '供热', '矿山机械'];
const CITY_DISTRICTS = [['平山区', '210502'], ['溪湖区', '210503'], ['明山区', '210504'], ['南芬区', '210505']] as const;

interface OrgDraft { name: string; region: string; type: '1' | '2' | '3' }

// Two-character trade names built from common auspicious characters, so large benchmark sets
// still find unused company names (the curated list alone has room for about 2,000).
const TRADE_FIRST = '鑫恒隆金华泰永瑞兴鼎广天顺德正龙聚润安宝长东嘉福祥盛铭弘北汇众丰佳诚腾'.split('');
const TRADE_SECOND = '源通盛桥泰兴丰业成达和润昌利信远航宇阳隆发茂晟鸿森海峰辉煌祥瑞'.split('');

/**
 * `crowded`: the usual names are taken (a list of a million entries has a quarter of a million
 * firms; the names above have room for about 50,000), so the trade name takes a third
 * character. Only after many tries, so that smaller sets, the bundled sample among them, are
 * generated exactly as before.
 */
function orgDraft(rng: Random, crowded = false): OrgDraft {
  const trade = crowded ? rng.pick(TRADE_FIRST) + rng.pick(TRADE_SECOND) + rng.pick(TRADE_SECOND) : rng.chance(0.7) ? rng.pick(TRADE_NAMES) : rng.pick(TRADE_FIRST) + rng.pick(TRADE_SECOND);
  const cityRegion = () => rng.pick(['210500', '210502', '210503', '210504', '210505']);
  return rng.weighted<() => OrgDraft>([
    [() => ({ name: `本溪市${trade}${rng.pick(CITY_INDUSTRIES)}有限公司`, region: cityRegion(), type: '1' }), 45],
    [() => ({ name: `桓仁满族自治县${trade}${rng.pick(['商贸', '冰酒酿造', '旅游开发', '农业开发', '木业'])}有限公司`, region: '210522', type: '1' }), 14],
    [() => ({ name: `本溪满族自治县${trade}${rng.pick(['商贸', '中药材', '石材', '旅游开发', '建筑工程'])}有限公司`, region: '210521', type: '1' }), 10],
    [() => { const [place, region] = rng.pick([['本溪', '210500'], ['南芬', '210505'], ['桓仁', '210522']] as const); return { name: `${place}${trade}矿业有限责任公司`, region, type: '1' }; }, 9],
    [() => ({ name: `本溪${trade}建设集团有限公司`, region: '210500', type: '1' }), 4],
    // 个体工商户 (registration type 2) and 农民专业合作社 (type 3) are listed as organisations too.
    [() => { const [d, region] = rng.pick(CITY_DISTRICTS); return { name: `本溪市${d}${trade}${rng.pick(['饭店', '超市', '汽车修理部', '建材商店'])}`, region, type: '2' }; }, 12],
    [() => ({ name: `桓仁满族自治县${trade}${rng.pick(['山参', '蓝莓', '林蛙', '食用菌'])}专业合作社`, region: '210522', type: '3' }), 6],
  ])();
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 11714 check character of the 8-character organisation code body (positions 9–16 of a credit code). */
function orgCodeCheck(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body[i]!, 36) * weights[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** 9 (market regulator) + type + Benxi region + organisation code + check (GB 32100). */
function creditCode(rng: Random, region: string, type: string): string {
  // Codes issued since 2015 start MA…; older firms keep their 8-digit organisation code.
  const body = rng.chance(0.6)
    ? 'MA' + Array.from({ length: 6 }, () => rng.pick(CODE_ALPHABET.split(''))).join('')
    : String(rng.int(10_000_000, 79_999_999));
  const first17 = `9${type}${region}${body}${orgCodeCheck(body)}`;
  return first17 + creditCodeCheckCharacter(first17);
}

// ---------------------------------------------------------------- money and obligations

function money(amount: number): string {
  return Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
}

/** 案件受理费 by the tiers of 诉讼费用交纳办法 Art. 13, halved for summary procedure. */
function courtFee(amount: number, halved: boolean): number {
  const tiers = [[10_000, 0], [100_000, 0.025], [200_000, 0.02], [500_000, 0.015], [1_000_000, 0.01], [2_000_000, 0.009], [5_000_000, 0.008], [10_000_000, 0.007], [Infinity, 0.006]] as const;
  let fee = 50;
  let lower = 10_000;
  for (const [upper, rate] of tiers.slice(1)) {
    if (amount <= lower) break;
    fee += (Math.min(amount, upper) - lower) * rate;
    lower = upper;
  }
  fee = halved ? fee / 2 : fee;
  return Math.round(fee * 100) / 100;
}

/** Log-uniform, so small debts are common and large ones rare; rounded like real claims. */
function amountBetween(rng: Random, min: number, max: number): number {
  const raw = Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min)));
  if (rng.chance(0.2)) return Math.round(raw * 100) / 100;
  return Math.round(raw / 100) * 100;
}

type BasisKind = 'judgment' | 'appeal' | 'confirmation' | 'arbitration' | 'elsewhere';

interface Obligation { obligation: string; amount: number }

function obligationFor(rng: Random, kind: 'person' | 'org', basis: BasisKind, filedOn: string): Obligation {
  const amount = kind === 'person' ? amountBetween(rng, 3_000, 800_000) : amountBetween(rng, 20_000, 8_000_000);
  const fee = money(courtFee(amount, rng.chance(0.5)));
  const a = money(amount);
  const since = randomDay(rng, addDays(filedOn, -900), addDays(filedOn, -200));
  const lpr = `（以${a}元为基数，自${since.replace(/-0?/, '年').replace(/-0?/, '月')}日起按全国银行间同业拆借中心公布的一年期贷款市场报价利率计算至实际给付之日止）`;
  if (basis === 'arbitration') {
    return { amount, obligation: `被申请人于本裁决书送达之日起十日内向申请人支付${rng.pick(['工程款', '货款', '租金', '借款'])}人民币${a}元及违约金，并承担仲裁费${fee}元。` };
  }
  if (basis === 'confirmation') {
    return { amount, obligation: `双方自愿达成调解协议并经人民法院确认有效：被申请人分${rng.int(3, 12)}期偿还申请人欠款人民币${a}元，如有一期未按时足额履行，申请人可就全部剩余款项申请强制执行。` };
  }
  const templates: readonly (readonly [() => string, number])[] = kind === 'person'
    ? [
        [() => `被告于本判决发生法律效力之日起十日内偿还原告借款本金人民币${a}元及利息${lpr}；案件受理费${fee}元由被告负担。`, 30],
        [() => `被告于本判决生效之日起十日内给付原告货款人民币${a}元及逾期付款损失；案件受理费${fee}元由被告负担。`, 15],
        [() => `被告赔偿原告医疗费、误工费、护理费等各项损失共计人民币${a}元，于本判决生效后十日内付清；案件受理费${fee}元由被告负担。`, 10],
        [() => `被告于本判决生效之日起十日内偿还原告信用卡透支本金人民币${a}元及相应利息、违约金；案件受理费${fee}元由被告负担。`, 10],
        [() => `被告于本判决生效之日起十日内给付原告房屋租金人民币${a}元，并将承租房屋腾空返还原告；案件受理费${fee}元由被告负担。`, 8],
        [() => `被告于本判决生效后十日内给付原告劳务费人民币${a}元；案件受理费${fee}元由被告负担。`, 8],
        [() => `被告自本判决生效之月起每月给付婚生子抚养费人民币${rng.pick([600, 800, 1000, 1200, 1500])}元至其年满十八周岁止，并于本判决生效后十日内一次性给付拖欠的抚养费人民币${a}元。`, 4],
      ]
    : [
        [() => `被告于本判决生效之日起十日内给付原告工程款人民币${a}元及逾期付款利息${lpr}；案件受理费${fee}元由被告负担。`, 25],
        [() => `被告于本判决生效之日起十日内给付原告货款人民币${a}元及违约金；案件受理费${fee}元由被告负担。`, 25],
        [() => `被告于本判决生效后十日内给付原告劳动报酬人民币${a}元及经济补偿金人民币${money(amountBetween(rng, 3_000, 60_000))}元；案件受理费10元由被告负担。`, 15],
        [() => `被告于本判决生效之日起十日内偿还原告借款本金人民币${a}元及利息、罚息、复利（计算至实际清偿之日止），原告对抵押财产折价或者拍卖、变卖所得价款享有优先受偿权；案件受理费${fee}元由被告负担。`, 10],
        [() => `被告于本判决生效之日起十日内给付原告设备租赁费人民币${a}元，并返还租赁设备；案件受理费${fee}元由被告负担。`, 10],
        [() => `被告于本判决生效之日起十日内支付原告违约金人民币${a}元；案件受理费${fee}元由被告负担。`, 8],
      ];
  return { amount, obligation: rng.weighted(templates)() };
}

// ---------------------------------------------------------------- one entry

/** Unique keys across one generated set, so no two records share an ID number, case or company. */
interface Registry {
  idNumbers: Set<string>;
  caseNumbers: Set<string>;
  creditCodes: Set<string>;
  orgNames: Set<string>;
  /** Full names the fixtures own: random names never equal or contain them, so search tests count exactly. */
  reservedNames: readonly string[];
  /** Upper bound of case serial numbers at a district court; raised for large benchmark sets. */
  serialMax: number;
}

function personName(rng: Random, gender: '男' | '女', registry: Registry): string {
  for (;;) {
    const name = rawPersonName(rng, gender);
    if (!registry.reservedNames.some((r) => name.includes(r))) return name;
  }
}

function idNumber(rng: Random, area: string, birth: string, gender: '男' | '女', registry: Registry): string {
  for (;;) {
    // Digits 15–16 are a sequence; digit 17 is odd for men, even for women.
    const sequence = String(rng.int(0, 99)).padStart(2, '0') + String(rng.int(0, 4) * 2 + (gender === '男' ? 1 : 0));
    const first17 = area + birth.replaceAll('-', '') + sequence;
    const id = first17 + idCheckCharacter(first17);
    if (!registry.idNumbers.has(id)) {
      registry.idNumbers.add(id);
      return id;
    }
  }
}

function caseNumber(rng: Random, court: Court, filedOn: string, registry: Registry): string {
  for (;;) {
    const resumed = rng.chance(0.08); // 执恢: enforcement resumed after an earlier termination.
    const max = court === INTERMEDIATE ? Math.ceil(registry.serialMax / 5) : registry.serialMax;
    const serial = rng.int(1, resumed ? Math.ceil(max / 10) : max);
    const number = `(${filedOn.slice(0, 4)})${court.code}执${resumed ? '恢' : ''}${serial}号`;
    if (!registry.caseNumbers.has(number)) {
      registry.caseNumbers.add(number);
      return number;
    }
  }
}

function basisFor(rng: Random, court: Court, filedOn: string): { kind: BasisKind; docNumber: string; issuer: string } {
  const filedYear = Number(filedOn.slice(0, 4));
  const year = filedOn.slice(5) < '04-01' ? filedYear - 1 : filedYear - rng.int(0, 1);
  const serial = rng.int(1, 6000);
  const kind = rng.weighted<BasisKind>([['judgment', 62], ['appeal', 12], ['confirmation', 8], ['arbitration', 10], ['elsewhere', 8]]);
  switch (kind) {
    case 'judgment': return { kind, docNumber: `(${year})${court.code}民初${serial}号`, issuer: court.name };
    case 'appeal': return { kind, docNumber: `(${year})辽05民终${rng.int(1, 2500)}号`, issuer: INTERMEDIATE.name };
    case 'confirmation': return { kind, docNumber: `(${year})${court.code}民特${rng.int(1, 400)}号`, issuer: court.name };
    case 'arbitration': return { kind, docNumber: `(${year})本仲字第${rng.int(1, 600)}号`, issuer: ARBITRATION_COMMISSION };
    case 'elsewhere': {
      const [issuer, code] = rng.pick(OTHER_COURTS);
      return { kind, docNumber: `(${year})${code}民初${serial}号`, issuer };
    }
  }
}

const BEHAVIOUR_MIX: readonly (readonly [number[], number])[] = [
  [[1], 68], [[1, 4], 7], [[1, 5], 5], [[4], 4], [[5], 3], [[3], 3], [[1, 3], 2], [[6], 3], [[2], 2], [[1, 2], 1], [[1, 4, 5], 2],
];
const AGE_BANDS: readonly (readonly [[number, number], number])[] = [
  [[18, 25], 5], [[26, 35], 25], [[36, 45], 30], [[46, 55], 25], [[56, 65], 12], [[66, 75], 3],
];

export interface EntryOverrides {
  id: string;
  kind?: 'person' | 'org';
  name?: string;
  gender?: '男' | '女';
  age?: number;
  /** Age the ID number's birth date implies, when it should differ from `age` (the minor-by-ID fixture). */
  ageInIdNumber?: number;
  court?: Court;
  publishedOn?: string;
  behaviours?: number[];
  listingEndsOn?: string;
  disclose?: boolean;
  performance?: '全部未履行' | '部分未履行';
  legalRepresentative?: string;
}

function makeEntry(rng: Random, registry: Registry, o: EntryOverrides): RawEntry {
  const kind = o.kind ?? (rng.chance(0.15) ? 'org' : 'person');
  const court = o.court ?? rng.weighted(COURT_WEIGHTS);
  const publishedOn = o.publishedOn ?? randomDay(rng, PUBLISHED_FROM, PUBLISHED_TO);
  const filedOn = addDays(publishedOn, -rng.int(25, 420));
  const basis = basisFor(rng, court, filedOn);
  const { obligation, amount } = obligationFor(rng, kind, basis.kind, filedOn);
  const behaviours = o.behaviours ?? [...rng.weighted(BEHAVIOUR_MIX)];
  // 若干规定 Art. 2: serious or multiple behaviours may extend the two years by one to three.
  const extended = behaviours.some((b) => b !== 1) && (behaviours.length > 1 || behaviours.includes(2)) && rng.chance(0.35);
  const performance = o.performance ?? (rng.chance(0.8) ? '全部未履行' : '部分未履行');
  let performedPart: string | undefined;
  let unperformedPart: string | undefined;
  if (performance === '部分未履行') {
    const paid = Math.max(100, Math.round((amount * (0.05 + rng.next() * 0.55)) / 100) * 100);
    performedPart = `已履行人民币${paid}元`;
    unperformedPart = `尚欠人民币${money(Math.round((amount - paid) * 100) / 100)}元及相应利息、案件受理费`;
  }
  const common = {
    id: o.id,
    court: court.name,
    district: court.district,
    province: '辽宁',
    caseNumber: caseNumber(rng, court, filedOn, registry),
    filedOn,
    basisDocNumber: basis.docNumber,
    basisIssuer: basis.issuer,
    obligation,
    performance,
    performedPart,
    unperformedPart,
    behaviours,
    publishedOn,
    listingEndsOn: o.listingEndsOn ?? (extended ? addYears(publishedOn, 2 + rng.int(1, 3)) : undefined),
    // Mostly left out (the schema defaults to true); sometimes stated, as some exports do.
    disclose: o.disclose ?? (rng.chance(0.03) ? true : undefined),
  };
  if (kind === 'org') {
    let draft: OrgDraft;
    if (o.name) draft = { name: o.name, region: court.area ?? '210502', type: '1' };
    else {
      let tries = 0;
      do {
        if (++tries > 10_000) throw new Error('ran out of unused company names');
        draft = orgDraft(rng, tries > 100);
      } while (registry.orgNames.has(draft.name) || registry.reservedNames.some((r) => draft.name.includes(r)));
    }
    const name = draft.name;
    registry.orgNames.add(name);
    let code: string;
    do code = creditCode(rng, draft.region, draft.type);
    while (registry.creditCodes.has(code));
    registry.creditCodes.add(code);
    const legalRepresentative = o.legalRepresentative ?? personName(rng, rng.chance(0.8) ? '男' : '女', registry);
    return ordered({ kind, name, creditCode: code, legalRepresentative, ...common });
  }
  const gender = o.gender ?? (rng.chance(0.68) ? '男' : '女');
  const age = o.age ?? rng.int(...rng.weighted(AGE_BANDS));
  const name = o.name ?? personName(rng, gender, registry);
  // Most people were born where the court sits; some moved in from elsewhere in Benxi.
  const area = court.area && rng.chance(0.7) ? court.area : rng.pick(BENXI_AREAS);
  const birth = birthDateFor(rng, o.ageInIdNumber ?? age, publishedOn);
  return ordered({ kind, name, gender, age, idNumber: idNumber(rng, area, birth, gender, registry), ...common });
}

// ---------------------------------------------------------------- fixtures

/**
 * Records the tests rely on, with fixed ids. They do not depend on the seed.
 *  - minor: age 16 — 若干规定 Art. 4, never published.
 *  - minorByIdNumber: age column says 18, the ID's birth date says 17 — withheld all the same.
 *  - undisclosed: `disclose: false` (依法不宜公开) — never published.
 *  - masked: taken off view by a 屏蔽 decision (FIXTURE_DECISION_IDS.masked, obligations performed).
 *  - revoked: taken off by a 撤销 decision (ground: wrongful listing).
 *  - expired: behaviour 2, published 2024-11-15, no listingEndsOn → listed until 2026-11-15,
 *    so expired on a 2026-11-26 build.
 *  - endsOn20261231: explicit listingEndsOn 2026-12-31 — listed on 2026-11-26, expired in 2027.
 *  - org: 本溪市宏达建筑工程有限公司 at the intermediate court (district 市辖区).
 *  - middleDot / nonBmp / compoundSurname: 阿依古丽·买买提, 陈𠮷祥 (U+20BB7; only in UTF-8 files), 诸葛文静.
 *  - namesakes and names inside names: 张伟 ×3 (ages 35/42/58, three courts), 张伟明, 张明,
 *    李四 / 李四光, 李娜, 王芳 ×2. Random names never equal or contain any fixture name.
 *  - polyphonic surnames: 单丽 (shàn), 曾强 (zēng), 解放 (xiè), 仇红梅 (qiú), 区志强 (ōu).
 * Ids name a record's role or are serial numbers, never the person: an id stays public after
 * delisting (the 410 page, _gone.json, the feeds), so an id spelt from a name would keep it there.
 */
export const FIXTURE_IDS = {
  minor: 'fx-minor',
  minorByIdNumber: 'fx-minor-by-id-number',
  undisclosed: 'fx-undisclosed',
  masked: 'fx-masked',
  revoked: 'fx-revoked',
  expired: 'fx-expired',
  endsOn20261231: 'fx-ends-2026-12-31',
  org: 'fx-org',
  middleDot: 'fx-middle-dot',
  nonBmp: 'fx-non-bmp',
  compoundSurname: 'fx-compound-surname',
  zhangWei: ['fx-101', 'fx-102', 'fx-103'],
  zhangWeiming: 'fx-104',
  zhangMing: 'fx-105',
  liSi: 'fx-106',
  liSiguang: 'fx-107',
  liNa: 'fx-108',
  wangFang: ['fx-109', 'fx-110'],
  shanLi: 'fx-111',
  zengQiang: 'fx-112',
  xieFang: 'fx-113',
  qiuHongmei: 'fx-114',
  ouZhiqiang: 'fx-115',
} as const;

export const FIXTURE_DECISION_IDS = { masked: 'dc-fx-masked', revoked: 'dc-fx-revoked' } as const;

/** Rows of the deliberately broken file sample-2026-e-invalid.csv. */
export const INVALID_FILE_IDS = {
  valid: ['fx-e-valid-1', 'fx-e-valid-2', 'fx-e-valid-3'],
  badChecksum: 'fx-e-bad-checksum',
  phoneAndBadDate: 'fx-e-phone-bad-date',
} as const;

const F = FIXTURE_IDS;
const c = (district: string): Court => BENXI_COURTS.find((court) => court.district === district)!;
const FIXTURE_SPECS: readonly EntryOverrides[] = [
  { id: F.minor, name: '孙悦然', gender: '女', age: 16, court: c('溪湖区'), publishedOn: '2025-09-01', behaviours: [1] },
  { id: F.minorByIdNumber, name: '赵子轩', gender: '男', age: 18, ageInIdNumber: 17, court: c('明山区'), publishedOn: '2026-03-02', behaviours: [1] },
  { id: F.undisclosed, name: '何静怡', gender: '女', age: 29, court: c('平山区'), publishedOn: '2025-05-20', behaviours: [1], disclose: false },
  { id: F.masked, name: '刘金山', gender: '男', age: 52, court: c('平山区'), publishedOn: '2025-03-10', behaviours: [1], performance: '全部未履行' },
  { id: F.revoked, name: '周立军', gender: '男', age: 44, court: c('明山区'), publishedOn: '2025-08-01', behaviours: [1] },
  { id: F.expired, name: '马德胜', gender: '男', age: 47, court: c('南芬区'), publishedOn: '2024-11-15', behaviours: [2] },
  { id: F.endsOn20261231, name: '高振华', gender: '男', age: 39, court: c('本溪满族自治县'), publishedOn: '2024-12-31', behaviours: [5], listingEndsOn: '2026-12-31' },
  { id: F.org, kind: 'org', name: '本溪市宏达建筑工程有限公司', legalRepresentative: '韩永利', court: INTERMEDIATE, publishedOn: '2025-11-18', behaviours: [1, 4] },
  { id: F.middleDot, name: '阿依古丽·买买提', gender: '女', age: 33, court: c('溪湖区'), publishedOn: '2025-04-08', behaviours: [1] },
  { id: F.nonBmp, name: '陈𠮷祥', gender: '男', age: 41, court: c('桓仁满族自治县'), publishedOn: '2025-07-15', behaviours: [1] },
  { id: F.compoundSurname, name: '诸葛文静', gender: '女', age: 37, court: c('明山区'), publishedOn: '2026-02-11', behaviours: [1, 5] },
  { id: F.zhangWei[0], name: '张伟', gender: '男', age: 35, court: c('平山区'), publishedOn: '2025-02-14', behaviours: [1] },
  { id: F.zhangWei[1], name: '张伟', gender: '男', age: 42, court: c('明山区'), publishedOn: '2025-10-09', behaviours: [1, 5] },
  { id: F.zhangWei[2], name: '张伟', gender: '男', age: 58, court: c('桓仁满族自治县'), publishedOn: '2026-04-22', behaviours: [4] },
  { id: F.zhangWeiming, name: '张伟明', gender: '男', age: 46, court: c('溪湖区'), publishedOn: '2026-01-19', behaviours: [1] },
  { id: F.zhangMing, name: '张明', gender: '男', age: 31, court: c('本溪满族自治县'), publishedOn: '2025-06-03', behaviours: [1] },
  { id: F.liSi, name: '李四', gender: '男', age: 50, court: c('南芬区'), publishedOn: '2026-05-27', behaviours: [1] },
  { id: F.liSiguang, name: '李四光', gender: '男', age: 63, court: c('平山区'), publishedOn: '2025-12-08', behaviours: [6] },
  { id: F.liNa, name: '李娜', gender: '女', age: 28, court: c('明山区'), publishedOn: '2026-07-14', behaviours: [1] },
  { id: F.wangFang[0], name: '王芳', gender: '女', age: 36, court: c('溪湖区'), publishedOn: '2025-03-25', behaviours: [1] },
  { id: F.wangFang[1], name: '王芳', gender: '女', age: 49, court: c('本溪满族自治县'), publishedOn: '2026-08-19', behaviours: [3] },
  { id: F.shanLi, name: '单丽', gender: '女', age: 45, court: c('桓仁满族自治县'), publishedOn: '2026-09-09', behaviours: [1] },
  { id: F.zengQiang, name: '曾强', gender: '男', age: 38, court: c('平山区'), publishedOn: '2026-06-16', behaviours: [1, 4] },
  { id: F.xieFang, name: '解放', gender: '男', age: 66, court: c('溪湖区'), publishedOn: '2025-01-07', behaviours: [1] },
  { id: F.qiuHongmei, name: '仇红梅', gender: '女', age: 54, court: c('明山区'), publishedOn: '2026-10-13', behaviours: [1] },
  { id: F.ouZhiqiang, name: '区志强', gender: '男', age: 43, court: INTERMEDIATE, publishedOn: '2025-09-23', behaviours: [1] },
];

/** Names no random record may equal or contain (fixture persons, and the fixture company's trade name). */
const RESERVED_NAMES = [...new Set(FIXTURE_SPECS.flatMap((s) => (s.kind === 'org' ? ['宏达'] : [s.name!])))];

function newRegistry(count: number): Registry {
  return {
    idNumbers: new Set(),
    caseNumbers: new Set(),
    creditCodes: new Set(),
    orgNames: new Set(),
    reservedNames: RESERVED_NAMES,
    // About two cases per serial slot per court-year keeps retries rare even for 100,000 records.
    serialMax: Math.max(9999, Math.ceil(count / 4)),
  };
}

function buildFixtures(registry: Registry): RawEntry[] {
  // Each fixture has its own stream, so editing one never changes another.
  return FIXTURE_SPECS.map((spec) => makeEntry(createRandom(`fixture:${spec.id}`), registry, { kind: 'person', ...spec }));
}

/** The fixture records (seed-independent). */
export function fixtureEntries(): RawEntry[] {
  return buildFixtures(newRegistry(0));
}

/** Random records `bx-000001` …; never collides with the fixtures' ID numbers, case numbers or names. */
export function generateEntries({ seed, count, startId = 1 }: { seed: number; count: number; startId?: number }): RawEntry[] {
  const registry = newRegistry(count);
  buildFixtures(registry);
  const rng = createRandom(seed);
  return Array.from({ length: count }, (_, i) => makeEntry(rng, registry, { id: `bx-${String(startId + i).padStart(6, '0')}` }));
}

/** Fixtures followed by random records: `total` records in all. */
export function sampleEntries({ seed, total }: { seed: number; total: number }): RawEntry[] {
  const fixtures = fixtureEntries();
  return [...fixtures, ...generateEntries({ seed, count: Math.max(0, total - fixtures.length) })];
}

// ---------------------------------------------------------------- the invalid file

/**
 * Rows for sample-2026-e-invalid.csv, with string values keyed by field name plus a `phone`
 * column the schema does not know: three valid rows, one with a wrong ID checksum, and one
 * holding a phone number and an impossible date (2026-02-30).
 */
export function invalidFileRows(): Record<string, string>[] {
  const registry = newRegistry(0);
  buildFixtures(registry);
  const make = (id: string, publishedOn: string) =>
    makeEntry(createRandom(`invalid:${id}`), registry, { id, kind: 'person', publishedOn, behaviours: [1] }) as RawPerson;
  const rows = [
    ...INVALID_FILE_IDS.valid.map((id, i) => ({ ...make(id, `2026-0${i + 3}-1${i}`), phone: '' })),
    { ...make(INVALID_FILE_IDS.badChecksum, '2026-05-06'), phone: '' },
    { ...make(INVALID_FILE_IDS.phoneAndBadDate, '2026-05-07'), phone: '13800000000' },
  ];
  const bad = rows[3]!;
  // The last digit changed: still 18 digits, but the ISO 7064 check no longer holds.
  bad.idNumber = bad.idNumber.slice(0, 17) + (bad.idNumber[17] === '1' ? '2' : '1');
  rows[4]!.filedOn = '2026-02-30';
  return rows.map((row) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(row)) out[key] = Array.isArray(value) ? value.join(';') : String(value);
    return out;
  });
}

// ---------------------------------------------------------------- decisions

/**
 * Five decisions: the two fixtures (屏蔽 of `fx-masked` after performance, 撤销 of `fx-revoked`
 * as wrongly listed) and three on random entries picked by the seed.
 */
export function generateDecisions(seed: number, entries: readonly RawEntry[]): RawDecision[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const masked = byId.get(FIXTURE_IDS.masked) ?? fixtureEntries().find((e) => e.id === FIXTURE_IDS.masked)!;
  const revoked = byId.get(FIXTURE_IDS.revoked) ?? fixtureEntries().find((e) => e.id === FIXTURE_IDS.revoked)!;
  const decisions: RawDecision[] = [
    { id: FIXTURE_DECISION_IDS.masked, entryId: masked.id, type: '屏蔽', decidedOn: '2026-05-20', court: masked.court, docNumber: masked.caseNumber.replace('号', '号之一'), reason: 'performed' },
    { id: FIXTURE_DECISION_IDS.revoked, entryId: revoked.id, type: '撤销', decidedOn: '2025-09-12', court: revoked.court, docNumber: `(2025)${courtNamed(revoked.court).code}执异12号`, reason: 'wrongful' },
  ];
  const rng = createRandom(seed).fork('decisions');
  const candidates = entries.filter((e) => e.id.startsWith('bx-') && e.publishedOn <= '2026-08-31' && e.disclose !== false);
  const grounds: [DecisionType, DelistingGround][] = [['屏蔽', 'settlement'], ['删除', 'creditorApplication'], ['删除', 'terminated']];
  const chosen = rng.shuffle(candidates).slice(0, grounds.length);
  chosen.forEach((entry, i) => {
    const [type, reason] = grounds[i]!;
    if (!(DELISTING_GROUNDS[reason].types as readonly DecisionType[]).includes(type)) throw new Error(`${type} does not fit ${reason}`);
    const decidedOn = [addDays(entry.publishedOn, rng.int(20, 200)), '2026-10-31'].sort()[0]!;
    decisions.push({ id: `dc-${decidedOn.slice(0, 4)}-${String(i + 1).padStart(3, '0')}`, entryId: entry.id, type, decidedOn, court: entry.court, docNumber: entry.caseNumber.replace('号', '号之一'), reason });
  });
  return decisions;
}
