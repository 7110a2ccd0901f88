// entries.xlsx from pieces, like the CSVs (exports.ts): the sheet's rows are written a piece at
// a time and kept, and so is each piece's compressed stream.
// write-excel-file built every workbook whole (10 s at 100,000 entries): its shared-string table
// numbers every string of the list, so no part of it could be kept.
//
// Cells are inline strings. Rows and cells carry their references (`r`): read-excel-file reads
// a cell's column and row from its `r` and refuses a cell without one (parseCellAddress), so
// a row's number is in its text and depends on how many rows come before it in its sheet. A
// piece is kept with a placeholder (U+0001, which XML cannot carry and cells never hold) where
// its row numbers go (its content, which verify checks: exports.ts, verify-pieces.ts), and
// numbered when its stream is made. A sheet part's deflate stream is the pieces' streams
// joined, as the .gz of the CSVs is (pieces.ts): each piece numbered from its first row and
// compressed alone, ending on a full flush; the sheet's CRC-32 is combined from theirs (zip.ts).
// A piece's stream is kept by its content and its first row number.
//
// A workbook has several sheets (the list has one a month): a removal renumbers the rows after
// it in its own sheet only. With the whole list in one sheet, a delisting numbered, compressed
// and checked again every row after the one removed (half the sheet, on average), and a new
// month's batch, first in the list's order, all of it.
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { Deflated, HeldPiece } from './pieces.ts';
import { crc32Combine, zipOf } from './zip.ts';

/** A cell: text, a number, or empty. */
export type XlsxCell = string | number | null;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Characters XML 1.0 does not allow in text, taken out (as the CSV keeps them, a reader would refuse the sheet). */
export const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/"/g, '&quot;');
}

