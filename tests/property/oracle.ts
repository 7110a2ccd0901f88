// What must be true of a build of generated content, judged from the rules in content/README.md
// and issue 9, not from the code under test: which records must be hidden on a build date, which
// must be published, and whether an output folder shows anything it must not.
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { READ_CACHE_FOLDER } from '../../scripts/lib/read-cache.ts';
import { ageOn, visible, type EntryFacts, type Facts } from './scenario.ts';
import { fileText, read } from './reader.ts';

/** What earlier builds of the sequence made true: decided and expired ids never come back. */
export interface History {
  decided: Map<number, string>;
  expired: Map<number, string>;
  /** Hidden at the last build that went live. */
  lastHidden: Map<number, string> | null;
  /** The ledger file after the last build that went live. */
  ledger: string;
  liveStamp: string | null;
}

export const emptyHistory = (): History => ({ decided: new Map(), expired: new Map(), lastHidden: null, ledger: '', liveStamp: null });

export interface Expectations {
  date: string;
  /** Entry index → why it must not be public. */
  hidden: Map<number, string>;
  /** Entries that must be public. */
  published: Set<number>;
  /** Why this build may refuse to run (a damaged decision file), or null: it must succeed. */
  mayFail: string | null;
  /** Decisions in effect on this date: their entries are decided for good once this build is live. */
  effective: Map<number, string>;
}

function minorReason(e: EntryFacts, date: string): string | null {
  if (e.party.kind !== 'person') return null;
  // Under 18 on the publication date or on the build date, whichever comes first.
  const earlier = e.publishedOn < date ? e.publishedOn : date;
  if (e.birth) {
    const age = ageOn(e.birth, earlier);
    return age < 18 ? `born ${e.birth}: ${age} on ${earlier}` : null;
  }
  // A masked number keeps the birth year only: assume the latest birthday.
  const age = Number(earlier.slice(0, 4)) - e.birthYear! - 1;
  return age < 18 ? `born in ${e.birthYear} (masked number): possibly ${age} on ${earlier}` : null;
}

export function expectationsAt(f: Facts, step: number, history: History): Expectations {
  const date = f.dates[step]!;
  const present = f.decisionFiles.filter((d) => d.arrives <= step && !(d.fate?.action === 'delete' && step >= d.fate.step));
  const truncated = present.filter((d) => d.fate?.action === 'truncate' && step >= d.fate.step);
  const intact = new Set(present.filter((d) => !truncated.includes(d)).map((d) => d.file));
  const damaged = [...truncated.map((d) => `${d.file} truncated`), ...present.filter((d) => d.badRow).map((d) => `${d.file} has an unreadable row`)];
  const hidden = new Map<number, string>();
  const published = new Set<number>();
  const effective = new Map<number, string>();
  for (const e of f.entries) {
    const reasons: string[] = [];
    if (e.alwaysHidden) reasons.push(e.alwaysHidden);
    if (e.publishedOn > date) reasons.push(`publishedOn ${e.publishedOn} is after the build date`);
    const minor = minorReason(e, date);
    if (minor) reasons.push(`a minor (${minor})`);
    if (e.listingEndsOn !== null && e.listingEndsOn < date) reasons.push(`listing ended ${e.listingEndsOn}`);
    const naming = f.decisions.filter((d) => d.canonTarget === e.canon);
    const namingNow = naming.filter((d) => intact.has(d.file));
    if (namingNow.length) reasons.push(`named by decision ${namingNow.map((d) => `${d.id} (${d.file}, entryId ${visible(d.entryId)}, ${d.validity}, ${d.decidedOn})`).join(', ')}`);
    const inEffect = namingNow.filter((d) => d.validity !== 'invalid' && d.decidedOn <= date);
    if (inEffect.length) effective.set(e.index, `decision ${inEffect[0]!.id} of ${inEffect[0]!.decidedOn}`);
    const decided = history.decided.get(e.index);
    if (decided) reasons.push(`decided in an earlier build (${decided})`);
    const expired = history.expired.get(e.index);
    if (expired) reasons.push(`expired in an earlier build (${expired})`);
    if (reasons.length) hidden.set(e.index, reasons.join('; '));
    else if (e.publishable && !naming.some((d) => d.arrives <= step)) published.add(e.index);
  }
  return { date, hidden, published, mayFail: damaged.length ? damaged.join('; ') : null, effective };
}

/** After a build went live: what it decided and expired stays so. */
export function advanceHistory(f: Facts, exp: Expectations, history: History, ledger: string, liveStamp: string | null): void {
  for (const [index, why] of exp.effective) if (!history.decided.has(index)) history.decided.set(index, `${why}, build of ${exp.date}`);
  for (const e of f.entries) {
    if (e.listingEndsOn !== null && e.listingEndsOn < exp.date && !history.expired.has(e.index)) history.expired.set(e.index, `ended ${e.listingEndsOn}, build of ${exp.date}`);
  }
  history.lastHidden = exp.hidden;
  history.ledger = ledger;
  history.liveStamp = liveStamp;
}

