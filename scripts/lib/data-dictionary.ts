// The data contract as units read it on /data/ (issue #13 item 4): every field of every file
// under /data/ (and /freshness.json), with its Chinese label and meaning. Labels are not written
// here where the code already has them: entry columns come from the exports' own column
// definitions (export-columns.ts: CSV_COLUMNS, COLUMN_LABELS, which take them from schema/entry.ts and
// schema/provenance.ts), case fields from cases.ts, decision fields from schema/decision.ts.
// Only fields no schema labels (file heads, change events) get their label here, once.
import { CSV_COLUMNS, COLUMN_LABELS } from './export-columns.ts';
import { CASE_EXPORT_FIELDS, CASE_EXPORT_LABELS } from './cases.ts';
import { EVENTS_PER_DELTA_PIECE } from './deltas.ts';
import { DECISION_LABELS } from './schema/decision.ts';
import { ENTRY_LABELS } from './schema/entry.ts';

export interface FieldDoc {
  name: string;
  label: string;
  meaning: string;
}

export interface DataFileDoc {
  /** Anchor on /data/. */
  id: string;
  title: string;
  files: string[];
  fields: FieldDoc[];
}

type Meanings<K extends string> = Record<K, string>;

const ENTRY_MEANINGS: Meanings<(typeof CSV_COLUMNS)[number]> = {
  id: '记录的稳定编号，永久链接为 /entry/<编号>/。撤下后同一编号不再公开；再次纳入的是新编号的新记录。',
  kind: '自然人 或 法人或其他组织。entries.json 和 entries.en.csv 中为 person / org。',
  name: '被执行人的姓名或单位名称，与执行文书一致。',
  gender: '自然人的性别（男 / 女）；单位为空。',
  age: '自然人在发布时的年龄（整数）。未满 18 周岁者不公开。',
  idNumberMasked: '自然人的身份证号码，隐去第 11–14 位（出生月日），如 3423011964****3224。完整号码从不公开。',
  creditCode: '单位的统一社会信用代码（18 位），完整公开。',
  legalRepresentative: '单位的法定代表人或者负责人姓名。',
  court: '执行法院：办理该执行案件、作出纳入决定的法院。',
  district: '执行法院所在的区县。',
  province: '省份。',
  caseNumber: '执行案号，如 (2018)辽0502执123号。',
  filedOn: '执行立案日期，YYYY-MM-DD。',
  basisDocNumber: '执行依据（判决书、裁定书、仲裁裁决书等）的文号。',
  basisIssuer: '做出执行依据的法院或机构。',
  obligation: '生效法律文书确定的义务。',
  performance: '全部未履行 或 部分未履行。',
  performedPart: '已履行的部分（有则填写）。',
  unperformedPart: '未履行的部分（有则填写）。',
  behaviours: '失信情形（《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条）。entries.csv、XLSX 中为全称，以“；”分隔；entries.json 和 entries.en.csv 中为代码 1–6。',
  publishedOn: '发布日期：本条在本站公开的第一天，YYYY-MM-DD。',
  listingEndsOn: '失信期限届满日；为空表示无固定期限（履行义务或符合法定情形后删除）。',
  sourceFile: '法院报送本条所在的批次文件的文件名。',
  sourceSha256: '该批次文件内容的 SHA-256（64 位十六进制），可向报送法院核对是否为其所发文件。',
  signedBy: '用本院密钥（Ed25519）对该批次签名的法院；为空表示该批次未签名。',
  receivedOn: '本站首次收到该批次文件的日期：内容（SHA-256）相同的文件第一次被读入的那次更新的日期。',
  firstPublishedVersion: '首次公开本条的名单版本号。版本号是某次发布后变更流水的最大序号（entries.json 的 lastChangeSeq）：处理完该序号为止的全部变更，即得到该版本的名单。',
  lastChangedVersion: '最近一次改动本条公开内容的版本号；重新报送内容相同的记录不算改动。',
};

