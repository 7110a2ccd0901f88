// The bulk data under /data/: the whole list (JSON and CSV) and the change feed (JSON and
// Atom). Each is a pure function of the published state and the ledger, written by the build
// beside the pages Astro renders. They are not Astro endpoints because express delisting
// (scripts/lib/express.ts) must rewrite them without handing Astro all 100,000 entries; the
// full build writes them while Astro renders, on the other core.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { atomFeed } from './atom.ts';
import type { BuildState, ChangeEvent } from './build-state.ts';
import type { PublishedEntry } from './publish-state.ts';
import { ENTRY_LABELS } from './schema/entry.ts';
import { SITE_URL } from './site-url.ts';

export const EXPORT_FILES = ['data/entries.json', 'data/entries.csv', 'data/changes.json', 'data/changes.atom'] as const;

type ExportState = Pick<BuildState, 'entries' | 'asOf' | 'builtAt' | 'site'>;

/** The whole published list, for departments and banks that check people against it. */
export function entriesJson(state: ExportState, changes: readonly ChangeEvent[]): string {
  const { entries, asOf, builtAt, site } = state;
  return JSON.stringify({ format: 'gongshi-entries/1', city: site.city, sampleData: site.sampleData, asOf, builtAt, lastChangeSeq: changes.at(-1)?.seq ?? 0, count: entries.length, entries });
}

const CSV_COLUMNS = ['id', 'kind', 'name', 'gender', 'age', 'idNumberMasked', 'creditCode', 'legalRepresentative', 'court', 'district', 'province', 'caseNumber', 'filedOn', 'basisDocNumber', 'basisIssuer', 'obligation', 'performance', 'performedPart', 'unperformedPart', 'behaviours', 'publishedOn', 'listingEndsOn'] as const;

function cell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(';') : value === undefined || value === null ? '' : String(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 with BOM so Excel opens it correctly; Chinese labels in the header row, field names in the second. */
export function entriesCsv(entries: readonly PublishedEntry[]): string {
  const lines = [CSV_COLUMNS.map((c) => cell(ENTRY_LABELS[c as keyof typeof ENTRY_LABELS] ?? c)).join(','), CSV_COLUMNS.join(',')];
  for (const entry of entries) lines.push(CSV_COLUMNS.map((c) => cell((entry as Record<string, unknown>)[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The append-only change feed: ADD / MOD / DEL events in `seq` order (format in content/README.md). */
export function changesJson(state: ExportState, changes: readonly ChangeEvent[]): string {
  const { builtAt, asOf, site } = state;
  return JSON.stringify({ format: 'gongshi-changes/1', city: site.city, sampleData: site.sampleData, asOf, builtAt, lastSeq: changes.at(-1)?.seq ?? 0, events: changes });
}

const OP_LABEL = { ADD: '纳入公开', MOD: '信息更新', DEL: '撤下' } as const;

/** The latest 500 change events as Atom, for feed readers; changes.json has them all. */
export function changesAtom(state: ExportState, changes: readonly ChangeEvent[]): string {
  const url = (p: string) => new URL(p, SITE_URL).href;
  return atomFeed({
    id: url('/data/changes.atom'),
    title: `${state.site.city}失信被执行人名单变更`,
    self: url('/data/changes.atom'),
    alternate: url('/notices/'),
    updated: state.builtAt,
    entries: changes.slice(-500).reverse().map((e) => ({
      id: url(`/data/changes.json#${e.seq}`),
      title: `${e.op} ${OP_LABEL[e.op]}${e.type ? `（${e.type}）` : ''}：${e.caseNumber}`,
      updated: e.recordedAt,
      link: url(`/entry/${encodeURIComponent(e.entryId)}/`),
      summary: `记录 ${e.entryId}，${e.court}，${e.date}${e.docNumber ? `，决定书 ${e.docNumber}` : ''}`,
    })),
  });
}

/**
 * Writes the four files under `root`; each appears whole (temporary file, then rename). Each
 * file is written while the next is serialised.
 */
export async function writeExports(root: string, state: ExportState, changes: readonly ChangeEvent[]): Promise<void> {
  await mkdir(path.join(root, 'data'), { recursive: true });
  const write = async (file: (typeof EXPORT_FILES)[number], text: string) => {
    const target = path.join(root, file);
    await writeFile(`${target}.tmp`, text);
    await rename(`${target}.tmp`, target);
  };
  await Promise.all([
    write('data/entries.json', entriesJson(state, changes)),
    write('data/entries.csv', entriesCsv(state.entries)),
    write('data/changes.json', changesJson(state, changes)),
    write('data/changes.atom', changesAtom(state, changes)),
  ]);
}
