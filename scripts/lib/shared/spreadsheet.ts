// Cells a spreadsheet program opens: one rule for every CSV and workbook we write, the bulk
// exports on the server and the check tool's results in the browser.

/**
 * How every CSV is written (csv-stringify, in Node and in the browser): CRLF rows, quoting any
 * cell with a CR or LF in it (a lone CR breaks a row in some readers); `escape_formulas`
 * defuses a cell a spreadsheet would run as a formula, as defuseFormula does.
 */
export const CSV_WRITE_OPTIONS = { record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true } as const;

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab or carriage return, or
 * the full-width ＝ ＋ － ＠) as a formula; a leading ' makes it text (OWASP: CSV injection).
 * What csv-stringify's escape_formulas does to a CSV cell, for workbook cells and text
 * (tests/unit/exports.test.ts compares the two).
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) ? `'${value}` : value;
}
