// The one way in for data. Everything under content/ is read, validated and normalised
// here, and everything downstream (pages, search index, exports, feeds, verify) reads
// the PublishState this module produces. Nothing else re-reads content/.
// Two stages: what each file says on its own (ingest/read-files.ts: parsed, every record
// validated; kept by content hash when a read cache is given), then what needs the build date
// or more than one file (here, on every run): duplicates across batches, signatures, decisions
// and the entries they name, publication, expiry, hidden parties named in other records.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ENTRY_LABELS, type Entry } from './schema/entry.ts';
import { DECISION_LABELS, type Decision } from './schema/decision.ts';
import type { PublicityCase } from './schema/case.ts';
import type { MeasureCatalog } from './schema/measure.ts';
import { idKey } from './schema/fields.ts';
import { SITE_LABELS, siteSchema, type SiteInfo } from './schema/site.ts';
import { COURT_LABELS, courtContactSchema, courtDirectorySchema, type CourtContact } from './schema/court.ts';
import { forEachBatchFile, listFiles } from './ingest/read-folder.ts';
import {
  courtDirectoryUnreadable,
  isCaseFileRead,
  isCourtDirectoryFileRead,
  isDecisionFileRead,
  isEntryFileRead,
  isMeasuresFileRead,
  measuresUnreadable,
  readCaseFile,
  readCourtDirectoryFile,
  readDecisionFile,
  readEntryFile,
  readMeasuresFile,
  type CourtDirectoryFileRead,
  type DecisionFileRead,
  type EntryFileRead,
  type RowPlace,
} from './ingest/read-files.ts';
import { keptRead, ReadCache } from './read-cache.ts';
import { publicityOf, type DecisionRef } from './rules/publicity.ts';
import type { Problem } from './report.ts';
import { action, problem } from './problems.ts';
import type { DecisionType } from './rules/delisting-grounds.ts';
import { PinyinMemo } from './pinyin.ts';
import { hiddenParty, preparedEntries, withholdHiddenMentions, withoutPublicCollisions, type SensitiveRecord } from './hidden-parties.ts';
import { addDays } from './shared/dates.ts';
import { checkBatch, parsePublicKey, type BatchSource, type CourtKey } from './batch-signature.ts';
import type { Provenance } from './schema/provenance.ts';
import { publishedPart } from './entry-hash.ts';
import { newestFirst } from './list-order.ts';
import { appendAll } from './arrays.ts';

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
  /**
   * What verify looks for. Worked out when first read (a pass over every published value, half a
   * second at 100,000 entries), from what this load decided: a publication with nothing to
   * publish never reads it.
   */
  readonly sensitive: SensitiveRecord[];
  problems: Problem[];
  /** SHA-256 of every entry batch file read, refused ones too: the build records when each was first received. */
  batchHashes: string[];
  /**
   * Each published entry's entryHash (entry-hash.ts), by the very object in `state.entries`:
   * made with its read and kept with it by the read cache, so a run with no change hashes nothing
   * (newChangeEvents takes it). An entry replaced after the load (a new object) is not in it, and is hashed anew; entries are never changed in place.
   */
  entryHashes: Map<PublishedEntry, string>;
}

function reportUnknownColumns(unknownByFile: Map<string, Set<string>>, problems: Problem[]): void {
  for (const [file, columns] of unknownByFile) {
    if (columns.size === 0) continue;
    problems.push(problem('UnknownEntryColumns', { columns: [...columns] }, {
      severity: 'warning',
      file,
      action: action('UnknownColumnsNotPublished'),
    }));
  }
}

export interface LoadOptions {
  /**
   * A folder where each content file's read (parse and per-record validation) is kept by the
   * hash of its bytes, or a ReadCache on one (read-cache.ts). Unchanged files are then not read
   * again; the result is the same as without it. It holds content/'s records: keep it where
   * nothing is served (the build: <out>/.read-cache). Kept reads of files not seen by a
   * successful load are removed at its end.
   */
  readCache?: string | ReadCache;
}

/**
 * @param departed the entries this output folder already took off the list for good (decided
 *   or expired, as its change feed records: `departuresOf` in build-state.ts). They stay off
 *   even when their decision file is gone, and keep their notice.
 */
