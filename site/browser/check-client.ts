// The check page in the browser: a pasted or uploaded list (CSV or XLSX) checked against the
// published list, results paged as compact rows, a filter, and CSV/XLSX export. Nothing the user
// gives leaves the page: the only request is the published list itself. The file readers and
// writers are packages, passed in by the page (this folder imports no package).
import { buildCheckIndex, checkRows, exportRows, pastedRows, splitPastedLine, VERDICT_LABEL, VERDICTS, type Cell, type CheckableEntry, type CheckIndex, type CheckReport, type CheckResult, type Verdict } from '../../scripts/lib/shared/search/check.ts';
import { maskFullIdNumbers } from '../../scripts/lib/shared/search/query.ts';
import { entryPath } from '../../scripts/lib/shared/urls.ts';
import { todayInChina } from '../../scripts/lib/shared/dates.ts';
import { decodeText } from '../../scripts/lib/shared/text-encoding.ts';
import { CSV_WRITE_OPTIONS } from '../../scripts/lib/shared/spreadsheet.ts';
import { CHECK_REPORT_EVENT } from './receipt.ts';

export interface CheckTools {
  readXlsx(file: File): Promise<Cell[][]>;
  parseCsv(text: string): Promise<string[][]>;
  /** csv-stringify with `options`: the options every CSV of the site is written with. */
  toCsv(rows: string[][], options: typeof CSV_WRITE_OPTIONS): Promise<string>;
  toXlsx(rows: string[][]): Promise<Blob>;
}

/** Rows on one page of results: 300 rows stay a few screens tall on a phone. */
export const PAGE_SIZE = 50;

const BADGE: Record<Verdict, string> = {
  listed: 'bg-red-700 text-white',
  review: 'bg-amber-100 text-amber-950 ring-1 ring-amber-700',
  clear: 'bg-green-50 text-green-900 ring-1 ring-green-700',
  invalid: 'bg-stone-200 text-stone-900',
};

let indexPromise: Promise<CheckIndex> | undefined;
function loadIndex(): Promise<CheckIndex> {
  // The published list, the same file for everyone: the request carries nothing typed.
  indexPromise ??= fetch('/data/entries.json', { referrerPolicy: 'no-referrer' })
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json() as Promise<{ entries: CheckableEntry[] }>;
    })
    .then((d) => buildCheckIndex(d.entries));
  indexPromise.catch(() => (indexPromise = undefined));
  return indexPromise;
}

/** A CSV file's text, read as the publisher reads a batch (decodeText). */
async function csvText(file: File): Promise<string> {
  return decodeText(new Uint8Array(await file.arrayBuffer())).text;
}

