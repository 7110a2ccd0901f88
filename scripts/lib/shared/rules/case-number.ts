// 执行案号, e.g. (2018)辽0502执123号. Courts, parties and clerks type the brackets
// half-width, full-width, as 〔〕 or not at all, and drop 号; all mean the same case.

const OPENING = /^[(（〔［\[【]/;
const CLOSING = /[)）〕］\]】]/;

export interface CaseNumberParts {
  year: string;
  /** Province abbreviation + court code + case type, e.g. 辽0502执. */
  courtAndType: string;
  serial: string;
}

/** Canonical form without brackets or 号: `2018辽0502执123`. Null when it is not a case number. */
export function parseCaseNumber(raw: string): CaseNumberParts | null {
  const text = raw
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[〔［【]/g, '(')
    .replace(/[〕］】]/g, ')');
  const match = /^\(?(\d{4})\)?([\u4e00-\u9fff]\d{2,6}[\u4e00-\u9fff]{1,4})(\d{1,6})号?$/.exec(text.replace(OPENING, '(').replace(CLOSING, ')'));
  if (!match) return null;
  return { year: match[1]!, courtAndType: match[2]!, serial: String(Number(match[3])) };
}

export function canonicalCaseNumber(parts: CaseNumberParts): string {
  return `${parts.year}${parts.courtAndType}${parts.serial}`;
}

/** The form shown on pages: `(2018)辽0502执123号`. */
export function displayCaseNumber(parts: CaseNumberParts): string {
  return `(${parts.year})${parts.courtAndType}${parts.serial}号`;
}