/** Labels of the fields no schema labels: the files' heads and the change events. */
const HEAD_LABELS = {
  format: '文件格式',
  city: '城市',
  sampleData: '示例数据',
  asOf: '名单截至日期',
  builtAt: '生成时间',
  lastChangeSeq: '最新变更序号',
  lastSeq: '最新变更序号',
  count: '条数',
  published: '公开条数',
  entries: '名单记录',
  events: '变更事件',
  cases: '案例',
} as const;

const HEAD_MEANINGS: Meanings<keyof typeof HEAD_LABELS> = {
  format: '文件格式及其版本：gongshi-entries/2、gongshi-changes/2、gongshi-cases/1 或 gongshi-freshness/1；格式有不兼容的改动时版本号加一。',
  city: '本名单所属城市。',
  sampleData: 'true 表示数据为虚构的示例数据，不得用于任何实际用途。',
  asOf: '名单信息截至的日期（北京时间），期满等按此日期判断。',
  builtAt: '文件生成时间（UTC，ISO 8601）。',
  lastChangeSeq: '生成时变更流水的最大序号，也就是本文件所对应的名单版本号。',
  lastSeq: '变更流水的最大序号，即当前名单版本号。',
  count: '本文件中的条数。',
  published: '当前公开的名单条数。',
  entries: '名单记录数组，每条的字段见下表。',
  events: '变更事件数组，按 seq 递增，每条的字段见下表。',
  cases: '案例数组，最新的在前，每条的字段见下表。',
};

const CHANGE_LABELS = {
  seq: '序号',
  op: '操作',
  entryId: ENTRY_LABELS.id,
  caseNumber: ENTRY_LABELS.caseNumber,
  court: '法院',
  date: '生效日期',
  recordedAt: '记录时间',
  type: '撤下类型',
  decisionId: DECISION_LABELS.id,
  docNumber: DECISION_LABELS.docNumber,
  reason: DECISION_LABELS.reason,
  hash: '内容摘要',
} as const;

const CHANGE_MEANINGS: Meanings<keyof typeof CHANGE_LABELS> = {
  seq: '事件序号，从 1 起每条加一，只追加、不改写。记下已处理的最大序号，下次只处理更大的。',
  op: 'ADD 纳入公开；MOD 公开内容更新；DEL 撤下（不再公开）。',
  entryId: '所涉记录的编号。',
  caseNumber: '所涉记录的执行案号。',
  court: '执行法院；由决定撤下时为作出决定的法院。',
  date: '生效日期：ADD 为发布日期，DEL 为决定日期或期满次日，MOD 为更新当日。',
  recordedAt: '本站发布该事件的时间（UTC，ISO 8601）。',
  type: '仅 DEL：屏蔽、撤销、删除（法院决定），期满（失信期限届满），暂停公开（数据有误暂缓公开，更正后可能以新的 ADD 恢复）。',
  decisionId: '仅由决定撤下的 DEL：决定的编号。',
  docNumber: '仅由决定撤下的 DEL：决定书文号。',
  reason: '仅由决定撤下的 DEL：法定事由的代码（如 performed 已履行全部义务）。',
  hash: '仅 ADD / MOD：该记录公开内容的摘要；与本单位副本的摘要不同，说明副本已过时。',
};

/** The head of a delta piece (deltas.ts): which version it belongs to and where it sits in it. */
const DELTA_LABELS = {
  format: HEAD_LABELS.format,
  version: '版本号',
  previous: '上一版本号',
  date: '发布时间',
  part: '分片序号',
  parts: '分片数',
  events: '增量事件',
} as const;

const DELTA_MEANINGS: Meanings<keyof typeof DELTA_LABELS> = {
  format: '文件格式：gongshi-delta/2。',
  version: '此增量所属的版本号（该版本最后一个事件的序号）。',
  previous: '上一版本号；0 表示空名单。持有版本 previous 的名单的单位，依次应用此版本的全部分片，即到达此版本。',
  date: '此版本发布的时间（UTC，ISO 8601）。',
  part: `本分片在此版本中的序号，从 1 起。一个版本的事件按序号切成每片至多 ${EVENTS_PER_DELTA_PIECE} 个事件的分片，index.json 的 versions[].deltas 按应用顺序列出各片。`,
  parts: '此版本的分片数。',
  events: '此分片的事件，按 seq 递增，每个的字段见下表。',
};

