// The one way in for data. Everything under content/ is read, validated and normalised
// here, and everything downstream (pages, search index, exports, feeds, verify) reads
// the PublishState this module produces. Nothing else re-reads content/.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { entryInputSchema, ENTRY_LABELS, type Entry } from './schema/entry.ts';
import { decisionInputSchema, DECISION_LABELS, type Decision } from './schema/decision.ts';
import { caseSchema, CASE_LABELS, type PublicityCase } from './schema/case.ts';
import { measureCatalogSchema, type MeasureCatalog } from './schema/measure.ts';
import { idKey } from './schema/fields.ts';
import { SITE_LABELS, siteSchema, type SiteInfo } from './schema/site.ts';
import { COURT_LABELS, courtContactSchema, courtDirectorySchema, type CourtContact } from './schema/court.ts';
import { mapDecisionColumns, mapEntryColumns } from './ingest/columns.ts';
import { type SourceRow } from './ingest/read-table.ts';
import { listFiles, readRows } from './ingest/read-folder.ts';
import { publicityOf, type DecisionRef } from './rules/publicity.ts';
import { WITHHELD_ACTION, type Problem } from './report.ts';
import type { DecisionType } from './rules/delisting-grounds.ts';
import { PinyinMemo } from './search/tokens.ts';
import { hiddenParty, mentionMessage, rawHiddenParty, withholdHiddenMentions, withoutPublicCollisions, type SensitiveRecord } from './hidden-parties.ts';
import { addDays } from './shared/dates.ts';
import { checkBatch, parsePublicKey, type BatchSource, type CourtKey } from './batch-signature.ts';
import type { Provenance } from './schema/provenance.ts';

/**
 * What the public may see of a listed entry. No full ID number exists at this point. Its
 * provenance (batch file, hash, signer) is set here, the received date and versions by the build.
 */
export type PublishedEntry = Omit<Entry, 'disclose' | 'bornOn'> & Partial<Provenance>;

/** An entry that was public and has left the list: only what the notice page may show. */
export interface GoneEntry {
  id: string;
  cause: 'decided' | 'expired';
  /** 屏蔽 | 撤销 | 删除, or 期满 for an ended listing period. */
  type: DecisionType | '期满';
  /** Decision date, or the day after the listing period ended. */
  date: string;
  court: string;
  caseNumber: string;
  decisionId?: string;
  docNumber?: string;
  reason?: Decision['reason'];
}

export interface PublishCounts {
  received: number;
  published: number;
  withheld: number;
  expired: number;
  decided: number;
}

export type { SiteInfo } from './schema/site.ts';

export interface PublishState {
  /** The day the build is "as of" (expiry is judged against it). */
  asOf: string;
  site: SiteInfo;
  /** Each court's address, phone and hours (content/courts.json), for the entry pages' correction box. */
  courtDirectory: CourtContact[];
  entries: PublishedEntry[];
  gone: GoneEntry[];
  decisions: Decision[];
  cases: PublicityCase[];
  measures: MeasureCatalog;
  counts: PublishCounts;
}

export type { SensitiveRecord } from './hidden-parties.ts';

export interface LoadResult {
  state: PublishState;
  sensitive: SensitiveRecord[];
  problems: Problem[];
  /** SHA-256 of every entry batch file read, refused ones too: the build records when each was first received. */
  batchHashes: string[];
}

function issuesToProblems(
  row: SourceRow,
  recordId: string | undefined,
  issues: z.core.$ZodIssue[],
  labels: Record<string, string>,
): Problem[] {
  return issues.map((issue) => {
    const field = issue.path.length ? String(issue.path[0]) : undefined;
    return {
      severity: 'error',
      file: row.file,
      line: row.line,
      lineKind: row.lineKind,
      recordId,
      field,
      fieldLabel: field ? labels[field] : undefined,
      message: issue.message,
      action: WITHHELD_ACTION,
    };
  });
}

function recordIdOf(values: Record<string, unknown>): string | undefined {
  const id = values.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).trim() || undefined : undefined;
}

