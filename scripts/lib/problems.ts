// Problems with single records and files, found while reading court data: typed codes with one
// message catalogue, as refusals.ts is for a publication as a whole (and Astro's errors-data.ts
// for Astro). A separate catalogue because a problem has a place (file, line, record, field) and
// a severity, and is printed by report.ts among thousands of others; a refusal has neither.
// Callers and tests branch on the code, never on the wording.
//
// Messages say what is wrong with the record or file; where it is and what to do travel beside
// them (Problem.file/line/field, and Problem.action, worded by its own catalogue, ACTIONS, below).
// They may quote what the court sent (a value, a column name, a parser's complaint): report.ts
// masks ID numbers and escapes control characters in everything it prints, so nothing here masks
// again. Never pass a full ID number on purpose all the same: a Problem is kept in the read cache
// as it is.
//
// What zod says about one field (必填、日期格式…) stays beside the field's rule in schema/, where
// zod produces it; it reaches the operator under the one code FieldInvalid.

import { worded } from './shared/catalogue.ts';

/** Where a row or item of another file is, as a message cites it: `a.json 第 3 条` or `a.csv:4`. */
type Place = string;

/** What each problem says, from what it is given. */
export const PROBLEMS = {
  // A batch file as a whole (ingest/read-table.ts, ingest/read-folder.ts).
  FolderUnreadable: (p: { reason: string }) => `无法读取文件夹：${p.reason}。`,
  Subfolder: () => '这是一个子文件夹：批次文件应直接放在该文件夹中，子文件夹不会被读取。',
  UnsupportedFileType: () => '不支持的文件类型：只接受 .json、.jsonl、.ndjson、.csv（扩展名大小写均可）。该文件未读取。',
  FileTooLarge: (p: { bytes: number; maxBytes: number }) => `文件过大：${(p.bytes / 1024 / 1024).toFixed(1)} MB，超过每个批次文件 ${(p.maxBytes / 1024 / 1024).toFixed(0)} MB 的上限。该文件未读取。请拆分为多个文件后重新提交。`,
  FileUnreadable: (p: { reason: string }) => `无法读取文件：${p.reason}。`,
  EncodingUnknown: () => `编码无法识别：既不是 UTF-8 也不是 GBK/GB18030（文件可能已损坏或被截断）。${UNREADABLE_FILE}`,
  NotUtf8: () => `不是有效的 UTF-8 编码（文件可能已损坏或被截断）。${UNREADABLE_FILE}`,
  CsvUnparseable: (p: { reason: string }) => `CSV 无法解析：${p.reason}。${UNREADABLE_FILE}`,
  CsvEmpty: () => `文件为空，连表头都没有（可能已被截断）。${UNREADABLE_FILE}`,
  CsvHeaderBroken: (p: { reason: string }) => `表头无法解析：${p.reason}。${UNREADABLE_FILE}`,
  JsonLinesEmpty: () => `文件为空（可能已被截断）。${UNREADABLE_FILE}`,
  JsonUnparseable: (p: { reason: string }) => `JSON 无法解析（文件可能不完整或已被截断）：${p.reason}。${UNREADABLE_FILE}`,
  JsonNotArray: () => `JSON 文件应是记录数组 [ {...}, ... ]。${UNREADABLE_FILE}`,
  UnsafeColumns: (p: { duplicates: readonly { field: string; label: string; columns: readonly string[] }[]; privacy: readonly string[] }) => {
    const parts = p.duplicates.map(({ field, label, columns }) => `字段 ${field}（${label}）出现了 ${columns.length} 次：${quoted(columns)}，无法确定以哪一列为准`);
    if (p.privacy.length) parts.push(`未知列 ${quoted(p.privacy)} 看起来与是否公开或个人隐私有关，无法确定含义`);
    const advice = [p.duplicates.length ? '请每个字段只保留一列' : null, p.privacy.length ? '请删除该列，是否公开请填在 disclose（是否公开）列' : null].filter(Boolean).join('；');
    return `列有问题，整个文件未读取：${parts.join('；')}。${advice}；列名见数据约定（content/README.md）。`;
  },
  UnknownEntryColumns: (p: { columns: readonly string[] }) => `未知列：${p.columns.join('、')}。这些列的内容不会发布。`,
  UnknownDecisionColumns: (p: { columns: readonly string[] }) => `未知列：${p.columns.join('、')}，已忽略。`,

  // One row or item of a batch file.
  CsvRowBroken: (p: { reason: string }) => `该行 CSV 格式错误（${p.reason}），无法可靠地拆分为各列。`,
  CsvRowColumnCount: (p: { cells: number; headers: number }) => `该行有 ${p.cells} 列，表头有 ${p.headers} 列，各列可能错位。`,
  JsonLineNotObject: (p: { reason: string }) => `不是有效的 JSON 对象：${p.reason}。该行暂缓发布，其余行照常处理。`,
  JsonItemNotObject: () => '数组元素应是 JSON 对象',
  /** A field that breaks its rule; the reason is zod's, worded beside the rule in schema/. */
  FieldInvalid: (p: { reason: string }) => p.reason,

  // A record against the other records (publish-state.ts).
  DuplicateRecord: (p: { earlier: Place }) => `与 ${p.earlier} 完全相同的重复记录，只发布一次。`,
  DuplicateId: (p: { earlier: Place }) => `记录编号与 ${p.earlier} 重复但内容不同。`,
  DuplicateIdOtherCase: (p: { earlier: Place; earlierId: string }) => `记录编号与 ${p.earlier} 的 ${p.earlierId} 只差字母大小写，视为重复。`,
  DuplicateIdOfInvalid: (p: { earlier: Place }) => `记录编号与 ${p.earlier} 那条未通过校验的记录相同。`,
  SignedForOtherCourt: (p: { signedBy: string; court: string }) => `该批次由“${p.signedBy}”签名，但此记录的执行法院是“${p.court}”。`,
  FullIdNumberInText: (p: { record: string; field: string; fieldLabel: string }) => `${p.record} 的字段 ${p.field}（${p.fieldLabel}）含有完整的身份证号码。`,
  HiddenPartyNamed: (p: { record: string; field: string; fieldLabel: string; hiddenIds: readonly string[] }) => `${p.record} 的字段 ${p.field}（${p.fieldLabel}）提到了不公开的当事人（记录 ${p.hiddenIds.join('、')}）。`,

  // Decisions (publish-state.ts).
  DecisionForUnknownEntry: (p: { entryId: string }) => `名单中没有编号为 ${p.entryId} 的记录。`,
  DecisionInFuture: (p: { decidedOn: string; asOf: string }) => `决定日期 ${p.decidedOn} 晚于本次构建日期 ${p.asOf}。`,
  DuplicateDecisionId: (p: { earlier: Place }) => `决定编号与 ${p.earlier} 重复。`,

  // A batch's signature (batch-signature.ts).
  SignatureUnreadable: (p: { batch: string; signature: string; reason: string }) => `无法读取签名文件 ${p.signature}：${p.reason}。批次文件 ${p.batch} 不予发布。`,
  SignatureMissing: (p: { batch: string; signature: string }) => `批次文件 ${p.batch} 没有签名文件 ${p.signature}，而 site.json 要求批次须经法院签名（requireSignedBatches）。`,
  SignatureMalformed: (p: { batch: string; signature: string }) => `签名文件 ${p.signature} 格式不对：应为 64 字节的 Ed25519 签名（base64 一行，或原始字节）。批次文件 ${p.batch} 不予发布。`,
  SignatureInvalid: (p: { batch: string; sha256: string; courtHasKeys: boolean }) =>
    `批次文件 ${p.batch} 的签名验证失败：${p.courtHasKeys ? '文件在签名后被改动过，或签名所用的密钥不在法院目录（courts.json 的 signingKeys）中' : '法院目录（courts.json）中没有任何法院的签名公钥（signingKeys）'}（文件 SHA-256 ${p.sha256}）。`,

  // The other content files: cases, the measures catalogue, the court directory, site.json.
  CaseWithoutFrontmatter: () => '缺少以 --- 包围的头信息（frontmatter）。',
  CaseFrontmatterNotYaml: (p: { reason: string }) => `头信息不是有效的 YAML：${p.reason}`,
  MeasuresUnreadable: (p: { reason: string }) => `无法读取惩戒措施目录：${p.reason}`,
  MeasuresInvalid: (p: { issues: readonly { path: string; reason: string }[] }) => `惩戒措施目录不符合约定：${p.issues.map((i) => `${i.path}: ${i.reason}`).join('；')}`,
  CourtDirectoryUnreadable: (p: { reason: string }) => `法院目录无法读取或解析：${p.reason}`,
  CourtDirectoryNotObject: () => '应为 { "courts": [ … ] }：一个含 courts 数组的对象。',
  CourtListedTwice: (p: { court: string }) => `法院“${p.court}”重复出现。`,
  CourtNotInDirectory: (p: { court: string }) => `法院目录中没有“${p.court}”，该法院的记录页不显示地址和电话。`,
  SiteInfoUnparseable: (p: { reason: string }) => `site.json 无法解析：${p.reason}`,
} as const;

