// The records of the files under /data/, as a unit's system receives them: one zod schema per
// record type, and from them (z.toJSONSchema) the JSON Schemas published beside each file.
// The input schemas (entry.ts, decision.ts, case.ts) parse what courts send and transform it;
// these describe what the build writes. The type checks at the end hold each to the
// TypeScript type the writer uses, so the two cannot drift apart unnoticed.
import { z } from 'zod';
import type { ChangeEvent } from '../build-state.ts';
import type { CaseRecord } from '../cases.ts';
import { EVENTS_PER_DELTA_PIECE } from '../deltas.ts';
import type { PublishedEntry } from '../publish-state.ts';
import { DECISION_TYPES, DELISTING_GROUNDS } from '../rules/delisting-grounds.ts';
import { BEHAVIOUR_CODES } from '../shared/rules/behaviours.ts';
import { MASKED_ID_PATTERN } from '../shared/rules/id-number.ts';
import { DECISION_LABELS } from './decision.ts';
import { ENTRY_LABELS } from './entry.ts';
import { PROVENANCE_LABELS } from './provenance.ts';

const date = z.iso.date();
const timestamp = z.iso.datetime({ offset: true });
const label = (text: string) => ({ description: text });
const GROUNDS = Object.keys(DELISTING_GROUNDS) as [keyof typeof DELISTING_GROUNDS, ...(keyof typeof DELISTING_GROUNDS)[]];
/** What every data file's head says about the list it belongs to. */
const head = { city: z.string(), sampleData: z.boolean().meta(label('true：示例（虚构）数据 / fictional sample data')) };

export const publishedEntrySchema = z
  .object({
    id: z.string().min(1).meta(label(ENTRY_LABELS.id)),
    kind: z.enum(['person', 'org']).meta(label(`${ENTRY_LABELS.kind}：person 自然人，org 法人或其他组织`)),
    name: z.string().meta(label(ENTRY_LABELS.name)),
    gender: z.enum(['男', '女']).optional().meta(label(ENTRY_LABELS.gender)),
    age: z.number().int().min(18).optional().meta(label(ENTRY_LABELS.age)),
    idNumberMasked: z.string().regex(MASKED_ID_PATTERN).optional().meta(label(ENTRY_LABELS.idNumberMasked)),
    creditCode: z.string().regex(/^[0-9A-HJ-NP-RTUW-Y]{18}$/).optional().meta(label(ENTRY_LABELS.creditCode)),
    legalRepresentative: z.string().optional().meta(label(ENTRY_LABELS.legalRepresentative)),
    court: z.string().meta(label(ENTRY_LABELS.court)),
    district: z.string().meta(label(ENTRY_LABELS.district)),
    province: z.string().meta(label(ENTRY_LABELS.province)),
    caseNumber: z.string().meta(label(ENTRY_LABELS.caseNumber)),
    caseNumberCanonical: z.string().meta(label(`${ENTRY_LABELS.caseNumber}（规范写法，用于比对）`)),
    filedOn: date.meta(label(ENTRY_LABELS.filedOn)),
    basisDocNumber: z.string().meta(label(ENTRY_LABELS.basisDocNumber)),
    basisIssuer: z.string().meta(label(ENTRY_LABELS.basisIssuer)),
    obligation: z.string().meta(label(ENTRY_LABELS.obligation)),
    performance: z.enum(['全部未履行', '部分未履行']).meta(label(ENTRY_LABELS.performance)),
    performedPart: z.string().optional().meta(label(ENTRY_LABELS.performedPart)),
    unperformedPart: z.string().optional().meta(label(ENTRY_LABELS.unperformedPart)),
    behaviours: z.array(z.union(BEHAVIOUR_CODES.map((c) => z.literal(c)))).min(1).meta(label(`${ENTRY_LABELS.behaviours}（代码 1–6）`)),
    publishedOn: date.meta(label(ENTRY_LABELS.publishedOn)),
    listingEndsOn: date.nullable().meta(label(`${ENTRY_LABELS.listingEndsOn}（null：未定）`)),
    // Where the record came from (schema/provenance.ts); the pipeline sets it on every published entry.
    sourceFile: z.string().min(1).optional().meta(label(PROVENANCE_LABELS.sourceFile)),
    sourceSha256: z.string().regex(/^[0-9a-f]{64}$/).optional().meta(label(PROVENANCE_LABELS.sourceSha256)),
    signedBy: z.string().optional().meta(label(`${PROVENANCE_LABELS.signedBy}（未签名的批次无此字段）`)),
    receivedOn: date.optional().meta(label(PROVENANCE_LABELS.receivedOn)),
    firstPublishedVersion: z.number().int().min(1).optional().meta(label(PROVENANCE_LABELS.firstPublishedVersion)),
    lastChangedVersion: z.number().int().min(1).optional().meta(label(PROVENANCE_LABELS.lastChangedVersion)),
  })
  .strict()
  .meta({ title: '名单记录 / list entry', description: '一条公开的失信被执行人记录；身份证号码已脱敏。' });

