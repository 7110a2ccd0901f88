// Writing CSV, one way for every file we publish (the entry exports, cases.csv, the tables of
// /stats/): csv-stringify with the options below. Reading is csv-parse's (ingest/).
import { stringify } from 'csv-stringify/sync';
import { CSV_WRITE_OPTIONS } from './shared/spreadsheet.ts';

/**
 * CSV_WRITE_OPTIONS (shared/spreadsheet.ts), with one exception: a code cell (textCell), which
 * is a formula of our own making.
 */
export const CSV_OPTIONS = {
  ...CSV_WRITE_OPTIONS,
  cast: { object: (value: object) => (value instanceof TextCell ? { value: value.formula, escape_formulas: false } : JSON.stringify(value)) },
};

/** A code cell of our own making (textCell); csv-stringify reads any other object as JSON, as by default. */
class TextCell {
  readonly formula: string;
  constructor(formula: string) {
    this.formula = formula;
  }
}

/** A value that can sit inside ="…" and never be more than text: no quote, nothing but code characters. */
const CODE_TEXT = /^[0-9A-Za-z*-]+$/;

/**
 * A code as Excel keeps it text: ="911…" (Excel and WPS show the code; the formula can only
 * ever be that string, since the code has no quote in it). escape_formulas is off for this
 * cell alone; a value that is not a plain code stays an ordinary, defused cell.
 */
export function textCell(value: string): string | TextCell {
  return CODE_TEXT.test(value) ? new TextCell(`="${value}"`) : value;
}

/** A CSV file for people: a BOM first, so that Excel opens UTF-8 as UTF-8. */
export function csvFile(rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${stringify(rows as unknown[][], CSV_OPTIONS)}`;
}
