// node scripts/generate-sample.ts [--out content] [--entries 1000] [--seed 20181107] [--cases 20]
//
// Writes the bundled fictional sample into content/. It owns, and deletes before writing,
// only entries/sample-*, decisions/sample-* and cases/*.md — never measures/, README.md or
// site.json. The same seed gives byte-identical files.
//
// The entries are split over the input formats the pipeline accepts, by publication date:
//   entries/sample-2025-a.json       JSON array           (published up to 2025-06-30)
//   entries/sample-2025-b.jsonl      JSON Lines           (2025-07 … 2025-12)
//   entries/sample-2026-c.csv        UTF-8 with BOM, Chinese headers (ENTRY_LABELS), behaviours `1;3`
//                                    (2026-01 … 2026-06, and later rows that GBK cannot encode)
//   entries/sample-2026-d-gbk.csv    GBK, English headers, Excel-style dates 2026/7/14, full-width
//                                    brackets in case numbers, behaviours `1、3` (2026-07 …)
//
// INTENTIONALLY INVALID: entries/sample-2026-e-invalid.csv (UTF-8, English headers) has an extra
// `phone` column and five rows: three valid, one with a wrong ID-number checksum, and one holding
// a phone number and the impossible date 2026-02-30. It is there so every build of the sample
// shows how errors and unknown columns are reported; do not "fix" it.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { ENTRY_LABELS } from './lib/schema/entry.ts';
import { generateCases, type SampleCase } from './lib/sample/cases.ts';
import { ENTRY_FIELD_ORDER, generateDecisions, invalidFileRows, sampleEntries, type RawEntry } from './lib/sample/generate.ts';
import { appendAll } from './lib/arrays.ts';

export const SAMPLE_SEED = 20181107;
export const SAMPLE_FILES = {
  a: 'entries/sample-2025-a.json',
  b: 'entries/sample-2025-b.jsonl',
  c: 'entries/sample-2026-c.csv',
  d: 'entries/sample-2026-d-gbk.csv',
  invalid: 'entries/sample-2026-e-invalid.csv',
  decisions: 'decisions/sample-decisions.json',
} as const;

/** Lines per synthetic JSON Lines file, as a court system might split a large export. */
const SYNTHETIC_LINES_PER_FILE = 20_000;

// ---------------------------------------------------------------- formats

/**
 * RFC 4180 with CRLF line ends, as spreadsheet programs write it. Cells with space at either end
 * are quoted as well: the committed sample was written so, and the same seed must keep its bytes.
 */
function csv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([headers, ...rows] as string[][], { record_delimiter: 'windows', quote_record_delimiter: true, quoted_match: /^\s|\s$/ });
}

const CSV_FIELDS = ENTRY_FIELD_ORDER;

function chineseCsvRow(entry: RawEntry): string[] {
  const e = entry as unknown as Record<string, unknown>;
  return CSV_FIELDS.map((field) => {
    const value = e[field];
    if (value === undefined) return '';
    if (field === 'kind') return value === 'person' ? '自然人' : '法人或其他组织';
    if (field === 'disclose') return value ? '是' : '否';
    if (Array.isArray(value)) return value.join(';');
    return String(value);
  });
}

/** 2026-07-04 → 2026/7/4, the way Excel shows a date. */
const excelDate = (iso: string) => iso.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, '$1/$2/$3');

function gbkCsvRow(entry: RawEntry): string[] {
  const e = entry as unknown as Record<string, unknown>;
  return CSV_FIELDS.map((field) => {
    const value = e[field];
    if (value === undefined) return '';
    if (field === 'filedOn' || field === 'publishedOn' || field === 'listingEndsOn') return excelDate(String(value));
    if (field === 'caseNumber') return String(value).replace('(', '（').replace(')', '）');
    if (Array.isArray(value)) return value.join('、');
    return String(value);
  });
}

const gbkSafe = (entry: RawEntry): boolean => {
  const text = Object.values(entry).join('\u0001');
  return iconv.decode(iconv.encode(text, 'gbk'), 'gbk') === text;
};

/** Plain YAML scalars where safe, JSON-quoted (valid YAML) where a plain one would be misread. */
function yamlScalar(value: string): string {
  return /^[\s\-?:,[\]{}#&*!|>'"%@`]|: | #|\s$/.test(value) ? JSON.stringify(value) : value;
}

function caseMarkdown(c: SampleCase): string {
  return [
    '---',
    `title: ${yamlScalar(c.title)}`,
    `date: ${c.date}`,
    `court: ${yamlScalar(c.court)}`,
    `category: ${c.category}`,
    `summary: ${yamlScalar(c.summary)}`,
    `behaviours: [${c.behaviours.join(', ')}]`,
    `relatedCaseNumbers: [${c.relatedCaseNumbers.map((n) => JSON.stringify(n)).join(', ')}]`,
    '---',
    '',
    c.body,
  ].join('\n');
}

// ---------------------------------------------------------------- writing

function removeOwned(dir: string, sub: string, owned: (name: string) => boolean): void {
  const folder = path.join(dir, sub);
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(folder)) if (owned(name)) rmSync(path.join(folder, name));
}

function write(dir: string, file: string, data: string | Uint8Array): void {
  writeFileSync(path.join(dir, file), data);
}

const byPublication = (a: RawEntry, b: RawEntry) => a.publishedOn.localeCompare(b.publishedOn) || a.id.localeCompare(b.id);

/** The sample's cases, one per scenario. */
const SAMPLE_CASES = 20;

/**
 * `count` cases: the scenarios once over (the committed sample), then again with other seeds
 * (other parties, courts, dates and amounts; slugs end in -2, -3, …) for benchmarks of the
 * case pages and the full-text index.
 */
