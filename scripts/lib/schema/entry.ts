// One listed party in one enforcement case: the record a court hands us (若干规定 Art. 6).
// Parsing drops the full ID number at once; nothing downstream can see it.
import { z } from 'zod';
import { BEHAVIOUR_CODES, behaviourCodeOf, type BehaviourCode } from '../shared/rules/behaviours.ts';
import { creditCodeProblem, normaliseCreditCode } from '../shared/rules/credit-code.ts';
import { birthDateOf, idNumberProblem, maskIdNumber, MASKED_ID_PATTERN, normaliseIdNumber } from '../shared/rules/id-number.ts';
import { canonicalCaseNumber, displayCaseNumber, parseCaseNumber } from '../shared/rules/case-number.ts';
import { listingEndsOn } from '../rules/listing-period.ts';
import { pinyinJoined } from '../pinyin.ts';
import { boundedText, foldWidth, idField, isoDate, MAX_LENGTH, optionalBoundedText, optionalIsoDate, splitList, text, blankToUndefined, yesNo } from './fields.ts';

/** The Chinese label an operator knows each field by (the national site's wording where it has one). */
export const ENTRY_LABELS = {
  id: '记录编号',
  kind: '被执行人类型',
  name: '被执行人姓名/名称',
  gender: '性别',
  age: '年龄',
  idNumber: '身份证号码',
  idNumberMasked: '身份证号码（已脱敏）',
  creditCode: '统一社会信用代码',
  legalRepresentative: '法定代表人或者负责人姓名',
  court: '执行法院',
  district: '区县',
  province: '省份',
  caseNumber: '案号',
  filedOn: '立案时间',
  basisDocNumber: '执行依据文号',
  basisIssuer: '做出执行依据单位',
  obligation: '生效法律文书确定的义务',
  performance: '被执行人的履行情况',
  performedPart: '已履行部分',
  unperformedPart: '未履行部分',
  behaviours: '失信被执行人行为具体情形',
  publishedOn: '发布时间',
  listingEndsOn: '失信期限届满日',
  disclose: '是否公开',
} as const;

export type EntryField = keyof typeof ENTRY_LABELS;

const KIND_WORDS: Record<string, 'person' | 'org'> = {
  person: 'person', 自然人: 'person', 个人: 'person',
  org: 'org', 法人: 'org', 单位: 'org', 法人或其他组织: 'org', 组织: 'org',
};