/** Where a row's number goes in a kept piece. */
const ROW = '\u0001';

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** An empty cell is left out: every cell says where it is. */
function cellXml(cell: XlsxCell, ref: string, style: string): string {
  if (cell === null || cell === '') return '';
  if (typeof cell === 'number') return `<c r="${ref}"${style}><v>${cell}</v></c>`;
  // Spaces at either end are kept only when the text says so.
  const space = /^\s|\s$/.test(cell) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${escapeXml(cell)}</t></is></c>`;
}

/** Rows of the sheet as XML with their numbers left open (numberedBytes); `bold` for the header (style 1 of styles.xml). */
export function sheetRowsXml(rows: readonly (readonly XlsxCell[])[], bold = false): string {
  const style = bold ? ' s="1"' : '';
  let xml = '';
  for (const row of rows) xml += `<row r="${ROW}">${row.map((cell, i) => cellXml(cell, `${columnName(i)}${ROW}`, style)).join('')}</row>`;
  return xml;
}

const ROW_ELEMENT = /<row\b[^>]*>([\s\S]*?)<\/row>/g;
const CELL_ELEMENT = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
/** An inline string of one plain run, as this writer makes it: its text is all a spreadsheet shows. */
const PLAIN_INLINE = /^<t(?: xml:space="preserve")?>([^<]*)<\/t>$/;

/**
 * A sheet's XML as a spreadsheet shows it, for the privacy check (verify-output.ts, and piece
 * by piece verify-pieces.ts): each row a line ended by a line feed, cells apart (a comma, as in
 * a CSV), each cell's text in place of the XML around it, or the shared string its number
 * names. Read as raw XML, the digits of neighbouring cells (<v>32</v></c><c><v>33</v>…) would
 * join into one long number across the tags. An inline string of one plain run is its text
 * (entities are decoded by the reading of the text, reader-text.ts); any other keeps its
 * markup, read as markup. Attributes are not read: a row's or a cell's number says nothing,
 * so rows read the same whatever number they are given.
 */
export function sheetText(xml: string, shared: readonly string[] = []): string {
  let text = '';
  for (const [, row] of xml.matchAll(ROW_ELEMENT)) {
    let line = '';
    let first = true;
    for (const [, attributes, inner = ''] of row!.matchAll(CELL_ELEMENT)) {
      const type = /\bt="(\w+)"/.exec(attributes!)?.[1];
      let cell: string;
      if (type === 'inlineStr') {
        const inline = /<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '';
        cell = PLAIN_INLINE.exec(inline)?.[1] ?? inline;
      } else {
        const value = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] ?? '';
        cell = type === 's' ? (shared[Number(value)] ?? '') : value;
      }
      line += first ? cell : `,${cell}`;
      first = false;
    }
    text += `${line}\n`;
  }
  return text;
}

/** Whether `xml` holds a row its text does not close: read apart from what follows, it would read otherwise. */
export function opensRow(xml: string): boolean {
  return /<row\b/.test(xml.replace(ROW_ELEMENT, ''));
}

export interface SheetLayout {
  /** The one sheet's name when there are no rows to divide into sheets. */
  name: string;
  /** Each column's width, in characters. */
  widths: readonly number[];
}

/** A sheet of a workbook: the name on its tab, and its rows (pieces of sheetRowsXml, or their segments). */
export interface Sheet<Rows> {
  name: string;
  rows: readonly Rows[];
}

/** The name of the `index`th sheet part in the archive (from 0). */
export function sheetPart(index: number): string {
  return `xl/worksheets/sheet${index + 1}.xml`;
}

/** Excel's rules for a sheet's name: 1–31 characters, none of : \ / ? * [ ], not starting or ending with an apostrophe. */
function assertSheetNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    const fits = name.length >= 1 && name.length <= 31 && !/[:\\/?*[\]]/.test(name) && !name.startsWith("'") && !name.endsWith("'");
    if (!fits) throw new Error(`工作表名称不符合 Excel 的规则：${name}`);
    if (seen.has(name.toLowerCase())) throw new Error(`工作表名称重复：${name}`);
    seen.add(name.toLowerCase());
  }
}

/** A sheet part up to its first row of data: the header is row 1; the first sheet is the one shown on opening. */
export function sheetHead({ widths }: SheetLayout, header: readonly string[], shown = true): string {
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  // The header row stays in view while scrolling. Only one sheet is selected: several would be a
  // group, and an edit in one would change them all.
  const frozen = `<sheetViews><sheetView${shown ? ' tabSelected="1"' : ''} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`;
  return `${XML_DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">${frozen}<cols>${cols}</cols><sheetData>${numberedBytes(Buffer.from(sheetRowsXml([header], true)), 1).toString('utf8')}`;
}

function fixedParts(names: readonly string[]): [string, string][] {
  const overrides = names.map((_, i) => `<Override PartName="/${sheetPart(i)}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('');
  // rId1 is the styles; each sheet is rId2 on.
  const sheets = names.map((name, i) => `<sheet name="${escapeAttribute(name)}" sheetId="${i + 1}" r:id="rId${i + 2}"/>`).join('');
  const sheetRelations = names.map((_, i) => `<Relationship Id="rId${i + 2}" Type="${RELATIONSHIPS}/worksheet" Target="${sheetPart(i).slice('xl/'.length)}"/>`).join('');
  return [
    ['[Content_Types].xml', `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`],
    ['_rels/.rels', `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>${sheetRelations}</Relationships>`],
    ['xl/styles.xml', `${XML_DECLARATION}<styleSheet xmlns="${MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`],
  ];
}

/** A sheet part after its rows. */
export const SHEET_TAIL = '</sheetData></worksheet>';

const ROW_OPEN = Buffer.from(`<row r="${ROW}">`);

/** How many rows a piece of sheetRowsXml holds. */
export function rowsIn(xml: Uint8Array): number {
  const bytes = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  let count = 0;
  for (let at = bytes.indexOf(ROW_OPEN); at >= 0; at = bytes.indexOf(ROW_OPEN, at + ROW_OPEN.length)) count++;
  return count;
}

const QUOTE = 0x22;

/**
 * Rows of sheetRowsXml numbered from `first`. On bytes: a piece of the sheet is 1–2 MB with 20
 * placeholders a row, and a version on strings (split, replaceAll, encoding back) cost as much
 * as compressing it. The placeholders are found by indexOf (memchr) twice, for the length and
 * for the copy, and each row's digits written once as bytes: no string or list per placeholder
 * (a million of each for half the sheet, which a publishing process's large heap paid for in
 * collections).
 */
export function numberedBytes(xml: Buffer, first: number): Buffer {
  const out = Buffer.allocUnsafe(numberedLength(xml, first));
  writeNumbered(xml, first, out);
  return out;
}

/** The length of numberedBytes(xml, first). */
function numberedLength(xml: Buffer, first: number): number {
  // A new row at each `<row r="` (a row's placeholder follows a quote, a cell's its column's
  // letters: sheetRowsXml); each placeholder becomes its row's number.
  let length = xml.length;
  let row = first - 1;
  let width = 0;
  for (let at = xml.indexOf(1); at >= 0; at = xml.indexOf(1, at + 1)) {
    if (xml[at - 1] === QUOTE) width = digits(++row);
    length += width - 1;
  }
  return length;
}

/** Writes numberedBytes(xml, first) into `out` (numberedLength long). */
function writeNumbered(xml: Buffer, first: number, out: Buffer): void {
  const number = Buffer.alloc(16);
  let row = first - 1;
  let width = 0;
  let from = 0;
  let to = 0;
  for (let at = xml.indexOf(1); at >= 0; at = xml.indexOf(1, at + 1)) {
    to += xml.copy(out, to, from, at);
    if (xml[at - 1] === QUOTE) {
      width = digits(++row);
      for (let d = width - 1, n = row; d >= 0; d--, n = Math.floor(n / 10)) number[d] = 0x30 + (n % 10);
    }
    for (let d = 0; d < width; d++) out[to++] = number[d]!;
    from = at + 1;
  }
  xml.copy(out, to, from);
}

/**
 * Buffers for numbered rows while they are compressed, used again: a delisting numbers and
 * compresses half the sheet anew, and a fresh megabyte buffer per piece cost more in a
 * publishing process's large heap than the numbering itself.
 */
const scratch: Buffer[] = [];
const SCRATCH_KEPT = 8;

function digits(n: number): number {
  let count = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) count++;
  return count;
}