function reportUnknownColumns(unknownByFile: Map<string, Set<string>>, problems: Problem[]): void {
  for (const [file, columns] of unknownByFile) {
    if (columns.size === 0) continue;
    problems.push({
      severity: 'warning',
      file,
      message: `未知列：${[...columns].join('、')}。这些列的内容不会发布。`,
      action: '若这些列含个人信息，请勿在批次中提交；若是新的字段，请先更新数据约定（content/README.md）。',
    });
  }
}

/**
 * @param departed the entries this output folder already took off the list for good (decided
 *   or expired, as its change feed records: `departuresOf` in build-state.ts). They stay off
 *   even when their decision file is gone, and keep their notice.
 */
export async function loadPublishState(contentDir: string, asOf: string, pinyin = new PinyinMemo(), departed: readonly GoneEntry[] = [], receivedOn: Readonly<Record<string, string>> = {}): Promise<LoadResult> {
  const problems: Problem[] = [];
  const sensitive: SensitiveRecord[] = [];
  // Before the batches: whether they must be signed, and by which keys (batch-signature.ts).
  const site = await loadSiteInfo(path.join(contentDir, 'site.json'), problems);
  const courtKeys = await loadCourtKeys(path.join(contentDir, 'courts.json'));
  const sources = new Map<string, BatchSource>();
  const onFile = async (file: string, bytes: Uint8Array) => void sources.set(file, await checkBatch(file, bytes, courtKeys, site.requireSignedBatches === true, problems));

  // Entries.
  // Rows of refused files and rows read only in part are withheld, and stay hidden parties.
  const refusedRows: SourceRow[] = [];
  const entryRows = await readRows(path.join(contentDir, 'entries'), problems, 'entries', { onWithheld: (row) => refusedRows.push(row), onFile });
  for (const row of refusedRows) {
    const { mapped } = mapEntryColumns(row.values);
    sensitive.push(rawHiddenParty(recordIdOf(mapped) ?? `${row.file}:${row.line}`, mapped));
  }
  const unknownByFile = new Map<string, Set<string>>();
  const parsed = new Map<string, { entry: Entry; row: SourceRow }>();
  const duplicateIds = new Set<string>();
  let invalid = 0;
  /** Rows that failed validation, by id: a valid record sharing the id is one of two claims to it. */
  const invalidRows = new Map<string, SourceRow>();
  for (const row of entryRows) {
    const { mapped, unknown } = mapEntryColumns(row.values);
    if (unknown.length) {
      const set = unknownByFile.get(row.file) ?? new Set();
      unknown.forEach((c) => set.add(c));
      unknownByFile.set(row.file, set);
    }
    const recordId = recordIdOf(mapped);
    const result = entryInputSchema.safeParse(mapped);
    if (!result.success) {
      invalid++;
      problems.push(...issuesToProblems(row, recordId, result.error.issues, ENTRY_LABELS));
      sensitive.push(rawHiddenParty(recordId ?? `${row.file}:${row.line}`, mapped));
      if (recordId) invalidRows.set(idKey(recordId), row);
      continue;
    }
    const entry = result.data;
    const earlier = parsed.get(idKey(entry.id));
    if (earlier) {
      if (JSON.stringify(earlier.entry) === JSON.stringify(entry)) {
        invalid++; // the same record sent twice counts once as published, once as withheld
        problems.push({ severity: 'warning', file: row.file, line: row.line, lineKind: row.lineKind, recordId: entry.id, message: `与 ${where(earlier.row)} 完全相同的重复记录，只发布一次。` });
        continue;
      }
      // Two different records claim one id: we cannot know which is right, so neither is published.
      duplicateIds.add(idKey(entry.id));
      invalid++;
      const sameSpelling = earlier.entry.id === entry.id;
      problems.push({ severity: 'error', file: row.file, line: row.line, lineKind: row.lineKind, recordId: entry.id, field: 'id', fieldLabel: ENTRY_LABELS.id, message: sameSpelling ? `记录编号与 ${where(earlier.row)} 重复但内容不同。` : `记录编号与 ${where(earlier.row)} 的 ${earlier.entry.id} 只差字母大小写，视为重复。`, action: '两条记录都暂缓公开；请法院确认正确的记录后重新提交。' });
      sensitive.push(hiddenParty(entry.id, 'invalid', entry));
      continue;
    }
    parsed.set(idKey(entry.id), { entry, row });
  }
  for (const [key, row] of invalidRows) {
    const valid = parsed.get(key);
    if (!valid || duplicateIds.has(key)) continue;
    duplicateIds.add(key);
    problems.push({ severity: 'error', file: valid.row.file, line: valid.row.line, lineKind: valid.row.lineKind, recordId: valid.entry.id, field: 'id', fieldLabel: ENTRY_LABELS.id, message: `记录编号与 ${where(row)} 那条未通过校验的记录相同。`, action: '两条记录都暂缓公开；请法院确认正确的记录后重新提交。' });
  }
  for (const key of duplicateIds) {
    const kept = parsed.get(key)!;
    sensitive.push(hiddenParty(kept.entry.id, 'invalid', kept.entry));
    parsed.delete(key);
    invalid++;
  }
  reportUnknownColumns(unknownByFile, problems);

  const departedById = new Map(departed.map((g) => [idKey(g.id), g]));
  const { decisions, decisionRefs } = await loadDecisions(contentDir, (id) => parsed.has(idKey(id)) || duplicateIds.has(idKey(id)) || departedById.has(idKey(id)), asOf, problems);

  // Publication.
  let entries: PublishedEntry[] = [];
  const gone: GoneEntry[] = [];
  const counts: PublishCounts = { received: entryRows.length + refusedRows.length, published: 0, withheld: invalid + refusedRows.length, expired: 0, decided: 0 };
  const decisionById = new Map(decisions.map((d) => [d.id, d]));
  for (const [key, { entry, row }] of parsed) {
    const before = departedById.get(key);
    const found = publicityOf(entry, decisionRefs.get(key) ?? [], asOf, before !== undefined);
    const source = sources.get(row.file);
    // A record of a refused batch is never published, but a decision on it is applied as on any other.
    const publicity = found.status === 'published' && !admitted(source, row, entry, problems) ? { status: 'withheld' as const } : found;
    if (publicity.status === 'published') {
      const { disclose: _disclose, bornOn: _bornOn, ...published } = entry;
      const { sha256, signedBy } = source!;
      entries.push({ ...published, sourceFile: path.basename(row.file), sourceSha256: sha256, ...(signedBy ? { signedBy } : {}), receivedOn: receivedOn[sha256] ?? asOf });
      counts.published++;
      continue;
    }
    const status = publicity.status === 'departed' ? before!.cause : publicity.status;
    sensitive.push(hiddenParty(entry.id, status, entry));
    if (publicity.status === 'withheld') {
      counts.withheld++;
      // Gone for good, now withheld as well: its notice (no personal data) and 410 stay.
      if (before) gone.push(before);
    } else if (publicity.status === 'departed') {
      gone.push(before!);
      if (before!.cause === 'expired') counts.expired++;
      else counts.decided++;
    } else if (publicity.status === 'expired') {
      counts.expired++;
      gone.push({ id: entry.id, cause: 'expired', type: '期满', date: addDays(publicity.endedOn, 1), court: entry.court, caseNumber: entry.caseNumber });
    } else {
      counts.decided++;
      const decision = decisionById.get(publicity.decisionId)!;
      gone.push({ id: entry.id, cause: 'decided', type: decision.type, date: decision.decidedOn, court: decision.court, caseNumber: entry.caseNumber, decisionId: decision.id, docNumber: decision.docNumber, reason: decision.reason });
    }
  }
  // Departed entries no longer in the batches keep their notice (and their URL its 410).
  for (const [key, g] of departedById) if (!parsed.has(key)) gone.push(g);

  // Free text that names a hidden party (a minor in another entry's obligation, a delisted
  // person in a case) would publish that party: the entry or case is withheld instead.
  const courtDirectory = await loadCourtDirectory(path.join(contentDir, 'courts.json'), entries, problems);
  const casesDir = path.join(contentDir, 'cases');
  const measures = await loadMeasures(path.join(contentDir, 'measures', 'catalog.json'), problems);
  const screened = withholdHiddenMentions(sensitive, entries, await loadCases(casesDir, problems), (e) => hiddenParty(e.id, 'withheld', e));
  for (const mention of screened.mentions) {
    const row = mention.kind === 'entry' ? parsed.get(idKey(mention.id))?.row : undefined;
    problems.push({ severity: 'error', file: row?.file ?? path.join(casesDir, `${mention.id}.md`), line: row?.line, lineKind: row?.lineKind, recordId: mention.id, field: mention.field, fieldLabel: mention.fieldLabel, ...mentionMessage(mention) });
  }
  sensitive.push(...screened.newlyHidden);
  counts.published -= screened.newlyHidden.length;
  counts.withheld += screened.newlyHidden.length;
  const { cases } = screened;
  entries = screened.entries;
  entries.sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || a.id.localeCompare(b.id));
  gone.sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));

  const goneDecisionIds = new Set(gone.map((g) => g.decisionId));
  return {
    state: { asOf, site, courtDirectory, entries, gone, decisions: decisions.filter((d) => goneDecisionIds.has(d.id)), cases, measures, counts },
    sensitive: withoutPublicCollisions(sensitive, entries, measures, pinyin),
    problems,
    batchHashes: [...new Set([...sources.values()].map((s) => s.sha256))],
  };
}

