// Reads a folder of batch files (content/entries or content/decisions) into rows. Nothing in
// the folder is passed over in silence: a file we cannot read, of a type we do not know, too
// big, or whose columns could hide a field, is reported. In content/decisions every such file
// stops the build (UnreadableDecisionsError): a decision we could not read may be the one that
// keeps a delisted person off the site, and we cannot know which entries it named.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { columnProblems, decisionFieldForColumn, entryFieldForColumn, type TableKind } from './columns.ts';
import { readTable, tableFormatOf, type SourceRow, type TableProblem } from './read-table.ts';
import { ENTRY_LABELS } from '../schema/entry.ts';
import { DECISION_LABELS } from '../schema/decision.ts';
import { UnreadableDecisionsError, type Problem } from '../report.ts';
import { action, said, type ActionCode, type Said } from '../problems.ts';
import { SIGNATURE_EXTENSION } from '../batch-signature.ts';
import { appendAll } from '../arrays.ts';

/** Per batch file. A court's yearly export is tens of MB; more is a mistake, not a batch. */
const MAX_BATCH_FILE_BYTES = 200 * 1024 * 1024;

/** Files of a folder whose extension (any letter case) is one of `extensions`, by name; no hidden files. */
export async function listFiles(dir: string, extensions: string[]): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => extensions.some((ext) => name.toLowerCase().endsWith(ext.toLowerCase())) && !name.startsWith('.'))
    .sort()
    .map((name) => path.join(dir, name));
}

export interface ReadRowsOptions {
  maxFileBytes?: number;
  /**
   * Receives the rows that were read but are not handed on: every row of a file refused for
   * its columns, and entry rows the parser could only partly read. They are not published,
   * but they may be a minor's or an undisclosed party's: the caller keeps them as hidden.
   */
  onWithheld?: (row: SourceRow) => void;
  /**
   * Sees each batch file's bytes before they are parsed (its hash and signature are checked on
   * the very bytes that are published: batch-signature.ts).
   */
  onFile?: (file: string, bytes: Uint8Array) => void | Promise<void>;
}

const FILE_NOT_READ: Record<TableKind, ActionCode> = { entries: 'EntriesFileNotRead', decisions: 'DecisionsFileNotRead' };

/** One batch file as read: what readRows hands on or withholds, and what it found wrong. */
export interface BatchFileRows {
  /** Rows handed on (for decisions, malformed rows too: they are still validated). */
  rows: SourceRow[];
  /** Rows read but not handed on (see ReadRowsOptions.onWithheld). */
  withheld: SourceRow[];
  /** In the order found. */
  problems: Problem[];
  /** Decisions only: what makes the file unreadable, which stops the build. */
  fatal: Problem[];
}

/**
 * Everything readRows does with one file once its bytes are in hand: parse, check the columns,
 * sort the rows. A function of the file's path (its format, the messages) and bytes alone,
 * so its result can be kept by content hash (read-cache.ts).
 */
export function readBatchFile(file: string, bytes: Uint8Array, kind: TableKind): BatchFileRows {
  const out: BatchFileRows = { rows: [], withheld: [], problems: [], fatal: [] };
  const refuse = (what: Said, line?: number) => refusal(out, kind, file, what, line);
  const table = readTable(file, bytes);
  for (const p of table.problems) {
    if (p.unreadable && (kind === 'decisions' || p.line === undefined)) refuse(p, p.line);
    else out.problems.push(tableProblem(p));
  }
  const columns = table.headers ? [table.headers] : distinctKeySets(table.rows);
  const repeated = { duplicates: (table.repeatedKeys ?? []).map((key) => ({ field: fieldOf(kind, key), columns: [key, key] })), privacy: [] };
  const unsafe = [repeated, ...columns.map((c) => columnProblems(kind, c))].find((c) => c.duplicates.length || c.privacy.length);
  if (unsafe) {
    refuse(unsafeColumns(kind, unsafe));
    appendAll(out.withheld, table.rows);
    return out;
  }
  for (const row of table.rows) {
    if (!row.malformed) out.rows.push(row);
    else if (kind === 'decisions') {
      // Its cells may still name an entry: validated, it withholds that entry or takes it down.
      out.problems.push({ severity: 'error', file, line: row.line, lineKind: row.lineKind, ...row.malformed, action: action('DecisionRowStillChecked') });
      out.rows.push(row);
    } else {
      out.problems.push({ severity: 'error', file, line: row.line, lineKind: row.lineKind, ...row.malformed, action: action('Withheld') });
      out.withheld.push(row);
    }
  }
  return out;
}