// ------------------------------------------------------------------ reading an output folder

async function* walk(dir: string): AsyncGenerator<string> {
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of dirents) {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) yield* walk(full);
    else if (d.isFile()) yield full;
  }
}

export async function liveStamp(out: string): Promise<string | null> {
  try {
    return path.basename(await readlink(path.join(out, 'site')));
  } catch {
    return null;
  }
}

interface Needle {
  text: string;
  what: string;
}

/** What of each hidden party must not be seen, and every full ID number (never to be seen). */
function needlesFor(f: Facts, hidden: ReadonlyMap<number, string>): Needle[] {
  const needles: Needle[] = [];
  for (const e of f.entries) {
    const p = e.party;
    if (p.idNumber) needles.push({ text: read(p.idNumber), what: `full ID number of ${e.id}` });
    const why = hidden.get(e.index);
    if (!why) continue;
    const label = `of ${e.id}, hidden: ${why}`;
    needles.push({ text: read(p.name), what: `name ${p.name} ${label}` });
    if (p.masked) needles.push({ text: read(p.masked), what: `masked ID number ${p.masked} ${label}` });
    if (p.creditCode) needles.push({ text: read(p.creditCode), what: `credit code ${p.creditCode} ${label}` });
    if (p.legalRepresentative) needles.push({ text: read(p.legalRepresentative), what: `legal representative ${p.legalRepresentative} ${label}` });
  }
  return needles;
}

/** (a) Every file under the output folder, read as a person reads it. */
export async function scanFolder(out: string, f: Facts, hidden: ReadonlyMap<number, string>): Promise<string[]> {
  const needles = needlesFor(f, hidden);
  const files = new Map<Needle, string[]>();
  for await (const file of walk(out)) {
    // Not the read cache: it mirrors content/, which keeps every batch as received
    // (scripts/lib/read-cache.ts); like content/, it is never served.
    if (path.relative(out, file).startsWith(`${READ_CACHE_FOLDER}${path.sep}`)) continue;
    const text = read(fileText(file, await readFile(file)));
    for (const n of needles) if (text.includes(n.text)) files.set(n, [...(files.get(n) ?? []), path.relative(out, file)]);
  }
  return [...files].map(([n, where]) => `the ${n.what} can be read in ${where.length} file(s): ${where.slice(0, 4).join(', ')}${where.length > 4 ? ' …' : ''}`);
}

/** The hidden parties' data that a build's console output shows. */
export function scanLog(log: string, f: Facts, hidden: ReadonlyMap<number, string>): string[] {
  const text = read(log);
  return needlesFor(f, hidden).filter((n) => text.includes(n.text)).map((n) => `the ${n.what} can be read in the build's console output`);
}

interface Published {
  ids: string[];
  count: number;
  lastChangeSeq: number;
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Ids in the search index's result cards (search/i/cards/*.json: [slot, id, …] or null). */
async function indexedIds(release: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const file of walk(path.join(release, 'search'))) {
    if (path.basename(path.dirname(file)) !== 'cards' || !file.endsWith('.json')) continue;
    const cards = await readJson<unknown[]>(file);
    for (const card of cards ?? []) if (Array.isArray(card) && typeof card[1] === 'string' && (typeof card[0] !== 'number' || card[0] >= 0)) ids.push(card[1]);
  }
  return ids;
}

async function csvIds(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  // entries.en.csv: one row of field names, ids as they are; an id never needs quoting.
  return text.split(/\r?\n/).slice(1).filter(Boolean).map((line) => line.split(',')[0]!.replace(/^"|"$/g, ''));
}

interface ChangeEvent {
  seq: number;
  op: 'ADD' | 'MOD' | 'DEL';
  entryId: string;
}

function parseLedger(text: string): ChangeEvent[] | string {
  const events: ChangeEvent[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as ChangeEvent);
    } catch {
      return `ledger line ${i + 1} is not JSON`;
    }
  }
  return events;
}

/**
 * (b) hidden ids not public, publishable ids public; (c) counts add up; (d) the change feed
 * replays to the live list, seq by seq, and only ever grows.
 */