const UNREADABLE_FILE = '整个文件未读取。';

/**
 * What happens to the record or file and what the operator is to do (Problem.action, printed by
 * report.ts after `→`): one catalogue, as PROBLEMS is for what is wrong, so that the same outcome
 * is worded the same wherever it is found. Never the value at fault: a withheld name is the very
 * personal data being kept back.
 */
export const ACTIONS = {
  // A record, a row, a batch file (ingest/, batch-signature.ts, publish-state.ts).
  Withheld: () => '该记录暂缓公开，其余记录照常发布。请核对原始文书后修正并重新提交。',
  EntriesFileNotRead: () => '该文件的记录都暂缓公开，其余文件照常处理。请修正文件后重新提交。',
  DecisionsFileNotRead: () => '构建已停止，在线站点保持不变（无法确定该文件撤下了哪些记录）。请修正或移走该文件后重新构建。',
  DecisionRowStillChecked: () => '该行仍按已读出的内容校验：所指记录暂缓公开或按决定撤下。请修正该行后重新提交。',
  UnknownColumnsNotPublished: () => '若这些列含个人信息，请勿在批次中提交；若是新的字段，请先更新数据约定（content/README.md）。',
  BothDuplicatesWithheld: () => '两条记录都暂缓公开；请法院确认正确的记录后重新提交。',
  SignedByOtherCourtWithheld: () => '该记录不予发布（暂缓公开）。请由执行法院用本院密钥签名其自己的批次后重新提交。',
  BatchNotSigned: () => '该文件的记录都不予发布（暂缓公开），其余文件照常处理；撤下记录的决定照常执行。请法院用本院私钥重新签名（npm run sign-batch -- 文件 --key 私钥文件），将批次文件与签名文件一并重新提交。',
  // What a record or case says of others (hidden-parties.ts mentions).
  FullIdNumberToRemove: (p: { kind: 'entry' | 'case' }) => `${heldBack(p.kind)}；完整号码任何时候都不得公开，请删去或改为脱敏号码（如 2105021985****2715）后重新提交。`,
  HiddenPartyToRemove: (p: { kind: 'entry' | 'case' }) => `${heldBack(p.kind)}；请删去其中不公开当事人的姓名、证件号码或信用代码后重新提交。`,

  // Decisions.
  InvalidDecisionWithholds: (p: { entryId: string }) => `该决定未通过校验，但所指记录 ${p.entryId} 仍暂缓公开（撤下总是安全的）。请修正决定后重新提交。`,
  InvalidDecisionVoid: () => '该决定未生效，请修正后重新提交。',
  DecisionForUnknownEntryVoid: () => '请核对记录编号；该决定暂不生效。',
  DecisionAwaitsItsDate: () => '所指记录已暂缓公开，待决定日期到来后按决定公告。',
  DuplicateDecisionIdWithholds: (p: { entryId: string }) => `所指记录 ${p.entryId} 暂缓公开；请核对决定编号后重新提交。`,

  // The other content files.
  CaseWithheld: () => '该案例暂缓发布。',
  CaseWithheldFixFrontmatter: () => '该案例暂缓发布；请修正头信息。',
  RegenerateMeasures: () => '运行 node scripts/extract-measures.ts 重新生成。',
  FixCourtDirectory: () => COURT_DIRECTORY_FIX,
  CourtItemNotUsed: () => `该条未采用。${COURT_DIRECTORY_FIX}`,
  CourtDirectoryNotUsed: () => `整个目录未采用。${COURT_DIRECTORY_FIX}`,
  FirstCourtUsed: () => '只采用第一条。请删去重复的记录。',
  AddCourtToDirectory: () => '记录页改为提示到中国执行信息公开网查询。请在 courts.json 中为该法院加一条记录（名称与执行法院一栏完全一致）。',
  SiteInfoSampleUsed: () => '已按示例数据处理。',
  SiteInfoFieldSampleUsed: () => '已按示例数据处理，运营单位信息不显示。请修正 site.json。',
} as const;