/** The head of a court feed's piece: as a delta piece's, the court in place of the version. */
const COURT_FEED_LABELS = {
  format: HEAD_LABELS.format,
  city: HEAD_LABELS.city,
  sampleData: HEAD_LABELS.sampleData,
  court: '法院',
  slug: '法院代码',
  part: DELTA_LABELS.part,
  events: DELTA_LABELS.events,
} as const;

const COURT_FEED_MEANINGS: Meanings<keyof typeof COURT_FEED_LABELS> = {
  format: '文件格式：gongshi-court-feed/2。',
  city: HEAD_MEANINGS.city,
  sampleData: HEAD_MEANINGS.sampleData,
  court: '本订阅所属的执行法院；事件为该法院的全部事件（由决定撤下的 DEL 归作出决定的法院）。',
  slug: '法院代码，即该法院名单页地址 /list/<法院代码>/ 中的一段。',
  part: `本分片在该法院订阅中的序号，从 1 起，每片至多 ${EVENTS_PER_DELTA_PIECE} 个事件；新事件只加在最后一片。index.json 的 courts[].feed 按顺序列出各片，courts[].lastSeq 为该法院最新事件的序号。`,
  events: '此分片的事件，按 seq 递增，字段同增量事件（见下表）。',
};

/** A delta event: the change event's id fields, and the record on the entry's latest ADD / MOD only. */
const DELTA_EVENT_LABELS = {
  seq: CHANGE_LABELS.seq,
  op: CHANGE_LABELS.op,
  id: ENTRY_LABELS.id,
  court: CHANGE_LABELS.court,
  caseNumber: CHANGE_LABELS.caseNumber,
  date: CHANGE_LABELS.date,
  entry: '记录内容',
  type: CHANGE_LABELS.type,
  docNumber: CHANGE_LABELS.docNumber,
  reason: CHANGE_LABELS.reason,
} as const;

const DELTA_EVENT_MEANINGS: Meanings<keyof typeof DELTA_EVENT_LABELS> = {
  seq: CHANGE_MEANINGS.seq,
  op: CHANGE_MEANINGS.op,
  id: '所涉记录的编号（即 entries.json 的 id）。',
  court: CHANGE_MEANINGS.court,
  caseNumber: CHANGE_MEANINGS.caseNumber,
  date: CHANGE_MEANINGS.date,
  entry: '仅 ADD / MOD，且仅在该记录最近的一个事件上：记录的当前内容（字段同 entries.json），以它替换本单位副本中同编号的记录。没有此字段的 ADD / MOD 表示其后另有该记录的事件，跳过即可。已撤下的记录在任何增量中都不再有内容。',
  type: CHANGE_MEANINGS.type,
  docNumber: CHANGE_MEANINGS.docNumber,
  reason: CHANGE_MEANINGS.reason,
};

const CASE_MEANINGS: Meanings<(typeof CASE_EXPORT_FIELDS)[number]> = {
  slug: '案例文件名，即永久链接的最后一段。',
  url: '案例页面的永久链接。',
  title: '标题。',
  date: '发布日期。',
  court: '发布案例的法院。',
  category: '典型案例、正面典型、拒执犯罪 或 联合惩戒。',
  summary: '一两句话的摘要。',
  behaviours: '涉及的失信情形，代码 1–6（若干规定第一条）；CSV 中以“;”分隔。',
  relatedCaseNumbers: '相关的执行案号；CSV 中以“;”分隔。',
  bodyText: '正文的文字，与页面所示一致，每段一行。',
  bodyHtml: '正文经过净化的 HTML，即页面插入的内容。',
};