export async function checkRelease(out: string, f: Facts, exp: Expectations, history: History): Promise<{ violations: string[]; ledger: string }> {
  const v: string[] = [];
  const stamp = await liveStamp(out);
  if (!stamp) return { violations: ['the build returned but no release is live'], ledger: '' };
  // A publication patches the live release or makes a new one (scripts/lib/publish.ts); either
  // way the live release carries the list of what its pages read, for the next plan.
  if (!(await readJson(path.join(out, '.work', stamp, 'outputs.json')))) v.push(`the build returned but .work/${stamp}/outputs.json is missing: the next publication cannot plan`);
  const release = path.join(out, 'releases', stamp);

  const entriesJson = await readJson<{ count: number; lastChangeSeq: number; entries: { id: string; idNumber?: unknown; disclose?: unknown }[] }>(path.join(release, 'data/entries.json'));
  if (!entriesJson) return { violations: [...v, 'data/entries.json is missing or not JSON'], ledger: '' };
  const live: Published = { ids: entriesJson.entries.map((e) => e.id), count: entriesJson.count, lastChangeSeq: entriesJson.lastChangeSeq };
  if (entriesJson.entries.some((e) => 'idNumber' in e || 'disclose' in e)) v.push('data/entries.json carries idNumber or disclose');

  // (b)
  // By the exact id: a record whose id differs only in case is another record (and is checked on its own).
  const where = new Map<string, string[]>();
  const note = (id: string, place: string) => where.set(id, [...(where.get(id) ?? []), place]);
  for (const id of live.ids) note(id, 'data/entries.json');
  for (const id of await csvIds(path.join(release, 'data/entries.en.csv'))) note(id, 'data/entries.en.csv');
  for (const id of await indexedIds(release)) note(id, 'the search index');
  for (const e of f.entries) {
    const why = exp.hidden.get(e.index);
    if (why) {
      const places = where.get(e.id);
      if (places) v.push(`${e.id} is published (${[...new Set(places)].join(', ')}) but must be hidden: ${why}`);
      const page = await readFile(path.join(release, 'entry', e.id, 'index.html'), 'utf8').catch(() => '');
      if (page.includes('data-entry-id=')) v.push(`entry/${e.id}/index.html is an entry page but ${e.id} must be hidden: ${why}`);
    } else if (exp.published.has(e.index) && !where.get(e.id)?.includes('data/entries.json')) {
      v.push(`${e.id} (${e.file}, ${e.status}) is a valid, adult, disclosed, current, undecided record but is not in data/entries.json`);
    }
  }

  // (c)
  const report = await readJson<{ stamp?: string; counts?: Record<string, unknown> }>(path.join(out, '.work', stamp, 'build-report.json'));
  if (!report?.counts) v.push(`.work/${stamp}/build-report.json is missing or has no counts`);
  else {
    const counts = report.counts;
    const received = Number(counts.received);
    const parts = Object.entries(counts).filter(([k, n]) => k !== 'received' && typeof n === 'number');
    const sum = parts.reduce((a, [, n]) => a + (n as number), 0);
    if (sum !== received) v.push(`counts do not add up: received ${received} ≠ ${parts.map(([k, n]) => `${k} ${n}`).join(' + ')}`);
    if (counts.published !== live.ids.length || live.count !== live.ids.length) v.push(`counts.published ${String(counts.published)}, entries.json count ${live.count}, entries listed ${live.ids.length}`);
  }

  // (d)
  const ledgerText = await readFile(path.join(out, 'ledger/changes.jsonl'), 'utf8').catch(() => '');
  const ledger = parseLedger(ledgerText);
  if (typeof ledger === 'string') v.push(ledger);
  else {
    ledger.forEach((e, i) => {
      if (e.seq !== i + 1) v.push(`ledger event ${i + 1} has seq ${e.seq}: seqs must run 1, 2, 3 … without gaps or reuse`);
    });
    const previous = history.ledger.split('\n').filter(Boolean);
    const now = ledgerText.split('\n').filter(Boolean);
    const rewritten = previous.findIndex((line, i) => now[i] !== line);
    if (rewritten >= 0) v.push(`the ledger rewrote or lost event ${rewritten + 1} of the previous build (${previous[rewritten]} → ${now[rewritten] ?? 'missing'})`);
    const state = new Set<string>();
    for (const e of ledger) {
      if (e.op === 'DEL') state.delete(e.entryId);
      else state.add(e.entryId);
    }
    const listed = new Set(live.ids);
    const extra = [...state].filter((id) => !listed.has(id));
    const missing = [...listed].filter((id) => !state.has(id));
    if (extra.length || missing.length) v.push(`the change feed replayed from seq 1 is not the live list: in the feed only ${JSON.stringify(extra)}, in entries.json only ${JSON.stringify(missing)}`);
    const lastSeq = ledger.at(-1)?.seq ?? 0;
    if (live.lastChangeSeq !== lastSeq) v.push(`entries.json lastChangeSeq ${live.lastChangeSeq} but the ledger ends at ${lastSeq}`);
    const feed = await readJson<{ lastSeq: number; events: unknown[] }>(path.join(release, 'data/changes.json'));
    if (!feed) v.push('data/changes.json is missing or not JSON');
    else if (feed.lastSeq !== lastSeq || JSON.stringify(feed.events) !== JSON.stringify(ledger)) v.push(`data/changes.json (lastSeq ${feed.lastSeq}, ${feed.events.length} events) is not the ledger (${ledger.length} events)`);
  }
  return { violations: v, ledger: ledgerText };
}