/**
 * Whether a valid record may be published as far as its batch goes: the batch was not refused
 * (batch-signature.ts), and a signed batch names only its signing court as 执行法院 (a court
 * signs for its own listings, not another's).
 */
function admitted(source: BatchSource | undefined, row: SourceRow, entry: Entry, problems: Problem[]): boolean {
  if (!source || source.refused) return false;
  if (source.signedBy === undefined || source.signedBy === entry.court) return true;
  problems.push({ severity: 'error', file: row.file, line: row.line, lineKind: row.lineKind, recordId: entry.id, field: 'court', fieldLabel: ENTRY_LABELS.court, message: `该批次由“${source.signedBy}”签名，但此记录的执行法院是“${entry.court}”。`, action: '该记录不予发布（暂缓公开）。请由执行法院用本院密钥签名其自己的批次后重新提交。' });
  return false;
}

/** The courts' signing keys (content/courts.json): only of records loadCourtDirectory accepts; it reports the rest. */
async function loadCourtKeys(file: string): Promise<CourtKey[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  const directory = courtDirectorySchema.safeParse(value);
  if (!directory.success) return [];
  const keys: CourtKey[] = [];
  const seen = new Set<string>();
  for (const raw of directory.data.courts) {
    const court = courtContactSchema.safeParse(raw);
    if (!court.success || seen.has(court.data.name)) continue;
    seen.add(court.data.name);
    for (const text of court.data.signingKeys ?? []) keys.push({ court: court.data.name, key: parsePublicKey(text)! });
  }
  return keys;
}