/** What entries.json carries beside the columns of the tables, for matching (no label in a schema: it is never a column). */
const JSON_ONLY_LABELS = { caseNumberCanonical: '案号（比对用）' } as const;
const JSON_ONLY_MEANINGS: Meanings<keyof typeof JSON_ONLY_LABELS> = {
  caseNumberCanonical: '案号的规范形式，供系统比对：去掉括号和“号”，全角转半角，如 2018辽0502执123。用户输入的各种写法都可先化为此形式再比对。',
};

const fields = <K extends string>(names: readonly K[], labels: Record<K, string>, meanings: Meanings<K>): FieldDoc[] => names.map((name) => ({ name, label: labels[name], meaning: meanings[name] }));
const head = (...names: (keyof typeof HEAD_LABELS)[]) => fields(names, HEAD_LABELS, HEAD_MEANINGS);

/** Every data file under /data/ and /freshness.json, the heads first, then the fields of their records. */
export const DATA_FILES: readonly DataFileDoc[] = [
  { id: 'entries', title: '名单：文件头（entries.json；名单没有变化时文件不变，截至日期与生成时间见 index.json 的 asOf、builtAt）', files: ['/data/entries.json'], fields: head('format', 'city', 'sampleData', 'lastChangeSeq', 'count', 'entries') },
  {
    id: 'entry-fields',
    title: '名单：每条记录的字段（entries.json、entries.csv、entries.gbk.csv、entries.en.csv、entries.xlsx）',
    files: ['/data/entries.json', '/data/entries.csv', '/data/entries.gbk.csv', '/data/entries.en.csv', '/data/entries.xlsx'],
    fields: fields(CSV_COLUMNS, COLUMN_LABELS, ENTRY_MEANINGS),
  },
  { id: 'entry-json-fields', title: '名单：仅 entries.json 才有的字段', files: ['/data/entries.json'], fields: fields(['caseNumberCanonical'], JSON_ONLY_LABELS, JSON_ONLY_MEANINGS) },
  { id: 'changes', title: '变更流水：文件头（changes.json；截至日期与生成时间见 index.json）', files: ['/data/changes.json'], fields: head('format', 'city', 'sampleData', 'lastSeq', 'events') },
  { id: 'change-fields', title: '变更流水：每个事件的字段（changes.json；changes.atom 为其最近 500 条）', files: ['/data/changes.json', '/data/changes.atom'], fields: fields(Object.keys(CHANGE_LABELS) as (keyof typeof CHANGE_LABELS)[], CHANGE_LABELS, CHANGE_MEANINGS) },
  { id: 'delta', title: '增量分片：文件头（deltas/<版本号>/<分片序号>.json）', files: ['/data/deltas/'], fields: fields(Object.keys(DELTA_LABELS) as (keyof typeof DELTA_LABELS)[], DELTA_LABELS, DELTA_MEANINGS) },
  { id: 'court-feed', title: '法院订阅分片：文件头（courts/<法院代码>/<分片序号>.json）', files: ['/data/courts/'], fields: fields(Object.keys(COURT_FEED_LABELS) as (keyof typeof COURT_FEED_LABELS)[], COURT_FEED_LABELS, COURT_FEED_MEANINGS) },
  { id: 'delta-event-fields', title: '增量与法院订阅分片：每个事件的字段（deltas/…、courts/…）', files: ['/data/deltas/', '/data/courts/'], fields: fields(Object.keys(DELTA_EVENT_LABELS) as (keyof typeof DELTA_EVENT_LABELS)[], DELTA_EVENT_LABELS, DELTA_EVENT_MEANINGS) },
  { id: 'cases', title: '典型案例：文件头（cases.json）', files: ['/data/cases.json'], fields: head('format', 'city', 'sampleData', 'count', 'cases') },
  { id: 'case-fields', title: '典型案例：每个案例的字段（cases.json、cases.csv）', files: ['/data/cases.json', '/data/cases.csv'], fields: fields(CASE_EXPORT_FIELDS, CASE_EXPORT_LABELS, CASE_MEANINGS) },
  { id: 'freshness', title: '更新状态（freshness.json）', files: ['/freshness.json'], fields: head('format', 'asOf', 'builtAt', 'lastChangeSeq', 'published') },
];