const delType = z.enum([...DECISION_TYPES, '期满', '暂停公开']).meta(label('DEL：屏蔽、撤销、删除、期满，或暂停公开（数据问题，可能恢复）'));

export const changeEventSchema = z
  .object({
    seq: z.number().int().min(1),
    op: z.enum(['ADD', 'MOD', 'DEL']),
    entryId: z.string().min(1).meta(label(ENTRY_LABELS.id)),
    caseNumber: z.string().meta(label(ENTRY_LABELS.caseNumber)),
    court: z.string().meta(label(ENTRY_LABELS.court)),
    date: date.meta(label('生效日期：发布、决定或期满之日')),
    recordedAt: timestamp.meta(label('本站首次发布此事件的时间')),
    type: delType.optional(),
    decisionId: z.string().optional().meta(label(DECISION_LABELS.id)),
    docNumber: z.string().optional().meta(label(DECISION_LABELS.docNumber)),
    reason: z.enum(GROUNDS).optional().meta(label(DECISION_LABELS.reason)),
    hash: z.string().regex(/^[0-9a-f]{16}$/).optional().meta(label('公开数据的摘要，用于判断副本是否最新')),
  })
  .strict()
  .meta({ title: '变更事件 / change event' });

/**
 * One event of a delta file (deltas.ts). ADD and MOD carry the entry as it is now, on the
 * entry's latest event only; DEL carries what its notice shows and never a name.
 */
export const deltaEventSchema = z.discriminatedUnion('op', [
  z.object({
    seq: z.number().int().min(1),
    op: z.enum(['ADD', 'MOD']),
    id: z.string().min(1),
    court: z.string(),
    caseNumber: z.string(),
    date,
    entry: publishedEntrySchema.optional().meta(label('记录的当前内容；无此字段表示其后另有该记录的事件')),
  }).strict(),
  z.object({
    seq: z.number().int().min(1),
    op: z.literal('DEL'),
    id: z.string().min(1),
    type: delType,
    date: date.meta(label('决定日期或期满日')),
    docNumber: z.string().optional().meta(label(DECISION_LABELS.docNumber)),
    reason: z.enum(GROUNDS).optional().meta(label(DECISION_LABELS.reason)),
    court: z.string(),
    caseNumber: z.string(),
  }).strict(),
]).meta({ title: '增量事件 / delta event' });

export const caseRecordSchema = z
  .object({
    slug: z.string(),
    url: z.url(),
    title: z.string(),
    date,
    court: z.string(),
    category: z.string(),
    summary: z.string(),
    behaviours: z.array(z.number().int()),
    relatedCaseNumbers: z.array(z.string()),
    bodyText: z.string(),
    bodyHtml: z.string(),
  })
  .strict()
  .meta({ title: '典型案例 / publicity case' });

export const entriesFileSchema = z.object({
  format: z.literal('gongshi-entries/2'),
  ...head,
  lastChangeSeq: z.number().int().min(0).meta(label('此名单对应的版本（变更流水的最大 seq）')),
  count: z.number().int().min(0),
  entries: z.array(publishedEntrySchema),
}).strict().meta({ title: 'entries.json' });

export const changesFileSchema = z.object({
  format: z.literal('gongshi-changes/2'),
  ...head,
  lastSeq: z.number().int().min(0),
  events: z.array(changeEventSchema),
}).passthrough().meta({ title: 'changes.json' });

export const casesFileSchema = z.object({
  format: z.literal('gongshi-cases/1'),
  ...head,
  count: z.number().int().min(0),
  cases: z.array(caseRecordSchema),
}).strict().meta({ title: 'cases.json' });

export const deltaFileSchema = z.object({
  format: z.literal('gongshi-delta/2'),
  version: z.number().int().min(1).meta(label('此版本号（其最后一个事件的 seq）')),
  previous: z.number().int().min(0).meta(label('上一版本号；0 表示空名单')),
  date: timestamp.meta(label('此版本发布的时间')),
  part: z.number().int().min(1).meta(label('本分片在此版本中的序号，从 1 起；按序号依次应用')),
  parts: z.number().int().min(1).meta(label(`此版本的分片数；每片至多 ${EVENTS_PER_DELTA_PIECE} 个事件`)),
  events: z.array(deltaEventSchema).max(EVENTS_PER_DELTA_PIECE),
}).strict().meta({ title: 'deltas/<version>/<part>.json' });

