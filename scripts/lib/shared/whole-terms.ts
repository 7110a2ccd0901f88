// Chinese text may break between any two characters, so a browser will split 2024年10月10日,
// (2024)辽0503执123号 or 64700元 at a line end. Text that comes from the data (an obligation, a
// performance note) is cut into plain runs and runs to be kept on one line.

/** Dates (2024年10月10日, 2024年10月, 2024-10-10), case and document numbers, masked ID numbers, amounts. */
const WHOLE_TERM = /\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}-\d{2}-\d{2}|[（(〔]\d{4}[）)〕][\p{Script=Han}\d]{1,16}?号(?:之[一二三四五六七八九十])?|\d{10}\*{4}\d{3}[\dX]|\d[\d,.]*(?:万元|元)/gu;

export interface TextRun {
  text: string;
  /** To be kept on one line. */
  whole: boolean;
}

export function wholeTermRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const m of text.matchAll(WHOLE_TERM)) {
    if (m.index > at) runs.push({ text: text.slice(at, m.index), whole: false });
    runs.push({ text: m[0], whole: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), whole: false });
  return runs;
}