export async function loadPublishState(contentDir: string, asOf: string, pinyin = new PinyinMemo(), departed: readonly GoneEntry[] = [], receivedOn: Readonly<Record<string, string>> = {}, options: LoadOptions = {}): Promise<LoadResult> {
  const cache = typeof options.readCache === 'string' ? new ReadCache(options.readCache) : options.readCache;
  cache?.start();
  let loaded = false;
  try {
    const result = await load(contentDir, asOf, pinyin, departed, receivedOn, cache);
    loaded = true;
    return result;
  } finally {
    await cache?.finish(loaded);
  }
}

/**
 * Everything from here on is decided on every run: it depends on the build date or on more than
 * one file. What one file says on its own comes from ingest/read-files.ts, kept by content hash.
 */
async function load(contentDir: string, asOf: string, pinyin: PinyinMemo, departed: readonly GoneEntry[], receivedOn: Readonly<Record<string, string>>, cache: ReadCache | undefined): Promise<LoadResult> {
  const problems: Problem[] = [];
  const sensitive: SensitiveRecord[] = [];
  // Before the batches: whether they must be signed, and by which keys (batch-signature.ts).
  const site = await loadSiteInfo(path.join(contentDir, 'site.json'), problems);
  const courtKeys = await loadCourtKeys(path.join(contentDir, 'courts.json'));
  const sources = new Map<string, BatchSource>();
  const onFile = async (file: string, bytes: Uint8Array) => void sources.set(file, await checkBatch(file, bytes, courtKeys, site.requireSignedBatches === true, problems));

  // Entries.
  const batches: { file: string; read: EntryFileRead }[] = [];
  await forEachBatchFile(path.join(contentDir, 'entries'), problems, 'entries', { onFile }, async (file, bytes) => {
    // onFile hashed these very bytes (checkBatch): the cache need not hash them again.
    const read = await keptRead(cache, 'entries', file, bytes, isEntryFileRead, readEntryFile, sources.get(file)?.sha256);
    appendAll(problems, read.problems);
    batches.push({ file, read });
    return [];
  });
  // Rows of refused files and rows read only in part are withheld, and stay hidden parties.
  let received = 0;
  let refused = 0;
  for (const { read } of batches) {
    appendAll(sensitive, read.withheld);
    refused += read.withheld.length;
    received += read.withheld.length + read.rows.length;
  }
  const unknownByFile = new Map<string, Set<string>>();
  const parsed = new Map<string, { entry: Entry; row: RowPlace; hash: string }>();
  const duplicateIds = new Set<string>();
  let invalid = 0;
  /** Rows that failed validation, by id: a valid record sharing the id is one of two claims to it. */
  const invalidRows = new Map<string, RowPlace>();
  for (const { file, read } of batches) {
    if (read.unknownColumns.length) unknownByFile.set(file, new Set(read.unknownColumns));
    for (const r of read.rows) {
      const row: RowPlace = { file, line: r.line, lineKind: r.lineKind };
      if (!('entry' in r)) {
        invalid++;
        appendAll(problems, r.issues);
        sensitive.push(r.hidden);
        if (r.recordId) invalidRows.set(idKey(r.recordId), row);
        continue;
      }
      const entry = r.entry;
      const earlier = parsed.get(idKey(entry.id));
      if (earlier) {
        if (JSON.stringify(earlier.entry) === JSON.stringify(entry)) {
          invalid++; // the same record sent twice counts once as published, once as withheld
          problems.push(problem('DuplicateRecord', { earlier: where(earlier.row) }, { severity: 'warning', file: row.file, line: row.line, lineKind: row.lineKind, recordId: entry.id }));
          continue;
        }
        // Two different records claim one id: we cannot know which is right, so neither is published.
        duplicateIds.add(idKey(entry.id));
        invalid++;
        const place = { severity: 'error', file: row.file, line: row.line, lineKind: row.lineKind, recordId: entry.id, field: 'id', fieldLabel: ENTRY_LABELS.id, action: action('BothDuplicatesWithheld') } as const;
        problems.push(earlier.entry.id === entry.id ? problem('DuplicateId', { earlier: where(earlier.row) }, place) : problem('DuplicateIdOtherCase', { earlier: where(earlier.row), earlierId: earlier.entry.id }, place));
        sensitive.push(hiddenParty(entry.id, 'invalid', entry));
        continue;
      }
      parsed.set(idKey(entry.id), { entry, row, hash: r.hash });
    }
  }
  for (const [key, row] of invalidRows) {
    const valid = parsed.get(key);
    if (!valid || duplicateIds.has(key)) continue;
    duplicateIds.add(key);
    problems.push(problem('DuplicateIdOfInvalid', { earlier: where(row) }, { severity: 'error', file: valid.row.file, line: valid.row.line, lineKind: valid.row.lineKind, recordId: valid.entry.id, field: 'id', fieldLabel: ENTRY_LABELS.id, action: action('BothDuplicatesWithheld') }));
  }
  for (const key of duplicateIds) {
    const kept = parsed.get(key)!;
    sensitive.push(hiddenParty(kept.entry.id, 'invalid', kept.entry));
    parsed.delete(key);
    invalid++;
  }
  reportUnknownColumns(unknownByFile, problems);

  const departedById = new Map(departed.map((g) => [idKey(g.id), g]));
  const { decisions, decisionRefs } = await loadDecisions(contentDir, (id) => parsed.has(idKey(id)) || duplicateIds.has(idKey(id)) || departedById.has(idKey(id)), asOf, problems, cache);

  // Publication.
  let entries: PublishedEntry[] = [];
  const gone: GoneEntry[] = [];
  const counts: PublishCounts = { received, published: 0, withheld: invalid + refused, expired: 0, decided: 0 };
  const decisionById = new Map(decisions.map((d) => [d.id, d]));
  const hashes = new Map<PublishedEntry, string>();
  for (const [key, { entry, row, hash }] of parsed) {
    const before = departedById.get(key);
    const found = publicityOf(entry, decisionRefs.get(key) ?? [], asOf, before !== undefined);
    const source = sources.get(row.file);
    // A record of a refused batch is never published, but a decision on it is applied as on any other.
    const publicity = found.status === 'published' && !admitted(source, row, entry, problems) ? { status: 'withheld' as const } : found;
    if (publicity.status === 'published') {
      const { sha256, signedBy } = source!;
      const published: PublishedEntry = { ...publishedPart(entry), sourceFile: path.basename(row.file), sourceSha256: sha256, ...(signedBy ? { signedBy } : {}), receivedOn: receivedOn[sha256] ?? asOf };
      entries.push(published);
      hashes.set(published, hash);
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
  const courtDirectory = await loadCourtDirectory(path.join(contentDir, 'courts.json'), entries, problems, cache);
  const casesDir = path.join(contentDir, 'cases');
  const measures = await loadMeasures(path.join(contentDir, 'measures', 'catalog.json'), problems, cache);
  // Each entry's texts as the checks read them came with its read (kept by content hash): a run only matches.
  const prepared = preparedEntries(batches.flatMap(({ read }) => read.rows.filter((r) => 'entry' in r)));
  const screened = withholdHiddenMentions(sensitive, entries, await loadCases(casesDir, problems, cache), (e) => hiddenParty(e.id, 'withheld', e), prepared);
  for (const mention of screened.mentions) {
    const row = mention.kind === 'entry' ? parsed.get(idKey(mention.id))?.row : undefined;
    const place = { severity: 'error', file: row?.file ?? path.join(casesDir, `${mention.id}.md`), line: row?.line, lineKind: row?.lineKind, recordId: mention.id, field: mention.field, fieldLabel: mention.fieldLabel, action: action(mention.fullIdNumber ? 'FullIdNumberToRemove' : 'HiddenPartyToRemove', { kind: mention.kind }) } as const;
    const named = { record: mention.kind === 'entry' ? `记录 ${mention.id}` : `案例 ${mention.id}`, field: mention.field, fieldLabel: mention.fieldLabel };
    problems.push(mention.fullIdNumber ? problem('FullIdNumberInText', named, place) : problem('HiddenPartyNamed', { ...named, hiddenIds: mention.hiddenIds }, place));
  }
  appendAll(sensitive, screened.newlyHidden);
  counts.published -= screened.newlyHidden.length;
  counts.withheld += screened.newlyHidden.length;
  const { cases } = screened;
  entries = screened.entries;
  entries.sort(newestFirst);
  gone.sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));

  const goneDecisionIds = new Set(gone.map((g) => g.decisionId));
  const published = entries.slice();
  let screenedOut: SensitiveRecord[] | undefined;
  return {
    state: { asOf, site, courtDirectory, entries, gone, decisions: decisions.filter((d) => goneDecisionIds.has(d.id)), cases, measures, counts },
    get sensitive() {
      return (screenedOut ??= withoutPublicCollisions(sensitive, published, measures, pinyin, prepared));
    },
    problems,
    batchHashes: [...new Set([...sources.values()].map((s) => s.sha256))],
    // Those of entries screened out too: they are looked up by the entries published, never listed.
    entryHashes: hashes,
  };
}