/**
 * Decisions (content/decisions/), checked against the entries they name. An invalid decision
 * that names a known entry still withholds it: its ref is kept with valid: false.
 */
export async function loadDecisions(contentDir: string, isKnown: (entryId: string) => boolean, asOf: string, problems: Problem[]): Promise<{ decisions: Decision[]; decisionRefs: Map<string, DecisionRef[]> }> {
  const decisionRows = await readRows(path.join(contentDir, 'decisions'), problems, 'decisions');
  const decisions: Decision[] = [];
  const decisionRefs = new Map<string, DecisionRef[]>();
  const decisionIds = new Map<string, SourceRow>();
  for (const row of decisionRows) {
    const { mapped, unknown } = mapDecisionColumns(row.values);
    const recordId = recordIdOf(mapped);
    if (unknown.length) problems.push({ severity: 'warning', file: row.file, line: row.line, lineKind: row.lineKind, recordId, message: `未知列：${unknown.join('、')}，已忽略。` });
    const result = decisionInputSchema.safeParse(mapped);
    const entryId = typeof mapped.entryId === 'string' || typeof mapped.entryId === 'number' ? idKey(String(mapped.entryId).trim()) : '';
    const known = isKnown(entryId);
    if (!result.success) {
      problems.push(
        ...issuesToProblems(row, recordId, result.error.issues, DECISION_LABELS).map((p) => ({
          ...p,
          action: known ? `该决定未通过校验，但所指记录 ${entryId} 仍暂缓公开（撤下总是安全的）。请修正决定后重新提交。` : '该决定未生效，请修正后重新提交。',
        })),
      );
      if (known) addRef(decisionRefs, entryId, { id: recordId ?? `${row.file}:${row.line}`, decidedOn: '0000-00-00', valid: false });
      continue;
    }
    const decision = result.data;
    if (!known) {
      problems.push({ severity: 'error', file: row.file, line: row.line, lineKind: row.lineKind, recordId: decision.id, field: 'entryId', fieldLabel: DECISION_LABELS.entryId, message: `名单中没有编号为 ${decision.entryId} 的记录。`, action: '请核对记录编号；该决定暂不生效。' });
      continue;
    }
    if (decision.decidedOn > asOf) {
      problems.push({ severity: 'warning', file: row.file, line: row.line, lineKind: row.lineKind, recordId: decision.id, field: 'decidedOn', fieldLabel: DECISION_LABELS.decidedOn, message: `决定日期 ${decision.decidedOn} 晚于本次构建日期 ${asOf}。`, action: '所指记录已暂缓公开，待决定日期到来后按决定公告。' });
      addRef(decisionRefs, idKey(decision.entryId), { id: decision.id, decidedOn: decision.decidedOn, valid: false });
      continue;
    }
    const first = decisionIds.get(idKey(decision.id));
    if (first) {
      // Which of the two is right is for the court to say; until then the entry stays down.
      problems.push({ severity: 'error', file: row.file, line: row.line, lineKind: row.lineKind, recordId: decision.id, field: 'id', fieldLabel: DECISION_LABELS.id, message: `决定编号与 ${where(first)} 重复。`, action: `所指记录 ${decision.entryId} 暂缓公开；请核对决定编号后重新提交。` });
      addRef(decisionRefs, idKey(decision.entryId), { id: `${decision.id}@${where(row)}`, decidedOn: decision.decidedOn, valid: false });
      continue;
    }
    decisionIds.set(idKey(decision.id), row);
    decisions.push(decision);
    addRef(decisionRefs, idKey(decision.entryId), { id: decision.id, decidedOn: decision.decidedOn, valid: true });
  }

  return { decisions, decisionRefs };
}