/**
 * Rows of sheetRowsXml numbered from `first`, compressed alone and ended on a full flush (a
 * part of the sheet's stream: pieces.ts), on libuv's thread pool; with the numbered text's
 * length and CRC-32.
 */
export async function sheetStream(xml: Uint8Array, first: number): Promise<Deflated> {
  const rows = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  const length = numberedLength(rows, first);
  const index = scratch.findIndex((b) => b.length >= length);
  const buffer = index >= 0 ? scratch.splice(index, 1)[0]! : Buffer.allocUnsafe(Math.max(length, 1 << 21));
  try {
    const plain = buffer.subarray(0, length);
    writeNumbered(rows, first, plain);
    // Output in chunks of a quarter of the plain size (the stream is about a tenth), not zlib's
    // 16 KB: one chunk to keep instead of dozens to join. The stream's bytes do not depend on it.
    const deflated = await deflateRaw(plain, { level: LEVEL, finishFlush: zlib.constants.Z_FULL_FLUSH, chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, Math.ceil(length / 4)) });
    return { size: length, crc: zlib.crc32(plain), deflated };
  } finally {
    // Only once compressed: the thread pool reads the plain bytes until then.
    if (scratch.length < SCRATCH_KEPT) scratch.push(buffer);
  }
}

/** Level 6, as the other exports' pieces (pieces.ts). */
const LEVEL = 6;