export const entryInputSchema = z
  .object({
    /**
     * Stable, unique record id given by the court system; the entry's permalink. ≤ 64 characters,
     * after NFKC and removing zero-width characters (normaliseId); compare ids with idKey.
     */
    id: idField(),
    /** person = 自然人, org = 法人或其他组织 (若干规定 Art. 6 distinguishes their fields). */
    kind: z.preprocess((v) => (typeof v === 'string' ? (KIND_WORDS[v.trim()] ?? v) : v), z.enum(['person', 'org'], { error: '应为 person（自然人）或 org（法人或其他组织）' })),
    /** Name as on the enforcement documents (若干规定 Art. 6). ≤ 100 characters, one line. */
    name: boundedText(MAX_LENGTH.name).transform((v) => v.normalize('NFC')),
    /** Person only: 男 or 女 (若干规定 Art. 6). */
    gender: z.preprocess(blankToUndefined, z.enum(['男', '女'], { error: '应为 男 或 女' }).optional()),
    /** Person only: age at publication (若干规定 Art. 6). Under 18 is never published (Art. 4). */
    age: z.preprocess((v) => (typeof v === 'string' ? foldWidth(v).trim() || undefined : blankToUndefined(v)), z.coerce.number({ error: '应为整数' }).int('应为整数').min(0, '不能为负数').max(130, '超出合理范围').optional()),
    /** Person only: the full 18-digit number; masked by the pipeline and never written anywhere. */
    idNumber: z.preprocess((v) => (typeof blankToUndefined(v) === 'string' ? normaliseIdNumber(v as string) : blankToUndefined(v)), z.string().optional()),
    /** Person only: an already masked number, `3423011964****3224`, when the court sends no full one. */
    idNumberMasked: z.preprocess((v) => (typeof blankToUndefined(v) === 'string' ? normaliseIdNumber(v as string) : blankToUndefined(v)), z.string().regex(MASKED_ID_PATTERN, '应为 10 位数字 + **** + 4 位，如 3423011964****3224').optional()),
    /** Organisation only: 统一社会信用代码, published in full (若干规定 Art. 6). */
    creditCode: z.preprocess((v) => (typeof blankToUndefined(v) === 'string' ? normaliseCreditCode(v as string) : blankToUndefined(v)), z.string().optional()),
    /** Organisation only: 法定代表人或者负责人姓名 (若干规定 Art. 6). ≤ 100 characters. */
    legalRepresentative: optionalBoundedText(MAX_LENGTH.name),
    /** 执行法院: the court that enforces the case and made the listing decision. ≤ 200 characters, as every one-line text below. */
    court: text,
    /** District (区县) of the enforcing court, for filtering. */
    district: text,
    /** Province (省份), for filtering; the national site shows it. */
    province: text,
    /** 执行案号, stored canonically and shown as (2018)辽0502执123号. ≤ 64 characters. */
    caseNumber: boundedText(MAX_LENGTH.id).transform((value, ctx) => {
      const parts = parseCaseNumber(value);
      if (!parts) {
        ctx.addIssue({ code: 'custom', message: `“${value}”不是有效的执行案号，格式如 (2018)辽0502执123号` });
        return z.NEVER;
      }
      return { display: displayCaseNumber(parts), canonical: canonicalCaseNumber(parts) };
    }),
    /** 立案时间: the day enforcement was filed. */
    filedOn: isoDate,
    /** 执行依据文号: the number of the judgment, award or other basis of enforcement. */
    basisDocNumber: text.transform(foldWidth),
    /** 做出执行依据单位: the court or body that issued the basis document. */
    basisIssuer: text,
    /** 生效法律文书确定的义务: what the debtor was ordered to do. Free text, ≤ 2000 characters, may span lines. */
    obligation: boundedText(MAX_LENGTH.freeText, { freeText: true }),
    /** 被执行人的履行情况 (若干规定 Art. 6). */
    performance: z.preprocess(blankToUndefined, z.enum(['全部未履行', '部分未履行'], { error: '应为 全部未履行 或 部分未履行' })),
    /** 已履行部分, where known. Free text, ≤ 2000 characters. */
    performedPart: optionalBoundedText(MAX_LENGTH.freeText, { freeText: true }),
    /** 未履行部分, where known. Free text, ≤ 2000 characters. */
    unperformedPart: optionalBoundedText(MAX_LENGTH.freeText, { freeText: true }),
    /** 失信被执行人行为具体情形: one or more of the six behaviours of 若干规定 Art. 1, by code 1–6 or label. */
    behaviours: z.preprocess(splitList, z.array(z.unknown(), { error: '必填，至少一项失信情形（代码 1–6）' }).min(1, '必填，至少一项失信情形（代码 1–6）')).transform((values, ctx) => {
      const codes = new Set<BehaviourCode>();
      for (const value of values) {
        const code = behaviourCodeOf(value);
        if (code === null) {
          ctx.addIssue({ code: 'custom', message: `“${String(value)}”不是若干规定第一条的失信情形（代码应为 1–6）` });
          return z.NEVER;
        }
        codes.add(code);
      }
      return BEHAVIOUR_CODES.filter((c) => codes.has(c));
    }),
    /** 发布时间: the day the court published the entry. */
    publishedOn: isoDate,
    /** The last day of listing, when the court set one (若干规定 Art. 2); otherwise computed. */
    listingEndsOn: optionalIsoDate,
    /** false = lawfully not to be disclosed (依法不宜公开, source document §二(一)); never published. */
    disclose: z.preprocess(blankToUndefined, yesNo.optional()).transform((v) => v ?? true),
  })
  .superRefine((entry, ctx) => {
    const issue = (path: EntryField, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (entry.kind === 'person') {
      if (idSpellsName(entry.id, entry.name)) issue('id', '记录编号含有被执行人姓名的拼音：编号在移出名单后仍公开（已撤销的页面、变更记录），请改用不含姓名的编号');
      if (!entry.gender) issue('gender', '自然人必须填写性别（男/女）');
      if (entry.age === undefined) issue('age', '自然人必须填写年龄');
      if (entry.creditCode) issue('creditCode', '自然人不应填写统一社会信用代码');
      if (!entry.idNumber && !entry.idNumberMasked) issue('idNumber', '自然人必须填写身份证号码（完整 18 位，或已脱敏的 idNumberMasked）');
      if (entry.idNumber) {
        const problem = idNumberProblem(entry.idNumber);
        if (problem === 'format') issue('idNumber', '应为 18 位：17 位数字加 1 位数字或 X');
        else if (problem === 'birthDate') issue('idNumber', '第 7–14 位不是有效的出生日期');
        else if (problem === 'checksum') issue('idNumber', '校验位不符，请核对号码是否抄错');
      }
    } else {
      if (!entry.creditCode) issue('creditCode', '法人或其他组织必须填写统一社会信用代码');
      else {
        const problem = creditCodeProblem(entry.creditCode);
        if (problem === 'format') issue('creditCode', '应为 18 位统一社会信用代码（不含 I、O、Z、S、V）');
        else if (problem === 'checksum') issue('creditCode', '校验位不符，请核对代码是否抄错');
      }
      if (!entry.legalRepresentative) issue('legalRepresentative', '法人或其他组织必须填写法定代表人或者负责人姓名');
      for (const field of ['gender', 'age', 'idNumber', 'idNumberMasked'] as const) {
        if (entry[field] !== undefined) issue(field, '法人或其他组织不应填写个人身份信息');
      }
    }
    if (entry.listingEndsOn && entry.listingEndsOn < entry.publishedOn) issue('listingEndsOn', '不能早于发布时间');
    if (entry.filedOn > entry.publishedOn) issue('filedOn', '立案时间不能晚于发布时间');
  })
  .transform(({ idNumber, idNumberMasked, caseNumber, listingEndsOn: explicitEnd, ...entry }) => ({
    ...entry,
    caseNumber: caseNumber.display,
    caseNumberCanonical: caseNumber.canonical,
    idNumberMasked: idNumber ? maskIdNumber(idNumber) : idNumberMasked,
    /**
     * The latest birth date the ID number allows, to catch minors the age column missed
     * (若干规定 Art. 4). A masked number keeps the birth year only, so assume its last day.
     * Never published: it is a stand-in for the hidden digits.
     */
    bornOn: idNumber ? birthDateOf(idNumber)! : idNumberMasked ? `${idNumberMasked.slice(6, 10)}-12-31` : undefined,
    listingEndsOn: listingEndsOn(entry.publishedOn, entry.behaviours, explicitEnd),
  }));

/**
 * Whether a record id holds the person's name in pinyin (its syllables run together), or a name
 * in Latin letters as written (`p-john-smith` for John Smith), its letters read across separators
 * and case. No sample name here: this module is bundled into the renderer, which verify reads, and
 * a delisted sample person's name in a comment is a leak it reports. An id outlives the listing: after a delisting it stays public in the 410 page,
 * `_gone.json` and the change feed, so an id made from a name would keep the name public too.
 * Ids of fewer than three letters (court serials such as `bx-000188`) hold none, and are not
 * read further.
 */
export function idSpellsName(id: string, name: string): boolean {
  const letters = lettersOf(id);
  if (letters.length < 3) return false;
  return [pinyinJoined({ kind: 'person', name }), lettersOf(name.normalize('NFKC'))].some((spelt) => spelt.length >= 3 && letters.includes(spelt));
}

const lettersOf = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');

/** A validated entry: masked, canonical, with its listing end computed. No full ID number. */
export type Entry = z.output<typeof entryInputSchema>;
