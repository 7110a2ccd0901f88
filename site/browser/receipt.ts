// A printable, dated receipt of a search or a check (issue #11 item 5): what was searched
// (masked), when, against which version of the list, what was found, and a QR code that leads to
// the live entry or to the page that states the current status. Everything on it is read from
// what the screen already shows (the search page) or from the check report (already masked), so
// paper never says more than the screen. The only request is /freshness.json, which carries
// nothing typed; the QR code is drawn here, by the qrcode package the page passes in (this folder
// imports no package).
import { beijingTime, formatDate } from '../../scripts/lib/shared/dates.ts';
import { maskFullIdNumbers, searchHref } from '../../scripts/lib/shared/search/query.ts';
import { VERDICT_LABEL, VERDICTS, type CheckReport, type CheckResult, type Verdict } from '../../scripts/lib/shared/search/check.ts';
import { entryPath } from '../../scripts/lib/shared/urls.ts';

/** How every receipt's QR code is drawn; a test draws the expected address the same way and compares. */
export const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 } as const;

/** Fired on the check report after each check, with the (masked) report: the receipt's one hook into the check page. */
export const CHECK_REPORT_EVENT = 'gongshi:check-report';

export interface ReceiptTools {
  /** The QR code of `text` as SVG markup (qrcode's toString with QR_OPTIONS). */
  qrSvg(text: string): Promise<string>;
}

interface ListVersion {
  asOf: string;
  builtAt: string;
  seq: number;
}

interface ReceiptLine {
  /** What the screen shows for this line: text, or copies of the shown nodes (their whole-word spans kept). */
  text: string | (Node | string)[];
  /** Absolute address of the entry or of the page that states this line's current status. */
  status?: string;
}

