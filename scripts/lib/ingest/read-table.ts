// Reads one batch file into rows, remembering where each row came from so every
// error can name its file and line. Court systems export JSON, JSON Lines and CSV;
// CSV may be UTF-8 (with or without BOM) or GBK/GB18030. One bad row never costs the
// file's other rows: a CSV row the parser rejects is re-read on its own line.
import { parse } from 'csv-parse/sync';
import { said, type Said } from '../problems.ts';
import { appendAll } from '../arrays.ts';
import { decodeText } from '../shared/text-encoding.ts';

export interface SourceRow {
  file: string;
  /** 1-based line of the row in the file (for a JSON array: the element's index + 1, said as 第 N 条). */
  line: number;
  /** How `line` should be read in messages. */
  lineKind: 'line' | 'item';
  values: Record<string, unknown>;
  /**
   * Set when the row could only be read in part (a CSV row with broken quotes or the wrong
   * number of cells): what is wrong. Its values are the cells as far as they could be read.
   */
  malformed?: Said;
}

export interface TableProblem extends Said {
  file: string;
  line?: number;
  /**
   * Data was lost: the file (or, with `line`, a row) could not be read at all, so we cannot know
   * which records it named. For a decision file this must stop the build.
   */
  unreadable?: boolean;
}

export type TableFormat = 'csv' | 'jsonl' | 'json';

/** The formats we read, by extension in any letter case (`a.JSON` is JSON). */
export function tableFormatOf(file: string): TableFormat | null {
  const name = file.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  return null;
}

/** Strict UTF-8 (JSON is UTF-8 by definition): null when the bytes are not. */
function decodeUtf8(bytes: Uint8Array): string | null {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return null;
  }
}

export interface Table {
  rows: SourceRow[];
  problems: TableProblem[];
  /** A CSV file's header row. */
  headers?: string[];
  /** JSON: keys written twice in one object (JSON.parse keeps the last silently). */
  repeatedKeys?: string[];
}

export function readTable(file: string, bytes: Uint8Array): Table {
  const format = tableFormatOf(file);
  if (format === null) return { rows: [], problems: [{ file, ...said('UnsupportedFileType', {}), unreadable: true }] };
  if (format === 'csv') {
    const { text, encoding } = decodeText(bytes);
    // GB18030 decodes almost any bytes; a replacement character means even that failed.
    if (encoding === 'gb18030' && text.includes('\uFFFD')) {
      return { rows: [], problems: [{ file, ...said('EncodingUnknown', {}), unreadable: true }] };
    }
    return readCsv(file, text);
  }
  const text = decodeUtf8(bytes);
  if (text === null) return { rows: [], problems: [{ file, ...said('NotUtf8', {}), unreadable: true }] };
  const table: Table = format === 'jsonl' ? readJsonLines(file, text) : readJson(file, text);
  const repeated = repeatedKeys(text);
  return repeated.length ? { ...table, repeatedKeys: repeated } : table;
}

/**
 * Keys that occur twice in one JSON object: `{"disclose": false, "disclose": true}` parses
 * to the last value without a word, so it is found by scanning the text.
 */
export function repeatedKeys(text: string): string[] {
  const repeated = new Set<string>();
  // One set of keys per open object; null for an open array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (j < text.length && text.charCodeAt(j) !== 0x22) {
        if (text.charCodeAt(j) === 0x5c /* \ */) {
          escaped = true;
          j++;
        }
        j++;
      }
      const keys = open.at(-1);
      if (keys && expectKey) {
        let key = text.slice(i + 1, j);
        if (escaped) {
          try {
            key = JSON.parse(text.slice(i, j + 1)) as string;
          } catch {
            // Left as written: the parse of the whole file reports it.
          }
        }
        if (keys.has(key)) repeated.add(key);
        else keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) open.push(null);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) open.pop();
    else if (c === 0x2c /* , */) expectKey = open.at(-1) != null;
    else if (c === 0x0a && open.length === 0) expectKey = false;
  }
  return [...repeated];
}

interface CsvRecord {
  cells: string[];
  line: number;
  /** Why csv-parse rejected the record, when it did. */
  error?: string;
}

/** csv-parse's error codes, as the operator would say them. */
const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '引号未闭合',
  INVALID_OPENING_QUOTE: '单元格中间出现引号',
  CSV_INVALID_CLOSING_QUOTE: '右引号后还有其他字符',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '右引号后还有其他字符',
};

const CSV_OPTIONS = { skip_empty_lines: true, trim: true, relax_column_count: true } as const;

/**
 * All records of a CSV text with the line each starts on. A record csv-parse rejects (a stray or
 * unclosed quote) is re-read from its own line alone, and reading resumes on the next line: an
 * unclosed quote would otherwise swallow every row after it.
 */