/** A whole file (or folder) not read: an error for entries, a fatal one for decisions. */
function refusal(out: Pick<BatchFileRows, 'problems' | 'fatal'>, kind: TableKind, file: string, { code, message }: Said, line?: number): void {
  const refused: Problem = { severity: 'error', file, line, code, message, action: action(FILE_NOT_READ[kind]) };
  if (kind === 'decisions') out.fatal.push({ ...refused, fatal: true });
  else out.problems.push(refused);
}

/**
 * Walks the batch files of `dir` in name order, reporting onto `problems` what cannot be read
 * at all (a subfolder, an unknown type, too big, a read error), and hands each file's bytes to
 * `read`, which returns the fatal problems it found. For kind `decisions`, every fatal problem
 * is thrown at the end as one UnreadableDecisionsError, after the whole folder was looked at.
 */
export async function forEachBatchFile(dir: string, problems: Problem[], kind: TableKind, options: Pick<ReadRowsOptions, 'maxFileBytes' | 'onFile'>, read: (file: string, bytes: Uint8Array) => readonly Problem[] | Promise<readonly Problem[]>): Promise<void> {
  const maxBytes = options.maxFileBytes ?? MAX_BATCH_FILE_BYTES;
  const found = { problems, fatal: [] as Problem[] };
  const refuse = (file: string, what: Said) => refusal(found, kind, file, what);

  let names: { name: string; isFile: boolean }[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).map((d) => ({ name: d.name, isFile: d.isFile() || d.isSymbolicLink() }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') refuse(dir, said('FolderUnreadable', { reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
    names = [];
  }
  for (const { name, isFile } of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (name.startsWith('.')) continue;
    // A batch's detached signature (<batch>.sig) is read with its batch, through onFile.
    if (name.toLowerCase().endsWith(SIGNATURE_EXTENSION)) continue;
    const file = path.join(dir, name);
    if (!isFile) {
      refuse(file, said('Subfolder', {}));
      continue;
    }
    if (tableFormatOf(name) === null) {
      refuse(file, said('UnsupportedFileType', {}));
      continue;
    }
    let bytes: Buffer;
    try {
      const { size } = await stat(file);
      if (size > maxBytes) {
        refuse(file, said('FileTooLarge', { bytes: size, maxBytes }));
        continue;
      }
      bytes = await readFile(file);
    } catch (error) {
      refuse(file, said('FileUnreadable', { reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
      continue;
    }
    await options.onFile?.(file, bytes);
    appendAll(found.fatal, await read(file, bytes));
  }
  if (found.fatal.length) throw new UnreadableDecisionsError(found.fatal);
}

/**
 * Reads every batch file of `dir` (JSON, JSON Lines, CSV; extensions in any case) into rows,
 * pushing what is wrong onto `problems`. For kind `decisions`, a file that cannot be read in full
 * throws UnreadableDecisionsError after the whole folder was looked at, naming every such file.
 */
export async function readRows(dir: string, problems: Problem[], kind: TableKind = 'entries', options: ReadRowsOptions = {}): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  await forEachBatchFile(dir, problems, kind, options, (file, bytes) => {
    const read = readBatchFile(file, bytes, kind);
    appendAll(problems, read.problems);
    read.withheld.forEach((row) => options.onWithheld?.(row));
    appendAll(rows, read.rows);
    return read.fatal;
  });
  return rows;
}

function fieldOf(kind: TableKind, column: string): string {
  return (kind === 'entries' ? entryFieldForColumn(column) : decisionFieldForColumn(column)) ?? column;
}

function tableProblem(p: TableProblem): Problem {
  return { severity: 'error', file: p.file, line: p.line, code: p.code, message: p.message };
}

/** JSON rows each bring their own keys; most files have one key set, so each set is checked once. */
function distinctKeySets(rows: readonly SourceRow[]): string[][] {
  const seen = new Map<string, string[]>();
  for (const row of rows) {
    const keys = Object.keys(row.values);
    const signature = keys.join('\u0000');
    if (!seen.has(signature)) seen.set(signature, keys);
  }
  return [...seen.values()];
}

function unsafeColumns(kind: TableKind, { duplicates, privacy }: ReturnType<typeof columnProblems>): Said {
  const labels: Record<string, string> = kind === 'entries' ? ENTRY_LABELS : DECISION_LABELS;
  return said('UnsafeColumns', { duplicates: duplicates.map(({ field, columns }) => ({ field, label: labels[field] ?? field, columns })), privacy });
}