/** Another row, as messages cite it: the file's name (same folder) and its line or item. */
function where(row: SourceRow): string {
  const file = path.basename(row.file);
  return row.lineKind === 'item' ? `${file} 第 ${row.line} 条` : `${file}:${row.line}`;
}

function addRef(map: Map<string, DecisionRef[]>, entryId: string, ref: DecisionRef) {
  const list = map.get(entryId) ?? [];
  list.push(ref);
  map.set(entryId, list);
}

async function loadCases(dir: string, problems: Problem[]): Promise<PublicityCase[]> {
  const cases: PublicityCase[] = [];
  for (const file of await listFiles(dir, ['.md'])) {
    const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
    if (!match) {
      problems.push({ severity: 'error', file, line: 1, message: '缺少以 --- 包围的头信息（frontmatter）。', action: '该案例暂缓发布。' });
      continue;
    }
    let frontmatter: Record<string, unknown>;
    try {
      frontmatter = (parseYaml(match[1]!) ?? {}) as Record<string, unknown>;
    } catch (error) {
      problems.push({ severity: 'error', file, line: 1, message: `头信息不是有效的 YAML：${(error as Error).message}`, action: '该案例暂缓发布。' });
      continue;
    }
    const slug = path.basename(file, '.md');
    const result = caseSchema.safeParse({ ...frontmatter, date: frontmatter.date instanceof Date ? frontmatter.date.toISOString().slice(0, 10) : frontmatter.date, slug, body: match[2] });
    if (!result.success) {
      problems.push(...issuesToProblems({ file, line: 1, lineKind: 'line', values: {} }, slug, result.error.issues, CASE_LABELS).map((p) => ({ ...p, action: '该案例暂缓发布；请修正头信息。' })));
      continue;
    }
    cases.push(result.data);
  }
  return cases.sort((a, b) => b.date.localeCompare(a.date) || a.slug.localeCompare(b.slug));
}

async function loadMeasures(file: string, problems: Problem[]): Promise<MeasureCatalog> {
  const empty: MeasureCatalog = { source: '', groups: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    problems.push({ severity: 'error', file, message: `无法读取惩戒措施目录：${(error as Error).message}`, action: '运行 node scripts/extract-measures.ts 重新生成。' });
    return empty;
  }
  const result = measureCatalogSchema.safeParse(raw);
  if (!result.success) {
    problems.push({ severity: 'error', file, message: `惩戒措施目录不符合约定：${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；')}`, action: '运行 node scripts/extract-measures.ts 重新生成。' });
    return empty;
  }
  return result.data;
}