interface ReceiptContent {
  title: string;
  query: string;
  result: string;
  lines: ReceiptLine[];
  /** The receipt's own QR code (a search); a check has one per line instead. */
  status?: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The version of the list being served now: no receipt is issued without one. */
async function listVersion(): Promise<ListVersion | null> {
  try {
    const response = await fetch('/freshness.json', { referrerPolicy: 'no-referrer', cache: 'no-cache' });
    if (!response.ok) return null;
    const { asOf, builtAt, lastChangeSeq } = (await response.json()) as Record<string, unknown>;
    if (typeof asOf !== 'string' || !ISO_DAY.test(asOf) || typeof builtAt !== 'string' || Number.isNaN(Date.parse(builtAt)) || typeof lastChangeSeq !== 'number') return null;
    return { asOf, builtAt, seq: lastChangeSeq };
  } catch {
    return null;
  }
}

const absolute = (path: string) => new URL(path, location.origin).href;

/** A copy of an element as the screen shows it: without its visually hidden parts, links and attributes. */
function shownCopy(el: Element): HTMLElement {
  const copy = document.createElement('span');
  copy.append(...[...el.cloneNode(true).childNodes]);
  copy.querySelectorAll('.sr-only, [hidden]').forEach((e) => e.remove());
  // Kept: the spans that hold a date or case number whole. Links become text (the QR code is the link).
  copy.querySelectorAll('*').forEach((e) => {
    if (!e.classList.contains('whole')) e.replaceWith(...e.childNodes);
    else for (const a of [...e.attributes]) if (a.name !== 'class') e.removeAttribute(a.name);
  });
  return copy;
}
const shownText = (el: Element) => (shownCopy(el).textContent ?? '').replace(/\s+/g, ' ').trim();

/** The search as the page shows it now, or null while nothing has been searched or a search is running. */
function searchContent(): ReceiptContent | null {
  const status = document.querySelector<HTMLElement>('#search-status');
  if (!status || status.dataset.state !== 'done' || !status.textContent?.trim()) return null;
  // The address holds only the masked query (search-client writes it so); masked again all the same.
  const params = new URL(location.href).searchParams;
  const query = maskFullIdNumbers(params.get('q') ?? '').trim();
  const filters = document.querySelector('#filter-summary')?.textContent?.trim() ?? '';
  const statusPage = new URL('/search/', location.origin);
  for (const [key, value] of params) if (value.trim()) statusPage.searchParams.set(key, maskFullIdNumbers(value).trim());

  const cards = [...document.querySelectorAll<HTMLElement>('#search-results > [data-entry-id]')];
  const removals = [...document.querySelectorAll<HTMLElement>('#search-notices [data-removal-notice]')];
  const more = document.querySelector<HTMLElement>('#search-more');
  const complete = !more || more.hidden;
  const lines: ReceiptLine[] = [
    ...cards.map((card) => ({
      text: [...card.children].filter((c) => shownText(c)).flatMap((c, i) => (i ? [' · ', shownCopy(c)] : [shownCopy(c)])),
      status: absolute(entryPath(card.dataset.entryId!)),
    })),
    ...removals.map((notice) => ({ text: shownText(notice).replace(/\s*查看撤出公告$/, ''), status: absolute(entryPath(notice.dataset.removalNotice!)) })),
  ];
  // One record found: the receipt leads to it. Otherwise to the search itself, which states what the list holds then.
  const qrTarget = cards.length === 1 && complete ? lines[0]!.status : cards.length === 0 && removals.length === 1 ? lines[0]!.status : statusPage.href;
  return {
    title: '查询凭证',
    query: [query || '（未输入查询词）', filters && `筛选：${filters}`].filter(Boolean).join('；'),
    result: `${status.textContent.trim()}${complete ? '' : `本凭证列出屏幕上已显示的 ${cards.length} 条。`}`,
    lines,
    status: qrTarget,
  };
}

/** Where a checked row's current status is stated: its entry when it matched one, else a search for what the row gave. */
function rowStatus(r: CheckResult): string | undefined {
  if (r.verdict === 'listed' && r.matches.length === 1) return absolute(entryPath(r.matches[0]!));
  const query = maskFullIdNumbers([r.name, r.identifier].filter(Boolean).join(' ')).trim();
  return r.verdict === 'invalid' || !query ? undefined : absolute(searchHref(query));
}

function checkContent(report: CheckReport, only: Verdict | ''): ReceiptContent {
  const rows = only ? report.results.filter((r) => r.verdict === only) : report.results;
  return {
    title: '核查凭证',
    query: `批量核查 ${report.results.length} 行（证件号码已按名单规则脱敏）${only ? `，本凭证只列“${VERDICT_LABEL[only]}”的 ${rows.length} 行` : ''}`,
    result: VERDICTS.map((v) => `${VERDICT_LABEL[v]} ${report.counts[v]} 行`).join('，') + '。',
    lines: rows.map((r) => ({
      text: [`第 ${r.row} 行`, VERDICT_LABEL[r.verdict], r.name || '（无姓名）', maskFullIdNumbers(r.identifier) || '（无证件号码）', r.reason].join(' · '),
      status: rowStatus(r),
    })),
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

async function qrFigure(url: string, tools: ReceiptTools, size: number, caption: string): Promise<HTMLElement> {
  const img = el('img', {
    class: 'receipt-qr',
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await tools.qrSvg(url))}`,
    alt: `二维码：${url}`,
    width: String(size),
    height: String(size),
    'data-qr-url': url,
  });
  // Shown as a person reads it (Chinese, not percent escapes); the code holds the exact address.
  let readable = url;
  try {
    readable = decodeURI(url);
  } catch {
    /* not valid escapes: shown as it is */
  }
  return el('figure', { class: 'flex items-start gap-3' }, img, el('figcaption', { class: 'min-w-0 text-sm break-all' }, caption, el('br'), readable));
}

async function render(section: HTMLElement, content: ReceiptContent, version: ListVersion, resultAt: Date, tools: ReceiptTools): Promise<void> {
  const listedOn = formatDate(version.asOf);
  const field = (label: string, ...value: (Node | string)[]) => [el('dt', { class: 'text-stone-600' }, label), el('dd', { class: 'min-w-0' }, ...value)];
  const whole = (text: string) => el('span', { class: 'whole' }, text);
  const lines = el('ol', { class: 'mt-3 space-y-2 text-sm', 'aria-label': '结果明细' });
  for (const line of content.lines) {
    const li = el('li', { class: 'receipt-line border-t border-stone-200 pt-2' }, el('p', { class: 'break-words' }, ...(typeof line.text === 'string' ? [line.text] : line.text)));
    // A check's rows each carry their own code; a search's one code is below.
    if (line.status && !content.status) li.append(await qrFigure(line.status, tools, 80, '扫码查看本行当前状态：'));
    lines.append(li);
  }
  const sample = section.dataset.sample === 'true';
  section.replaceChildren(
    el('h2', { id: 'receipt-title', class: 'text-xl font-bold' }, content.title),
    el('p', { class: 'text-sm text-stone-600' }, `${section.dataset.siteName ?? ''} · ${location.origin}`),
    ...(sample ? [el('p', { class: 'mt-2 font-semibold' }, '示例数据：本凭证依据程序生成的虚构示例数据，不指向任何真实个人或单位，不具任何证明效力。')] : []),
    el(
      'dl',
      { class: 'receipt-fields mt-3 grid grid-cols-[5rem_minmax(0,1fr)] gap-x-3 gap-y-1' },
      ...field('查询内容', content.query),
      ...field('查询时间', whole(beijingTime(resultAt)), '（北京时间）'),
      ...field('名单版本', '截至 ', whole(listedOn), `，第 ${version.seq} 号变更，`, whole(beijingTime(new Date(version.builtAt))), ' 更新'),
      ...field('查询结果', content.result),
    ),
    lines,
    ...(content.status ? [el('div', { class: 'mt-4' }, await qrFigure(content.status, tools, 128, '扫码查看当前状态：'))] : []),
    el(
      'p',
      { class: 'receipt-note mt-4 rounded border border-stone-300 p-2 text-sm' },
      `本凭证仅反映本站 ${listedOn} 名单（第 ${version.seq} 号变更）在上述查询时间的查询结果，此后名单可能已变更（新增、屏蔽、撤销或期满删除），请扫码查看当前状态。本站只公开本市法院的名单，本站未查到不代表全国失信被执行人名单中没有记录，全国名单以中国执行信息公开网为准。`,
    ),
    el(
      'p',
      { class: 'no-print mt-4 flex flex-wrap gap-2' },
      el('button', { type: 'button', 'data-receipt-print': '', class: 'rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white' }, '打印'),
      el('button', { type: 'button', 'data-receipt-close': '', class: 'rounded-lg border border-stone-400 bg-white px-4 py-2' }, '关闭凭证'),
    ),
  );
  section.querySelector<HTMLButtonElement>('[data-receipt-print]')!.onclick = () => print();
  section.querySelector<HTMLButtonElement>('[data-receipt-close]')!.onclick = () => {
    section.hidden = true;
    section.replaceChildren();
    document.querySelector<HTMLButtonElement>('[data-receipt-make]')?.focus();
  };
}

/**
 * Offers a receipt on the page: the button (in [data-receipt-actions]) shows once there is a
 * result, and makes the receipt in #receipt, shown on screen and printed alone.
 */
export function mountReceipt(kind: 'search' | 'check', tools: ReceiptTools): void {
  const actions = document.querySelector<HTMLElement>('[data-receipt-actions]');
  const section = document.querySelector<HTMLElement>('#receipt');
  const make = actions?.querySelector<HTMLButtonElement>('[data-receipt-make]');
  const message = actions?.querySelector<HTMLElement>('[data-receipt-message]');
  if (!actions || !section || !make || !message) return;
  let report: CheckReport | null = null;
  /** When the result on screen was found: the receipt's date, and the list may not have changed since. */
  let resultAt = new Date();

  const forget = () => {
    section.hidden = true;
    section.replaceChildren();
    message.textContent = '';
  };

  if (kind === 'search') {
    const status = document.querySelector<HTMLElement>('#search-status');
    const update = () => {
      const ready = status?.dataset.state === 'done' && !!status.textContent?.trim();
      // A new search makes the old receipt wrong: it goes, and comes back only on request.
      if (!ready) forget();
      else if (actions.hidden) resultAt = new Date();
      actions.hidden = !ready;
    };
    if (status) new MutationObserver(update).observe(status, { attributes: true, attributeFilter: ['data-state'], childList: true, characterData: true, subtree: true });
    update();
  } else {
    const filter = document.querySelector<HTMLSelectElement>('#check-filter');
    document.addEventListener(CHECK_REPORT_EVENT, (event) => {
      report = (event as CustomEvent<CheckReport>).detail;
      resultAt = new Date();
      forget();
      actions.hidden = false;
    });
    filter?.addEventListener('change', forget);
  }

  make.addEventListener('click', async () => {
    const only = (document.querySelector<HTMLSelectElement>('#check-filter')?.value ?? '') as Verdict | '';
    const content = kind === 'search' ? searchContent() : report && checkContent(report, only);
    if (!content) return;
    make.disabled = true;
    message.textContent = '正在生成凭证…';
    try {
      const version = await listVersion();
      if (!version) {
        message.textContent = '无法读取名单版本，暂不能生成凭证（凭证须注明名单日期）。请检查网络后重试。';
        return;
      }
      // A version made after the result was found: the screen may show the list as it was before.
      if (Date.parse(version.builtAt) > resultAt.getTime()) {
        message.textContent = `名单已于 ${beijingTime(new Date(version.builtAt))} 更新，屏幕上的结果可能已不是最新：请重新${kind === 'search' ? '查询' : '核查'}后再生成凭证。`;
        return;
      }
      await render(section, content, version, resultAt, tools);
      section.hidden = false;
      message.textContent = '凭证已生成，见下方；可打印或另存为 PDF。';
      section.focus();
      section.scrollIntoView({ block: 'start' });
    } catch {
      message.textContent = '凭证生成失败，请重试。';
    } finally {
      make.disabled = false;
    }
  });
}