const COURT_DIRECTORY_FIX = '该法院的记录页将不显示地址和电话，只提示到中国执行信息公开网查询。请修正 courts.json。';

function heldBack(kind: 'entry' | 'case'): string {
  return kind === 'entry' ? '该记录暂缓公开' : '该案例暂缓发布';
}

function quoted(values: readonly string[]): string {
  return values.map((c) => `“${c}”`).join('、');
}

export type ProblemCode = keyof typeof PROBLEMS;
export type ProblemParams<C extends ProblemCode> = Parameters<(typeof PROBLEMS)[C]> extends [infer P] ? P : Record<string, never>;

/** A problem's code with its message from the catalogue. */
export interface Said<C extends ProblemCode = ProblemCode> {
  code: C;
  message: string;
}

export interface Problem extends Said {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  lineKind?: 'line' | 'item';
  recordId?: string;
  field?: string;
  fieldLabel?: string;
  /** What happens to the record and what the operator should do: from ACTIONS (action()). */
  action?: string;
  /** The build must stop and the live site keep serving (a decision file that cannot be read). */
  fatal?: boolean;
}

/** Where a problem is, how bad, and what to do: everything of a Problem but what the catalogue says. */
export type ProblemPlace = Omit<Problem, 'code' | 'message'>;

export function said<C extends ProblemCode>(code: C, params: ProblemParams<C>): Said<C> {
  return worded(PROBLEMS, code, params);
}

export type ActionCode = keyof typeof ACTIONS;
export type ActionParams<C extends ActionCode> = Parameters<(typeof ACTIONS)[C]> extends [infer P] ? P : Record<string, never>;

/** What to do, from the catalogue: the text a Problem carries as its `action`. */
export function action<C extends ActionCode>(code: C, ...params: Parameters<(typeof ACTIONS)[C]>): string {
  return worded(ACTIONS, code, params[0]).message;
}

/** A problem at `place`, worded by the catalogue. */
export function problem<C extends ProblemCode>(code: C, params: ProblemParams<C>, place: ProblemPlace): Problem {
  return { ...place, ...said(code, params) };
}