const isXlsx = (file: File) => /\.xlsx$/i.test(file.name) || file.type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function startCheckPage(tools: CheckTools): void {
  const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
  const form = $<HTMLFormElement>('#check-form');
  const input = $<HTMLTextAreaElement>('#check-input');
  const fileInput = $<HTMLInputElement>('#check-file');
  const status = $<HTMLElement>('#check-status');
  const report = $<HTMLElement>('#check-report');
  const summary = $<HTMLElement>('#check-summary');
  const filter = $<HTMLSelectElement>('#check-filter');
  const table = $<HTMLTableElement>('#check-results');
  const pages = $<HTMLElement>('#check-pages');
  const pageLabel = $<HTMLElement>('#check-page-label');
  const prev = $<HTMLButtonElement>('#check-prev');
  const next = $<HTMLButtonElement>('#check-next');
  const exportCsv = $<HTMLButtonElement>('#check-export-csv');
  const exportXlsx = $<HTMLButtonElement>('#check-export-xlsx');

  let current: CheckReport | null = null;
  let page = 0;
  const shown = (): CheckResult[] => {
    if (!current) return [];
    const only = filter.value as Verdict | '';
    return only ? current.results.filter((r) => r.verdict === only) : current.results;
  };

  function row(r: CheckResult): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.verdict = r.verdict;
    tr.className = 'border-t border-stone-200 align-top' + (r.verdict === 'listed' ? ' bg-red-50' : '');
    const th = document.createElement('th');
    th.scope = 'row';
    th.className = 'p-2 text-right font-normal tabular-nums text-stone-700';
    th.textContent = String(r.row);
    const td = document.createElement('td');
    td.className = 'p-2';
    const head = document.createElement('p');
    head.className = 'flex flex-wrap items-baseline gap-x-2 gap-y-1';
    const badge = document.createElement('span');
    badge.className = `rounded px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap ${BADGE[r.verdict]}`;
    badge.textContent = VERDICT_LABEL[r.verdict];
    head.append(badge);
    if (r.name) head.append(Object.assign(document.createElement('span'), { className: 'font-medium', textContent: r.name }));
    if (r.identifier) head.append(Object.assign(document.createElement('span'), { className: 'font-mono text-xs whitespace-nowrap', textContent: r.identifier }));
    const reason = Object.assign(document.createElement('p'), { className: 'mt-1 text-stone-700', textContent: r.reason });
    td.append(head, reason);
    if (r.matches.length) {
      const links = document.createElement('p');
      links.className = 'mt-1 flex flex-wrap gap-x-3';
      for (const id of r.matches) links.append(Object.assign(document.createElement('a'), { href: entryPath(id), textContent: `名单记录 ${id}` }));
      td.append(links);
    }
    tr.append(th, td);
    return tr;
  }

  function render() {
    const rows = shown();
    const count = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    page = Math.min(page, count - 1);
    table.tBodies[0]!.replaceChildren(...rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map(row));
    table.hidden = rows.length === 0;
    pages.hidden = count <= 1;
    pageLabel.textContent = `第 ${page + 1} / ${count} 页`;
    prev.disabled = page === 0;
    next.disabled = page >= count - 1;
    const label = filter.value ? `“${VERDICT_LABEL[filter.value as Verdict]}”的 ` : '';
    exportCsv.textContent = `导出 CSV（${label}${rows.length} 行）`;
    exportXlsx.textContent = `导出 Excel（${label}${rows.length} 行）`;
    exportCsv.disabled = exportXlsx.disabled = rows.length === 0;
  }

  async function run(read: () => Promise<Cell[][]>, source: string) {
    status.textContent = '正在读取并载入名单…';
    status.dataset.state = 'loading';
    let index: CheckIndex;
    let rows: Cell[][];
    try {
      [index, rows] = await Promise.all([loadIndex(), read()]);
    } catch (error) {
      status.dataset.state = 'error';
      status.textContent = error instanceof Error && /HTTP|fetch|network/i.test(error.message)
        ? '名单载入失败，请检查网络后重试。'
        : `${source}无法读取：请确认是 CSV（UTF-8 或 GBK 编码）或 Excel .xlsx 文件。`;
      return;
    }
    // From here on only masked identifiers exist: checkRows reads every cell through readTypedText.
    current = checkRows(rows, index);
    report.dispatchEvent(new CustomEvent(CHECK_REPORT_EVENT, { detail: current, bubbles: true }));
    rows = [];
    page = 0;
    const { counts, results, headerRow } = current;
    summary.replaceChildren(...VERDICTS.map((v) => {
      const li = document.createElement('li');
      li.dataset.count = v;
      li.className = 'flex items-baseline justify-between gap-2 rounded bg-white p-2 ring-1 ring-stone-200';
      li.append(Object.assign(document.createElement('span'), { textContent: VERDICT_LABEL[v] }), Object.assign(document.createElement('strong'), { className: 'tabular-nums text-lg', textContent: String(counts[v]) }));
      return li;
    }));
    report.hidden = false;
    render();
    status.dataset.state = 'done';
    status.textContent = `${source}核查 ${results.length} 行：在名单中 ${counts.listed} 行，需人工核对 ${counts.review} 行，未发现 ${counts.clear} 行，无法核查 ${counts.invalid} 行。${headerRow ? `第 ${headerRow} 行是表头，未计入。` : ''}`;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value;
    // The box shows only masked numbers from now on (form restore and screenshots included).
    input.value = text.split(/\r\n|\r|\n/).map((line) => splitPastedLine(line).map(maskFullIdNumbers).join(line.includes('\t') ? '\t' : line.match(/[,，;；]/)?.[0] ?? '')).join('\n');
    void run(async () => pastedRows(text), '');
  });

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    void run(async () => (isXlsx(file) ? tools.readXlsx(file) : tools.parseCsv(await csvText(file))), `文件“${file.name}”：`);
    // The file stays on the user's disk; the input forgets it so the same file can be checked again.
    fileInput.value = '';
  });

  filter.addEventListener('change', () => {
    page = 0;
    render();
  });
  prev.addEventListener('click', () => {
    page--;
    render();
    table.scrollIntoView({ block: 'start' });
  });
  next.addEventListener('click', () => {
    page++;
    render();
    table.scrollIntoView({ block: 'start' });
  });

  const exported = () => exportRows(shown(), (id) => new URL(entryPath(id), location.origin).href);
  const fileName = (ext: string) => `核查结果-${filter.value ? VERDICT_LABEL[filter.value as Verdict] + '-' : ''}${todayInChina()}.${ext}`;
  exportCsv.addEventListener('click', () => {
    // The BOM lets Excel open UTF-8 Chinese text correctly.
    void tools.toCsv(exported(), CSV_WRITE_OPTIONS).then((csv) => download(new Blob(['\uFEFF' + csv], { type: 'text/csv;charset=utf-8' }), fileName('csv')));
  });
  exportXlsx.addEventListener('click', () => {
    void tools.toXlsx(exported()).then((blob) => download(blob, fileName('xlsx')));
  });
}
