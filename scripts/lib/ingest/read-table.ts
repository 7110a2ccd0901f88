// Reads one batch file into rows, remembering where each row came from so every
// error can name its file and line. Court systems export JSON, JSON Lines and CSV;
// CSV may be UTF-8 (with or without BOM) or GBK/GB18030.
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';

export interface SourceRow {
  file: string;
  /** 1-based line of the row in the file (for a JSON array: the element's index + 1, said as 第 N 条). */
  line: number;
  /** How `line` should be read in messages. */
  lineKind: 'line' | 'item';
  values: Record<string, unknown>;
}

export interface TableProblem {
  file: string;
  line?: number;
  message: string;
}

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/** UTF-8 when the bytes decode as UTF-8, otherwise GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  }
}

export function readTable(file: string, bytes: Uint8Array): { rows: SourceRow[]; problems: TableProblem[]; headers?: string[] } {
  const { text } = decodeText(bytes);
  if (file.endsWith('.csv')) return readCsv(file, text);
  if (file.endsWith('.jsonl') || file.endsWith('.ndjson')) return readJsonLines(file, text);
  if (file.endsWith('.json')) return readJson(file, text);
  return { rows: [], problems: [{ file, message: '不支持的文件类型：只接受 .json、.jsonl、.csv' }] };
}

function readCsv(file: string, text: string) {
  const problems: TableProblem[] = [];
  let records: { record: Record<string, string>; raw: string; info: { lines: number } }[];
  let headers: string[] = [];
  try {
    records = parse(text, {
      columns: (header: string[]) => (headers = header.map((h) => h.trim())),
      info: true,
      raw: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as typeof records;
  } catch (error) {
    const err = error as Error & { lines?: number };
    // A malformed CSV cannot be split into rows reliably: withhold the whole file.
    problems.push({ file, line: err.lines, message: `CSV 无法解析：${err.message}。整个文件暂缓发布，请修正后重新提交。` });
    return { rows: [], problems };
  }
  // csv-parse reports the line a record ends on; a quoted cell may span lines, and people
  // look for the line where the record starts.
  const rows = records.map(({ record, raw, info }) => ({ file, line: info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0), lineKind: 'line' as const, values: record }));
  return { rows, problems, headers };
}

function readJsonLines(file: string, text: string) {
  const rows: SourceRow[] = [];
  const problems: TableProblem[] = [];
  text.split(/\r?\n/).forEach((lineText, index) => {
    if (lineText.trim() === '') return;
    try {
      const value = JSON.parse(lineText) as unknown;
      if (!isObject(value)) throw new Error('每行应是一个 JSON 对象');
      rows.push({ file, line: index + 1, lineKind: 'line', values: value });
    } catch (error) {
      problems.push({ file, line: index + 1, message: `不是有效的 JSON 对象：${(error as Error).message}。该行暂缓发布，其余行照常处理。` });
    }
  });
  return { rows, problems };
}

function readJson(file: string, text: string) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { rows: [], problems: [{ file, message: `JSON 无法解析：${(error as Error).message}。整个文件暂缓发布。` }] };
  }
  if (!Array.isArray(value)) return { rows: [], problems: [{ file, message: 'JSON 文件应是记录数组 [ {...}, ... ]' }] };
  const rows: SourceRow[] = [];
  const problems: TableProblem[] = [];
  value.forEach((item, index) => {
    if (isObject(item)) rows.push({ file, line: index + 1, lineKind: 'item', values: item });
    else problems.push({ file, line: index + 1, message: '数组元素应是 JSON 对象' });
  });
  return { rows, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