/**
 * What a sheet part's stream is joined from, in order: its head (made now, numbered), each
 * piece of rows (its XML with the numbers left open, the row it starts at, its stream and
 * where the stream is kept), its tail (made now, the stream's last block). Verify reads the
 * rows from `xml` and checks that each stream says them (verify-pieces.ts).
 */
export interface SheetSegment {
  /**
   * The rows as a piece without a stream of its own (the numbered `stream` is what the sheet is
   * joined from), held as writeExports holds its pieces: in memory or let go (PieceCache.hold).
   * Its `id` is its cache file, beside which its privacy verdict is kept.
   */
  rows: HeldPiece;
  first?: number;
  stream: Deflated;
  /** The cache file of the stream. */
  streamId?: string;
}

/** The plain text a segment's stream says: its rows numbered from `first` (verify inflates the stream and compares). */
export function segmentText(xml: Buffer, first: number | undefined): Buffer {
  return first === undefined ? xml : numberedBytes(xml, first);
}

function madeNow(text: string, last: boolean): SheetSegment {
  const xml = Buffer.from(text);
  const deflated = zlib.deflateRawSync(xml, { level: LEVEL, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_FULL_FLUSH });
  return { rows: { raw: xml, deflated: Buffer.alloc(0) }, stream: { size: xml.length, crc: zlib.crc32(xml), deflated } };
}

/** A workbook as written, with each sheet part's name and the segments its stream was joined from: what verify checks piece by piece. */
export interface Workbook {
  bytes: Buffer;
  sheets: readonly { part: string; segments: readonly SheetSegment[] }[];
}

/**
 * A workbook of `sheets` in order (the first shown on opening), each with `header` in bold and
 * frozen as row 1, then its rows (pieces of sheetRowsXml with their streams, numbered from 2
 * in each sheet). No sheets: one sheet named as the layout says, of the header alone. Every
 * part is dated `modified` (YYYY-MM-DD), so the bytes depend only on the rows and that date.
 */
export function workbookOfStreams(layout: SheetLayout, header: readonly string[], sheets: readonly Sheet<SheetSegment>[], modified: string): Workbook {
  const named = sheets.length ? sheets : [{ name: layout.name, rows: [] }];
  assertSheetNames(named.map((s) => s.name));
  const made = named.map((sheet, i) => ({ part: sheetPart(i), segments: [madeNow(sheetHead(layout, header, i === 0), false), ...sheet.rows, madeNow(SHEET_TAIL, true)] }));
  const sheetParts = made.map(({ part, segments }) => {
    let crc = 0;
    let size = 0;
    for (const { stream } of segments) {
      crc = crc32Combine(crc, stream.crc, stream.size);
      size += stream.size;
    }
    return { name: part, size, crc, deflated: segments.map((s) => s.stream.deflated) };
  });
  const parts = fixedParts(named.map((s) => s.name)).map(([name, text]) => {
    const bytes = Buffer.from(text);
    return { name, size: bytes.length, crc: zlib.crc32(bytes), deflated: [zlib.deflateRawSync(bytes)] };
  });
  return { bytes: zipOf([...parts.slice(0, 4), ...sheetParts, parts[4]!], modified), sheets: made };
}

/** workbookOfStreams of sheets of pieces of sheetRowsXml, each piece compressed now. */
export async function workbookOf(layout: SheetLayout, header: readonly string[], sheets: readonly Sheet<Uint8Array>[], modified: string): Promise<Buffer> {
  const streamed = await Promise.all(sheets.map(async ({ name, rows: pieces }) => {
    let first = 2;
    const rows = await Promise.all(
      pieces.map((piece) => {
        const at = first;
        first += rowsIn(piece);
        return sheetStream(piece, at).then((stream) => ({ rows: { raw: Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength), deflated: Buffer.alloc(0) }, first: at, stream }));
      }),
    );
    return { name, rows };
  }));
  return workbookOfStreams(layout, header, streamed, modified).bytes;
}

const deflateRaw = promisify(zlib.deflateRaw);