async function loadSiteInfo(file: string, problems: Problem[]): Promise<SiteInfo> {
  // Without a usable site.json the data is treated as sample data: claiming real data by default would be worse.
  const fallback: SiteInfo = { city: '本溪市', sampleData: true };
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return fallback;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    problems.push({ severity: 'error', file, message: `site.json 无法解析：${(error as Error).message}`, action: '已按示例数据处理。' });
    return fallback;
  }
  const result = siteSchema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field = issue.path.join('.');
    problems.push({ severity: 'error', file, field, fieldLabel: SITE_LABELS[field as keyof typeof SITE_LABELS], message: issue.message, action: '已按示例数据处理，运营单位信息不显示。请修正 site.json。' });
  }
  // A typo elsewhere in the file must not switch the signature requirement off.
  const required = typeof value === 'object' && value !== null && (value as { requireSignedBatches?: unknown }).requireSignedBatches === true;
  return required ? { ...fallback, requireSignedBatches: true } : fallback;
}

const COURT_DIRECTORY_ACTION = '该法院的记录页将不显示地址和电话，只提示到中国执行信息公开网查询。请修正 courts.json。';

/**
 * The court directory (content/courts.json). An invalid record is left out, not guessed at;
 * a published entry's court that is not in the directory is reported, and its pages point to
 * the national site instead.
 */
export async function loadCourtDirectory(file: string, entries: readonly Pick<PublishedEntry, 'court'>[], problems: Problem[]): Promise<CourtContact[]> {
  const courts: CourtContact[] = [];
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    // No directory at all is the operator's choice (content/README.md): every entry page then
    // points to the national site. A directory that cannot be read is a mistake to report.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      problems.push({ severity: 'error', file, message: `法院目录无法读取或解析：${(error as Error).message}`, action: `整个目录未采用。${COURT_DIRECTORY_ACTION}` });
    }
    value = undefined;
  }
  if (value !== undefined) {
    const directory = courtDirectorySchema.safeParse(value);
    if (!directory.success) {
      problems.push({ severity: 'error', file, field: 'courts', fieldLabel: COURT_LABELS.courts, message: '应为 { "courts": [ … ] }：一个含 courts 数组的对象。', action: COURT_DIRECTORY_ACTION });
    } else {
      const seen = new Set<string>();
      directory.data.courts.forEach((raw, i) => {
        const name = typeof raw === 'object' && raw && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name.trim() || undefined : undefined;
        const where = { severity: 'error' as const, file, line: i + 1, lineKind: 'item' as const, recordId: name };
        const result = courtContactSchema.safeParse(raw);
        if (!result.success) {
          for (const issue of result.error.issues) {
            const field = issue.code === 'unrecognized_keys' ? issue.keys.join('、') : issue.path.length ? String(issue.path[0]) : undefined;
            problems.push({ ...where, field, fieldLabel: field ? COURT_LABELS[field as keyof typeof COURT_LABELS] : undefined, message: issue.message, action: `该条未采用。${COURT_DIRECTORY_ACTION}` });
          }
          return;
        }
        if (seen.has(result.data.name)) {
          problems.push({ ...where, field: 'name', fieldLabel: COURT_LABELS.name, message: `法院“${result.data.name}”重复出现。`, action: '只采用第一条。请删去重复的记录。' });
          return;
        }
        seen.add(result.data.name);
        courts.push(result.data);
      });
    }
  }
  const known = new Set(courts.map((c) => c.name));
  if (value !== undefined) {
    for (const court of new Set(entries.map((e) => e.court))) {
      if (known.has(court)) continue;
      problems.push({ severity: 'warning', file, recordId: court, field: 'name', fieldLabel: COURT_LABELS.name, message: `法院目录中没有“${court}”，该法院的记录页不显示地址和电话。`, action: '记录页改为提示到中国执行信息公开网查询。请在 courts.json 中为该法院加一条记录（名称与执行法院一栏完全一致）。' });
    }
  }
  return courts;
}