function writeCases(dir: string, seed: number, entries: readonly RawEntry[], count = SAMPLE_CASES): number {
  removeOwned(dir, 'cases', (name) => name.endsWith('.md'));
  const cases: SampleCase[] = [];
  for (let round = 0; cases.length < count; round++) {
    const batch = generateCases(seed + round, entries);
    if (batch.length === 0) break;
    appendAll(cases, batch.map((c) => (round === 0 ? c : { ...c, slug: `${c.slug}-${round + 1}` })));
  }
  for (const c of cases.slice(0, count)) write(dir, `cases/${c.slug}.md`, caseMarkdown(c));
  return Math.min(count, cases.length);
}

export interface WriteSummary {
  /** File (relative to the content folder) → number of records in it. */
  files: Record<string, number>;
  cases: number;
}

/** The committed sample: `entries` records over four formats, the invalid file, 5 decisions, 20 cases. */
export function writeSample(dir: string, { entries: total = 1000, seed = SAMPLE_SEED, cases: caseCount = SAMPLE_CASES }: { entries?: number; seed?: number; cases?: number } = {}): WriteSummary {
  removeOwned(dir, 'entries', (name) => name.startsWith('sample-'));
  removeOwned(dir, 'decisions', (name) => name.startsWith('sample-'));
  const entries = sampleEntries({ seed, total });

  const parts: Record<'a' | 'b' | 'c' | 'd', RawEntry[]> = { a: [], b: [], c: [], d: [] };
  for (const e of [...entries].sort(byPublication)) {
    if (e.publishedOn < '2025-07-01') parts.a.push(e);
    else if (e.publishedOn < '2026-01-01') parts.b.push(e);
    else if (e.publishedOn < '2026-07-01' || !gbkSafe(e)) parts.c.push(e);
    else parts.d.push(e);
  }
  write(dir, SAMPLE_FILES.a, JSON.stringify(parts.a, null, 2) + '\n');
  write(dir, SAMPLE_FILES.b, parts.b.map((e) => JSON.stringify(e) + '\n').join(''));
  write(dir, SAMPLE_FILES.c, '\uFEFF' + csv(CSV_FIELDS.map((f) => ENTRY_LABELS[f]), parts.c.map(chineseCsvRow)));
  write(dir, SAMPLE_FILES.d, iconv.encode(csv(CSV_FIELDS, parts.d.map(gbkCsvRow)), 'gbk'));

  const invalid = invalidFileRows();
  const invalidHeaders = [...CSV_FIELDS.filter((f) => invalid.some((row) => f in row)), 'phone'];
  write(dir, SAMPLE_FILES.invalid, csv(invalidHeaders, invalid.map((row) => invalidHeaders.map((h) => row[h] ?? ''))));

  const decisions = generateDecisions(seed, entries);
  write(dir, SAMPLE_FILES.decisions, JSON.stringify(decisions, null, 2) + '\n');

  const cases = writeCases(dir, seed, entries, caseCount);
  return {
    files: {
      [SAMPLE_FILES.a]: parts.a.length,
      [SAMPLE_FILES.b]: parts.b.length,
      [SAMPLE_FILES.c]: parts.c.length,
      [SAMPLE_FILES.d]: parts.d.length,
      [SAMPLE_FILES.invalid]: invalid.length,
      [SAMPLE_FILES.decisions]: decisions.length,
    },
    cases,
  };
}

/**
 * For benchmarks: `entries` records (fixtures included) as JSON Lines files of at most
 * 20,000 lines (entries/synthetic-001.jsonl …), plus the decisions and the same 20 cases.
 * Deletes only entries/synthetic-*, decisions/synthetic-* and cases/*.md in `dir`.
 */
export async function writeSyntheticContent(dir: string, { entries: total, seed, cases: caseCount = SAMPLE_CASES }: { entries: number; seed: number; cases?: number }): Promise<WriteSummary> {
  removeOwned(dir, 'entries', (name) => name.startsWith('synthetic-'));
  removeOwned(dir, 'decisions', (name) => name.startsWith('synthetic-'));
  const entries = sampleEntries({ seed, total });
  const files: Record<string, number> = {};
  for (let start = 0, n = 1; start < entries.length; start += SYNTHETIC_LINES_PER_FILE, n++) {
    const chunk = entries.slice(start, start + SYNTHETIC_LINES_PER_FILE);
    const file = `entries/synthetic-${String(n).padStart(3, '0')}.jsonl`;
    write(dir, file, chunk.map((e) => JSON.stringify(e) + '\n').join(''));
    files[file] = chunk.length;
  }
  const decisions = generateDecisions(seed, entries);
  write(dir, 'decisions/synthetic-decisions.json', JSON.stringify(decisions, null, 2) + '\n');
  files['decisions/synthetic-decisions.json'] = decisions.length;
  return { files, cases: writeCases(dir, seed, entries, caseCount) };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'content' },
      entries: { type: 'string', default: '1000' },
      seed: { type: 'string', default: String(SAMPLE_SEED) },
      cases: { type: 'string', default: String(SAMPLE_CASES) },
    },
  });
  const entries = Number(values.entries);
  const seed = Number(values.seed);
  const cases = Number(values.cases);
  if (!Number.isInteger(entries) || entries < 0 || !Number.isInteger(seed) || !Number.isInteger(cases) || cases < 0) {
    console.error('用法: node scripts/generate-sample.ts [--out content] [--entries 1000] [--seed 20181107] [--cases 20]');
    process.exit(2);
  }
  const summary = writeSample(values.out, { entries, seed, cases });
  for (const [file, count] of Object.entries(summary.files)) console.log(`${path.join(values.out, file)}: ${count}`);
  console.log(`${path.join(values.out, 'cases')}: ${summary.cases} 篇`);
}