export const courtFeedFileSchema = z.object({
  format: z.literal('gongshi-court-feed/2'),
  ...head,
  court: z.string(),
  slug: z.string(),
  part: z.number().int().min(1).meta(label('本分片在该法院订阅中的序号，从 1 起；最新的事件在最后一片（各片及最新序号见 index.json 的 courts）')),
  events: z.array(deltaEventSchema).max(EVENTS_PER_DELTA_PIECE),
}).strict().meta({ title: 'courts/<slug>/<part>.json' });

export const indexFileSchema = z.object({
  format: z.literal('gongshi-index/2'),
  ...head,
  version: z.number().int().min(0).meta(label('当前版本号（变更流水的最大 seq）')),
  versionDate: timestamp.nullable().meta(label('当前版本发布的时间')),
  asOf: date,
  builtAt: timestamp,
  signature: z.object({
    algorithm: z.literal('Ed25519'),
    file: z.string(),
    publicKey: z.string(),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/).meta(label('公钥（SPKI DER）的 SHA-256')),
    throwaway: z.boolean().meta(label('true：临时密钥，仅供示例构建，不能用于核验真实数据')),
  }).strict(),
  files: z.array(z.object({
    path: z.string().meta(label('相对 /data/ 的路径')),
    size: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    schema: z.string().optional().meta(label('校验此文件的 JSON Schema，相对 /data/')),
  }).strict()),
  versions: z.array(z.object({
    version: z.number().int().min(1),
    previous: z.number().int().min(0),
    date: timestamp,
    deltas: z.array(z.string()).min(1).meta(label('此版本的增量分片（相对 /data/ 的路径），按此顺序应用')),
    add: z.number().int().min(0),
    mod: z.number().int().min(0),
    del: z.number().int().min(0),
  }).strict()),
  courts: z.array(z.object({
    court: z.string(),
    slug: z.string(),
    lastSeq: z.number().int().min(0).meta(label('该法院最新事件的序号；0 表示尚无事件')),
    feed: z.array(z.string()).meta(label('该法院订阅的分片（相对 /data/ 的路径），按事件顺序')),
    atom: z.string().meta(label('该法院最近 500 个事件的 Atom 订阅')),
  }).strict()),
}).strict().meta({ title: 'index.json' });

/** The JSON Schema files under /data/ and the zod schema each is made from. */
export const SCHEMA_FILES = {
  'entries.schema.json': entriesFileSchema,
  'changes.schema.json': changesFileSchema,
  'cases.schema.json': casesFileSchema,
  'delta.schema.json': deltaFileSchema,
  'court-feed.schema.json': courtFeedFileSchema,
  'index.schema.json': indexFileSchema,
} as const;

export type SchemaFile = keyof typeof SCHEMA_FILES;

/** Which schema checks a data file (path relative to /data/); undefined for CSV, XLSX, Atom, keys and schemas. */
export function schemaFor(file: string): SchemaFile | undefined {
  if (file === 'entries.json') return 'entries.schema.json';
  // changes.json and any page of it (changes/<n>.json) share one format.
  if (file === 'changes.json' || /^changes\/[^/]+\.json$/.test(file)) return 'changes.schema.json';
  if (file === 'cases.json') return 'cases.schema.json';
  if (file === 'index.json') return 'index.schema.json';
  if (/^deltas\/\d+\/\d+\.json$/.test(file)) return 'delta.schema.json';
  if (/^courts\/[^/]+\/\d+\.json$/.test(file)) return 'court-feed.schema.json';
  return undefined;
}

/** The JSON Schema (draft 2020-12) of one file kind, made by zod from its record schemas. */
export function jsonSchemaOf(name: SchemaFile): Record<string, unknown> {
  return { ...z.toJSONSchema(SCHEMA_FILES[name], { target: 'draft-2020-12', io: 'output', unrepresentable: 'throw' }), $id: name };
}

// The schemas and the writers' types describe the same records (a mismatch fails typecheck).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** T as JSON.stringify writes it: a key whose value may be undefined may be absent; arrays mutable. */
type Json<T> = Flat<{ -readonly [K in keyof T as undefined extends T[K] ? never : K]: Item<T[K]> } & { -readonly [K in keyof T as undefined extends T[K] ? K : never]?: Item<Exclude<T[K], undefined>> }>;
type Item<V> = V extends readonly (infer U)[] ? U[] : V;
type Flat<T> = { [K in keyof T]: T[K] };
export const SCHEMAS_MATCH_TYPES: [
  Same<Json<z.output<typeof publishedEntrySchema>>, Json<PublishedEntry>>,
  Same<Json<z.output<typeof changeEventSchema>>, Json<ChangeEvent>>,
  Same<Json<z.output<typeof caseRecordSchema>>, Json<CaseRecord>>,
] = [true, true, true];
