// The search page in the browser: URL ⇄ form state, query planning, Pagefind, result cards.
import { MAX_QUERY_LENGTH, maskFullIdNumbers, planQuery, type QueryPlan } from '../../scripts/lib/search/query.ts';

interface PagefindResultData {
  url: string;
  meta: Record<string, string>;
}
interface PagefindResult {
  id: string;
  score: number;
  data: () => Promise<PagefindResultData>;
}
interface PagefindResponse {
  results: PagefindResult[];
  unfilteredResultCount: number;
}
interface Pagefind {
  options: (o: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  search: (term: string | null, options?: Record<string, unknown>) => Promise<PagefindResponse>;
}

const FILTER_NAMES = ['court', 'district', 'kind', 'behaviour', 'year'] as const;
const PAGE = 20;
/** Results beyond this many ask the user to narrow the search. */
const TOO_MANY = 200;

let pagefindPromise: Promise<Pagefind> | undefined;
function loadPagefind(): Promise<Pagefind> {
  pagefindPromise ??= (async () => {
    const url = '/pagefind/pagefind.js';
    const pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
    // Names are short and all about the same length: page length must not decide the order.
    await pagefind.options({ ranking: { pageLength: 0, termFrequency: 0 } });
    await pagefind.init();
    return pagefind;
  })();
  return pagefindPromise;
}

/** Runs each part's query (or a filter-only browse) and keeps the results every part found, in the first part's order. */
async function searchAll(pagefind: Pagefind, searches: string[], options: Record<string, unknown>): Promise<PagefindResponse> {
  if (searches.length === 0) return pagefind.search(null, options);
  const responses = await Promise.all(searches.map((q) => pagefind.search(q, options)));
  const [first, ...rest] = responses;
  const inAll = rest.map((r) => new Set(r.results.map((x) => x.id)));
  return { ...first!, results: first!.results.filter((x) => inAll.every((ids) => ids.has(x.id))) };
}

let t2sPromise: Promise<Record<string, string>> | undefined;
function loadTraditionalMap(): Promise<Record<string, string>> {
  t2sPromise ??= fetch('/search/t2s.json').then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  return t2sPromise;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

function card(data: PagefindResultData, rank: number): HTMLElement {
  const m = data.meta;
  const who = m.kind === 'person' ? `${m.gender} · ${m.age}岁` : '法人或其他组织';
  const id = m.kind === 'person' ? m.idNumberMasked : m.creditCode;
  return el(
    'li',
    { class: 'rounded-lg bg-white p-3 shadow-sm ring-1 ring-stone-200', 'data-result-rank': String(rank), 'data-name': m.title ?? '', 'data-entry-id': decodeURIComponent(data.url.split('/')[2] ?? '') },
    el('a', { href: data.url, class: 'font-semibold text-lg' }, m.title ?? ''),
    el('span', { class: 'text-sm text-stone-600 ml-2' }, who),
    el('p', { class: 'text-sm text-stone-700 font-mono' }, id ?? ''),
    el('p', { class: 'text-sm text-stone-600' }, `${m.court} · ${m.caseNumber} · 发布于 ${formatDate(m.publishedOn ?? '')}`),
  );
}

/** Full-name matches first, then names that start with the query, then the rest (stable). */
function rerank(items: PagefindResultData[], plan: QueryPlan): PagefindResultData[] {
  const name = plan.parts.find((p) => p.kind === 'name');
  if (!name || name.kind !== 'name') return items;
  const wanted = name.chars.join('');
  const plain = (s: string) => s.replace(/[\s·•・‧･]/g, '');
  const score = (d: PagefindResultData) => (plain(d.meta.title ?? '') === wanted ? 0 : plain(d.meta.title ?? '').startsWith(wanted) ? 1 : 2);
  return items.map((d, i) => ({ d, i })).sort((a, b) => score(a.d) - score(b.d) || a.i - b.i).map(({ d }) => d);
}

export function startSearchPage(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-search-form]')!;
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const filters = document.querySelector<HTMLFormElement>('#filters')!;
  const status = document.querySelector<HTMLElement>('#search-status')!;
  const noticeList = document.querySelector<HTMLElement>('#search-notices')!;
  const list = document.querySelector<HTMLElement>('#search-results')!;
  const more = document.querySelector<HTMLButtonElement>('#search-more')!;
  const filterSummary = document.querySelector<HTMLElement>('#filter-summary')!;
  let generation = 0;

  function readUrl() {
    const params = new URL(location.href).searchParams;
    input.value = params.get('q') ?? '';
    for (const name of FILTER_NAMES) (filters.elements.namedItem(name) as HTMLSelectElement).value = params.get(name) ?? '';
  }

  function chosenFilters(): Record<string, string> {
    const chosen: Record<string, string> = {};
    for (const name of FILTER_NAMES) {
      const value = (filters.elements.namedItem(name) as HTMLSelectElement).value;
      if (value) chosen[name] = value;
    }
    return chosen;
  }

  function writeUrl(push: boolean) {
    const url = new URL(location.pathname, location.origin);
    // Only the masked form of an ID number ever reaches the URL, history or a shared link.
    const query = maskFullIdNumbers(input.value.trim()).slice(0, MAX_QUERY_LENGTH);
    if (query) url.searchParams.set('q', query);
    for (const [k, v] of Object.entries(chosenFilters())) url.searchParams.set(k, v);
    if (url.href !== location.href) history[push ? 'pushState' : 'replaceState'](null, '', url);
  }

  function notice(text: string, extra?: Node) {
    noticeList.append(el('li', { class: 'rounded border border-amber-300 bg-amber-50 p-2' }, text, ...(extra ? [' ', extra] : [])));
  }

  async function run() {
    const mine = ++generation;
    status.dataset.state = 'running';
    try {
      await runSearch(mine);
    } finally {
      if (mine === generation) status.dataset.state = 'done';
    }
  }

  async function runSearch(mine: number) {
    const raw = input.value;
    const chosen = chosenFilters();
    filterSummary.textContent = Object.values(chosen).join(' · ');
    if (Object.keys(chosen).length) (document.querySelector('#filters-panel') as HTMLDetailsElement).open = true;
    list.replaceChildren();
    noticeList.replaceChildren();
    more.hidden = true;
    const needsMap = /\p{Script=Han}/u.test(raw);
    const plan = planQuery(raw, needsMap ? await loadTraditionalMap() : {});
    if (plan.searches.length === 0 && (Object.keys(chosen).length === 0 || raw.trim())) {
      status.textContent = raw.trim() ? '没有可查询的内容：请输入姓名、单位名称、拼音、案号或证件号码（完整 18 位或前 10 位）。' : '';
      plan.notices.forEach((n) => notice(n));
      return;
    }
    status.textContent = '正在查询…';
    const pagefind = await loadPagefind();
    const byName = plan.parts.some((p) => p.kind === 'name' || p.kind === 'pinyin');
    const response = await searchAll(pagefind, plan.searches, {
      filters: chosen,
      // Phrase matches all score alike: shortest names first puts the exact name on top.
      // Without words, results keep index order: newest first (scripts/stages/pagefind.ts).
      sort: byName ? { nlen: 'asc' } : undefined,
    });
    if (mine !== generation) return;
    const total = response.results.length;
    plan.notices.forEach((n) => notice(n));
    if (total === 0) {
      status.textContent = '没有找到符合条件的记录。';
      notice('请核对用字（同音字、繁简体），或改用拼音、案号、完整 18 位身份证号码查询；也可以去掉筛选条件。名单只包含当前公开的记录，已屏蔽、撤销或期满的记录不再显示。');
      return;
    }
    status.textContent = `找到 ${total} 条记录${plan.searches.length ? '' : '（按发布时间从新到旧）'}。`;
    if (total > TOO_MANY) notice(`结果较多（${total} 条）。请输入完整姓名，或按执行法院、年份筛选缩小范围。`);

    // The nlen sort already puts the exact name first; within the first page, a name that
    // starts with the query goes before one that only contains it. One fragment per card:
    // load only what is shown (on a slow connection every request counts).
    const firstBatch = rerank(await Promise.all(response.results.slice(0, PAGE).map((r) => r.data())), plan);
    if (mine !== generation) return;
    const names = new Map<string, number>();
    for (const d of firstBatch) names.set(d.meta.title ?? '', (names.get(d.meta.title ?? '') ?? 0) + 1);
    const shared = [...names.entries()].filter(([, n]) => n > 1).map(([name]) => name);
    if (shared.length) {
      notice(
        `有 ${shared.length === 1 ? `${shared[0]} 等` : `${shared.slice(0, 3).join('、')} 等`}同名记录。请以性别、年龄、身份证号码（已隐去出生月日）、执行法院和案号区分，勿凭姓名认定。`,
        el('a', { href: '/correction/#namesake' }, '这不是我？'),
      );
    }
    let shown = 0;
    const showNext = async () => {
      const slice = shown === 0 ? firstBatch : await Promise.all(response.results.slice(shown, shown + PAGE).map((r) => r.data()));
      if (mine !== generation) return;
      slice.forEach((d, i) => list.append(card(d, shown + i + 1)));
      shown += slice.length;
      more.hidden = shown >= total;
      more.textContent = `显示更多（还有 ${total - shown} 条）`;
    };
    more.onclick = () => void showNext();
    await showNext();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    writeUrl(true);
    void run();
  });
  filters.addEventListener('change', () => {
    writeUrl(true);
    void run();
  });
  filters.addEventListener('reset', () => setTimeout(() => { writeUrl(true); void run(); }));
  addEventListener('popstate', () => {
    readUrl();
    void run();
  });
  readUrl();
  status.dataset.state = 'done';
  // Load the index and the character table while the person is still typing: on a slow
  // connection these round trips would otherwise all come after the keystroke.
  const warmUp = () => {
    void loadPagefind();
    void loadTraditionalMap();
  };
  if (input.value) warmUp();
  else {
    input.addEventListener('focus', warmUp, { once: true });
    input.addEventListener('input', warmUp, { once: true });
    if ('requestIdleCallback' in window) requestIdleCallback(warmUp, { timeout: 2000 });
    else setTimeout(warmUp, 500);
  }
  if (input.value || Object.keys(chosenFilters()).length) void run();
}
