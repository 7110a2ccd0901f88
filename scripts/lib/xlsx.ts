// entries.xlsx from pieces, like the CSVs (exports.ts): the sheet's rows are written a piece at
// a time and kept, and only numbering them and compressing the sheet is done for the whole list.
// write-excel-file built every workbook whole (10 s at 100,000 entries): its shared-string table
// numbers every string of the list, so no part of it could be kept.
//
// Cells are inline strings. Rows and cells carry their references (`r`), which readers such as
// read-excel-file need, so a piece is kept with a placeholder (U+0001, which XML cannot carry and
// cells never hold) where its row numbers go, and numbered when the sheet is put together.
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { zipOf } from './zip.ts';

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

/** Rows of the sheet as XML with their numbers left open (numberedRows); `bold` for the header (style 1 of styles.xml). */
export function sheetRowsXml(rows: readonly (readonly XlsxCell[])[], bold = false): string {
  const style = bold ? ' s="1"' : '';
  let xml = '';
  for (const row of rows) xml += `<row r="${ROW}">${row.map((cell, i) => cellXml(cell, `${columnName(i)}${ROW}`, style)).join('')}</row>`;
  return xml;
}

/** Rows of sheetRowsXml numbered from `first`; returns the text and the next row's number. */
function numberedRows(xml: string, first: number): { text: string; next: number } {
  const rows = xml.split(`<row r="${ROW}">`);
  let text = rows[0]!;
  let n = first;
  for (let i = 1; i < rows.length; i++, n++) text += `<row r="${n}">${rows[i]!.replaceAll(ROW, String(n))}`;
  return { text, next: n };
}

export interface SheetLayout {
  name: string;
  /** Each column's width, in characters. */
  widths: readonly number[];
}

function sheetHead({ widths }: SheetLayout, header: readonly string[]): string {
  // The header is row 1.
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  // The header row stays in view while scrolling.
  const frozen = '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  return `${XML_DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">${frozen}<cols>${cols}</cols><sheetData>${numberedRows(sheetRowsXml([header], true), 1).text}`;
}

function fixedParts(layout: SheetLayout): [string, string][] {
  return [
    ['[Content_Types].xml', `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`],
    ['_rels/.rels', `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><bookViews><workbookView/></bookViews><sheets><sheet name="${escapeXml(layout.name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`],
    ['xl/styles.xml', `${XML_DECLARATION}<styleSheet xmlns="${MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`],
  ];
}

/**
 * The workbook of one sheet: `header` in bold and frozen, then the rows of `rowPieces` (kept
 * sheetRowsXml, as bytes) in order, numbered from 2. Every part is dated `modified`
 * (YYYY-MM-DD), so the bytes depend only on the rows and that date. The sheet is compressed on
 * libuv's thread pool, beside whatever else the publication does.
 */
export async function workbookOf(layout: SheetLayout, header: readonly string[], rowPieces: readonly Uint8Array[], modified: string): Promise<Buffer> {
  const texts = [sheetHead(layout, header)];
  let next = 2;
  for (const piece of rowPieces) {
    const numbered = numberedRows(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('utf8'), next);
    texts.push(numbered.text);
    next = numbered.next;
  }
  texts.push('</sheetData></worksheet>');
  const raw = Buffer.from(texts.join(''));
  const deflated = await deflateRaw(raw, { level: 6 });
  const sheetPart = { name: 'xl/worksheets/sheet1.xml', size: raw.length, crc: zlib.crc32(raw), deflated: [deflated] };
  const parts = fixedParts(layout).map(([name, text]) => {
    const bytes = Buffer.from(text);
    return { name, size: bytes.length, crc: zlib.crc32(bytes), deflated: [zlib.deflateRawSync(bytes)] };
  });
  return zipOf([...parts.slice(0, 4), sheetPart, parts[4]!], modified);
}

const deflateRaw = promisify(zlib.deflateRaw);