function csvRecords(text: string, lines: readonly string[], lineOffset = 0): CsvRecord[] {
  const records: CsvRecord[] = [];
  const rejected = new Map<number, string>();
  let resumeAfter: number | null = null;
  const parsed = parse(text, {
    ...CSV_OPTIONS,
    info: true,
    raw: true,
    skip_records_with_error: true,
    on_skip: (error: (Error & { code?: string; lines?: number }) | undefined, raw: string | undefined) => {
      const chunk = (raw ?? '').replace(/\r?\n$/, '');
      const start = (error?.lines ?? 1) - (chunk.match(/\n/g)?.length ?? 0) + lineOffset;
      if (!rejected.has(start)) rejected.set(start, CSV_ERRORS[error?.code ?? ''] ?? '格式错误');
      if (error?.code === 'CSV_QUOTE_NOT_CLOSED') resumeAfter = start;
    },
  }) as unknown as { record: string[]; raw: string; info: { lines: number } }[];
  for (const { record, raw, info } of parsed) {
    // csv-parse reports the line a record ends on; a quoted cell may span lines, and people
    // look for the line where the record starts.
    const line = info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0) + lineOffset;
    if (!rejected.has(line)) records.push({ cells: record, line });
  }
  for (const [line, error] of rejected) records.push({ cells: cellsOfLine(lines[line - 1] ?? ''), line, error });
  if (resumeAfter !== null) {
    const rest = lines.slice(resumeAfter).join('\n');
    appendAll(records, csvRecords(rest, lines, resumeAfter));
  }
  return records.sort((a, b) => a.line - b.line);
}

/** The cells of one physical line, read as leniently as possible. */
function cellsOfLine(lineText: string): string[] {
  try {
    const [record] = parse(lineText, { ...CSV_OPTIONS, relax_quotes: true }) as string[][];
    if (record) return record;
  } catch {
    // An unclosed quote: fall back to splitting on commas.
  }
  return lineText.split(',').map((cell) => cell.replace(/"/g, '').trim());
}

function readCsv(file: string, text: string) {
  const problems: TableProblem[] = [];
  const lines = text.split(/\r?\n/);
  let records: CsvRecord[];
  try {
    records = csvRecords(text, lines);
  } catch (error) {
    return { rows: [], problems: [{ file, ...said('CsvUnparseable', { reason: (error as Error).message }), unreadable: true }] };
  }
  const [head, ...body] = records;
  // A file without even a header row is most likely cut off, never a deliberate batch.
  if (!head) return { rows: [], problems: [{ file, ...said('CsvEmpty', {}), unreadable: true }] };
  if (head.error) return { rows: [], problems: [{ file, line: head.line, ...said('CsvHeaderBroken', { reason: head.error }), unreadable: true }] };
  const headers = head.cells.map((h) => h.trim());
  const rows: SourceRow[] = body.map(({ cells, line, error }) => {
    const values: Record<string, unknown> = {};
    headers.forEach((header, i) => (values[header] = cells[i] ?? ''));
    const malformed = error
      ? said('CsvRowBroken', { reason: error })
      : cells.length !== headers.length
        ? said('CsvRowColumnCount', { cells: cells.length, headers: headers.length })
        : undefined;
    return malformed ? { file, line, lineKind: 'line', values, malformed } : { file, line, lineKind: 'line', values };
  });
  return { rows, problems, headers };
}

function readJsonLines(file: string, text: string) {
  const rows: SourceRow[] = [];
  const problems: TableProblem[] = [];
  if (text.trim() === '') problems.push({ file, ...said('JsonLinesEmpty', {}), unreadable: true });
  text.split(/\r?\n/).forEach((lineText, index) => {
    if (lineText.trim() === '') return;
    try {
      const value = JSON.parse(lineText) as unknown;
      if (!isObject(value)) throw new Error('每行应是一个 JSON 对象');
      rows.push({ file, line: index + 1, lineKind: 'line', values: value });
    } catch (error) {
      problems.push({ file, line: index + 1, ...said('JsonLineNotObject', { reason: (error as Error).message }), unreadable: true });
    }
  });
  return { rows, problems };
}

function readJson(file: string, text: string) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { rows: [], problems: [{ file, ...said('JsonUnparseable', { reason: (error as Error).message }), unreadable: true }] };
  }
  if (!Array.isArray(value)) return { rows: [], problems: [{ file, ...said('JsonNotArray', {}), unreadable: true }] };
  const rows: SourceRow[] = [];
  const problems: TableProblem[] = [];
  value.forEach((item, index) => {
    if (isObject(item)) rows.push({ file, line: index + 1, lineKind: 'item', values: item });
    // Unreadable like a broken JSON Lines line: in a decision file it stops the build.
    else problems.push({ file, line: index + 1, ...said('JsonItemNotObject', {}), unreadable: true });
  });
  return { rows, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