/**
 * Whether a valid record may be published as far as its batch goes: the batch was not refused
 * (batch-signature.ts), and a signed batch names only its signing court as 执行法院 (a court
 * signs for its own listings, not another's).
 */
function admitted(source: BatchSource | undefined, row: RowPlace, entry: Entry, problems: Problem[]): boolean {
  if (!source || source.refused) return false;
  if (source.signedBy === undefined || source.signedBy === entry.court) return true;
  problems.push(problem('SignedForOtherCourt', { signedBy: source.signedBy, court: entry.court }, { severity: 'error', file: row.file, line: row.line, lineKind: row.lineKind, recordId: entry.id, field: 'court', fieldLabel: ENTRY_LABELS.court, action: action('SignedByOtherCourtWithheld') }));
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
export async function loadDecisions(contentDir: string, isKnown: (entryId: string) => boolean, asOf: string, problems: Problem[], cache?: ReadCache): Promise<{ decisions: Decision[]; decisionRefs: Map<string, DecisionRef[]> }> {
  const files: { file: string; read: DecisionFileRead }[] = [];
  await forEachBatchFile(path.join(contentDir, 'decisions'), problems, 'decisions', {}, async (file, bytes) => {
    const read = await keptRead(cache, 'decisions', file, bytes, isDecisionFileRead, readDecisionFile);
    appendAll(problems, read.problems);
    files.push({ file, read });
    return read.fatal;
  });
  const decisions: Decision[] = [];
  const decisionRefs = new Map<string, DecisionRef[]>();
  const decisionIds = new Map<string, RowPlace>();
  for (const { file, read } of files) {
    for (const r of read.rows) {
      const row: RowPlace = { file, line: r.line, lineKind: r.lineKind };
      const { entryId } = r;
      if (r.unknown) problems.push(r.unknown);
      const known = isKnown(entryId);
      if (!r.decision) {
        problems.push(
          ...(r.issues ?? []).map((p) => ({
            ...p,
            action: known ? action('InvalidDecisionWithholds', { entryId }) : action('InvalidDecisionVoid'),
          })),
        );
        if (known) addRef(decisionRefs, entryId, { id: r.recordId ?? `${row.file}:${row.line}`, decidedOn: '0000-00-00', valid: false });
        continue;
    }
    const decision = r.decision;
    if (!known) {
      problems.push(problem('DecisionForUnknownEntry', { entryId: decision.entryId }, { severity: 'error', file: row.file, line: row.line, lineKind: row.lineKind, recordId: decision.id, field: 'entryId', fieldLabel: DECISION_LABELS.entryId, action: action('DecisionForUnknownEntryVoid') }));
      continue;
    }
    if (decision.decidedOn > asOf) {
      problems.push(problem('DecisionInFuture', { decidedOn: decision.decidedOn, asOf }, { severity: 'warning', file: row.file, line: row.line, lineKind: row.lineKind, recordId: decision.id, field: 'decidedOn', fieldLabel: DECISION_LABELS.decidedOn, action: action('DecisionAwaitsItsDate') }));
      addRef(decisionRefs, idKey(decision.entryId), { id: decision.id, decidedOn: decision.decidedOn, valid: false });
      continue;
    }
    const first = decisionIds.get(idKey(decision.id));
    if (first) {
      // Which of the two is right is for the court to say; until then the entry stays down.
      problems.push(problem('DuplicateDecisionId', { earlier: where(first) }, { severity: 'error', file: row.file, line: row.line, lineKind: row.lineKind, recordId: decision.id, field: 'id', fieldLabel: DECISION_LABELS.id, action: action('DuplicateDecisionIdWithholds', { entryId: decision.entryId }) }));
      addRef(decisionRefs, idKey(decision.entryId), { id: `${decision.id}@${where(row)}`, decidedOn: decision.decidedOn, valid: false });
      continue;
    }
    decisionIds.set(idKey(decision.id), row);
    decisions.push(decision);
    addRef(decisionRefs, idKey(decision.entryId), { id: decision.id, decidedOn: decision.decidedOn, valid: true });
    }
  }

  return { decisions, decisionRefs };
}

/** Another row, as messages cite it: the file's name (same folder) and its line or item. */
function where(row: RowPlace): string {
  const file = path.basename(row.file);
  return row.lineKind === 'item' ? `${file} 第 ${row.line} 条` : `${file}:${row.line}`;
}

function addRef(map: Map<string, DecisionRef[]>, entryId: string, ref: DecisionRef) {
  const list = map.get(entryId) ?? [];
  list.push(ref);
  map.set(entryId, list);
}

async function loadCases(dir: string, problems: Problem[], cache?: ReadCache): Promise<PublicityCase[]> {
  const cases: PublicityCase[] = [];
  for (const file of await listFiles(dir, ['.md'])) {
    const read = await keptRead(cache, 'case', file, await readFile(file), isCaseFileRead, readCaseFile);
    appendAll(problems, read.problems);
    if (read.case) cases.push(read.case);
  }
  return cases.sort((a, b) => b.date.localeCompare(a.date) || a.slug.localeCompare(b.slug));
}

async function loadMeasures(file: string, problems: Problem[], cache?: ReadCache): Promise<MeasureCatalog> {
  const empty: MeasureCatalog = { source: '', groups: [] };
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    problems.push(measuresUnreadable(file, error));
    return empty;
  }
  const read = await keptRead(cache, 'measures', file, bytes, isMeasuresFileRead, readMeasuresFile);
  appendAll(problems, read.problems);
  return read.catalog ?? empty;
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
    problems.push(problem('SiteInfoUnparseable', { reason: (error as Error).message }, { severity: 'error', file, action: action('SiteInfoSampleUsed') }));
    return fallback;
  }
  const result = siteSchema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field = issue.path.join('.');
    problems.push(problem('FieldInvalid', { reason: issue.message }, { severity: 'error', file, field, fieldLabel: SITE_LABELS[field as keyof typeof SITE_LABELS], action: action('SiteInfoFieldSampleUsed') }));
  }
  // A typo elsewhere in the file must not switch the signature requirement off.
  const required = typeof value === 'object' && value !== null && (value as { requireSignedBatches?: unknown }).requireSignedBatches === true;
  return required ? { ...fallback, requireSignedBatches: true } : fallback;
}

/**
 * The court directory (content/courts.json). An invalid record is left out, not guessed at;
 * a published entry's court that is not in the directory is reported, and its pages point to
 * the national site instead.
 */
export async function loadCourtDirectory(file: string, entries: readonly Pick<PublishedEntry, 'court'>[], problems: Problem[], cache?: ReadCache): Promise<CourtContact[]> {
  let read: CourtDirectoryFileRead | undefined;
  try {
    read = await keptRead(cache, 'courts', file, await readFile(file), isCourtDirectoryFileRead, readCourtDirectoryFile);
    appendAll(problems, read.problems);
  } catch (error) {
    // No directory at all is the operator's choice (content/README.md): every entry page then
    // points to the national site. A directory that cannot be read is a mistake to report.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(courtDirectoryUnreadable(file, error));
  }
  const courts = read?.courts ?? [];
  const known = new Set(courts.map((c) => c.name));
  if (read?.parsed) {
    for (const court of new Set(entries.map((e) => e.court))) {
      if (known.has(court)) continue;
      problems.push(problem('CourtNotInDirectory', { court }, { severity: 'warning', file, recordId: court, field: 'name', fieldLabel: COURT_LABELS.name, action: action('AddCourtToDirectory') }));
    }
  }
  return courts;
}
