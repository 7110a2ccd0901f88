// Search in the browser, on the search page and in place on the home page: URL ⇄ form state,
// query planning, the entry index, result cards. The index manifest loads when the box gets
// focus and the buckets of what is typed while it is typed, so Enter shows results at once.
import { MAX_QUERY_LENGTH, maskFullIdNumbers, planQuery, SEARCH_QUERY_EVENT, type QueryPlan } from '../../scripts/lib/shared/search/query.ts';
import { SearchIndex, type Filters } from '../../scripts/lib/shared/search/engine.ts';
import { C, KIND_LABEL, PAGE, type Card, type Manifest, type NoticeRef } from '../../scripts/lib/shared/search/format.ts';
import { BEHAVIOUR_CODES, BEHAVIOUR_SHORT } from '../../scripts/lib/shared/rules/behaviours.ts';
import { withoutNameSeparators } from '../../scripts/lib/shared/search/normalise.ts';
import { formatDate } from '../../scripts/lib/shared/dates.ts';
import { entryPath } from '../../scripts/lib/shared/urls.ts';

const FILTER_NAMES = ['court', 'district', 'kind', 'behaviour', 'year'] as const;
/** Results beyond this many ask the user to narrow the search. */
const TOO_MANY = 200;
const INDEX_ROOT = '/search/i/';
/**
 * A pause in typing this long fetches what the box holds. Keys come ~150 ms apart when typed
 * fast, so a word typed key by key costs one request, not one per key; text committed at once (an
 * input method's word, a paste) is fetched without waiting.
 */
const TYPING_PAUSE_MS = 250;

let indexPromise: Promise<SearchIndex> | undefined;
function loadIndex(): Promise<SearchIndex> {
  indexPromise ??= SearchIndex.open(async (file) => {
    // The page's meta tag already says no-referrer; said again where the query page asks.
    const response = await fetch(INDEX_ROOT + file, { referrerPolicy: 'no-referrer' });
    return response.ok ? response.json() : null;
  });
  // A failed load (offline, mid-deploy) is not remembered: the next search tries again.
  indexPromise.catch(() => (indexPromise = undefined));
  return indexPromise;
}

/** The page's filter labels, as the index's numeric filters. */
function numericFilters(chosen: Record<string, string>, manifest: Manifest): Filters {
  const filters: Filters = {};
  if (chosen.court) filters.court = manifest.courts.indexOf(chosen.court);
  if (chosen.district) filters.district = manifest.districts.indexOf(chosen.district);
  if (chosen.kind) filters.kind = chosen.kind === KIND_LABEL.person ? 'p' : 'o';
  if (chosen.behaviour) filters.behaviour = BEHAVIOUR_CODES.findIndex((b) => BEHAVIOUR_SHORT[b] === chosen.behaviour);
  if (chosen.year) filters.year = Number(chosen.year);
  return filters;
}

let t2sPromise: Promise<Record<string, string>> | undefined;
function loadTraditionalMap(): Promise<Record<string, string>> {
  t2sPromise ??= fetch('/search/t2s.json', { referrerPolicy: 'no-referrer' }).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  return t2sPromise;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function cardElement(c: Card, manifest: Manifest, rank: number): HTMLElement {
  const url = entryPath(c[C.id]);
  const who = c[C.kind] === 'p' ? `${c[C.sex]} · ${c[C.age] ?? ''}岁` : KIND_LABEL.org;
  return el(
    'li',
    { class: 'rounded-lg bg-white p-3 shadow-sm ring-1 ring-stone-200', 'data-result-rank': String(rank), 'data-name': c[C.name], 'data-entry-id': c[C.id] },
    // What tells namesakes apart is in the link's name too: three namesakes are three different links.
    el('a', { href: url, class: 'font-semibold text-lg' }, c[C.name], el('span', { class: 'sr-only' }, `（${who}，${c[C.ident]}，${manifest.courts[c[C.court]] ?? ''}，${c[C.caseNumber]}）`)),
    el('span', { class: 'text-sm text-stone-600 ml-2 whole' }, who),
    el('p', { class: 'text-sm text-stone-700 font-mono' }, el('span', { class: 'whole' }, c[C.ident])),
    el('p', { class: 'text-sm text-stone-600' }, `${manifest.courts[c[C.court]] ?? ''} · `, el('span', { class: 'whole' }, c[C.caseNumber]), ' · 发布于 ', el('span', { class: 'whole' }, formatDate(c[C.publishedOn]))),
  );
}

/** A gone entry's case number or id: where its removal notice is. Only what that notice shows. */
function removalNoticeElement([id, caseNumber, court, type, date]: NoticeRef): HTMLElement {
  // The date of an expiry is the first day off the list (publish-state GoneEntry.date).
  const how = type === '期满' ? `失信期限届满，已于 ${formatDate(date)} 撤出名单` : `已于 ${formatDate(date)} ${type}`;
  return el(
    'li',
    { class: 'rounded border border-sky-300 bg-sky-50 p-2', 'data-removal-notice': id },
    `${caseNumber}（${court}）的记录${how}，现不在名单上。`,
    ' ',
    el('a', { href: entryPath(id), class: 'underline' }, '查看撤出公告'),
  );
}

/** Full-name matches first, then names that start with the query, then the rest (stable). */
function rerank(cards: Card[], plan: QueryPlan): Card[] {
  const name = plan.parts.find((p) => p.kind === 'name');
  if (!name || name.kind !== 'name') return cards;
  const wanted = name.chars.join('');
  const score = (c: Card) => {
    const plain = withoutNameSeparators(c[C.name]);
    return plain === wanted ? 0 : plain.startsWith(wanted) ? 1 : 2;
  };
  return cards.map((c, i) => ({ c, i })).sort((a, b) => score(a.c) - score(b.c) || a.i - b.i).map(({ c }) => c);
}

export interface SearchPageOptions {
  /**
   * The home page: the same search, in place. Its address becomes the search page's (/search/?q=…,
   * the permalink a person shares), and back to `/` shows the home page again.
   */
  inPlace?: boolean;
}

export function startSearchPage({ inPlace = false }: SearchPageOptions = {}): void {
  const form = document.querySelector<HTMLFormElement>('form[data-search-form]')!;
  const input = form.querySelector<HTMLInputElement>('input[data-query]')!;
  const output = document.querySelector<HTMLElement>('[data-search-output]')!;
  const answer = document.querySelector<HTMLElement>('#search-answer')!;
  const printedQuery = document.querySelector<HTMLElement>('#search-printed-query')!;
  // The home page has no filters: everything below treats a missing form as "none chosen".
  const filters = document.querySelector<HTMLFormElement>('#filters');
  const status = document.querySelector<HTMLElement>('#search-status')!;
  const noticeList = document.querySelector<HTMLElement>('#search-notices')!;
  const list = document.querySelector<HTMLElement>('#search-results')!;
  const more = document.querySelector<HTMLButtonElement>('#search-more')!;
  const filterSummary = document.querySelector<HTMLElement>('#filter-summary');
  /** What the page shows when there is no search: the home page's links, the search page's help. */
  const idle = [...document.querySelectorAll<HTMLElement>('[data-search-idle]')];
  let generation = 0;

  function readUrl() {
    const params = new URL(location.href).searchParams;
    // A link made elsewhere may carry a full ID: it is masked before it is shown or searched,
    // and the address bar is corrected without a new history entry.
    input.value = maskFullIdNumbers(params.get('q') ?? '');
    if (filters) for (const name of FILTER_NAMES) (filters.elements.namedItem(name) as HTMLSelectElement).value = params.get(name) ?? '';
  }

  function chosenFilters(): Record<string, string> {
    const chosen: Record<string, string> = {};
    if (!filters) return chosen;
    for (const name of FILTER_NAMES) {
      const value = (filters.elements.namedItem(name) as HTMLSelectElement).value;
      if (value) chosen[name] = value;
    }
    return chosen;
  }

  function writeUrl(push: boolean) {
    // In place on the home page the address is the search page's: a shared link or a reload
    // opens the same search there.
    const url = new URL(inPlace ? '/search/' : location.pathname, location.origin);
    // Only the masked form of an ID number ever reaches the URL, history or a shared link.
    const query = maskFullIdNumbers(input.value.trim()).slice(0, MAX_QUERY_LENGTH);
    if (query) url.searchParams.set('q', query);
    for (const [k, v] of Object.entries(chosenFilters())) url.searchParams.set(k, v);
    if (url.href !== location.href) history[push ? 'pushState' : 'replaceState'](null, '', url);
  }

  /**
   * Holds a screen's height for the answer from the moment a search starts (on the home page, in
   * the same frame as the Enter that started it), and hides the answer while it is worked out:
   * status, notices, cards and the coverage note then appear together in space already there,
   * and nothing already on screen moves (no layout shift).
   */
  function startAnswer(searching: boolean) {
    output.toggleAttribute('data-active', searching || !inPlace);
    answer.hidden = true;
    for (const node of idle) node.hidden = searching;
  }
  function showAnswer() {
    answer.hidden = false;
    // The search page's help comes back below the answer (newly shown, it moves nothing);
    // the home page's links stay away until the person goes back to it.
    if (!inPlace) for (const node of idle) node.hidden = false;
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
    const maskedQuery = maskFullIdNumbers(raw).trim();
    printedQuery.textContent = maskedQuery ? `查询：${maskedQuery}` : '';
    const chosen = chosenFilters();
    if (filterSummary) filterSummary.textContent = Object.values(chosen).join(' · ');
    if (Object.keys(chosen).length) (document.querySelector('#filters-panel') as HTMLDetailsElement).open = true;
    list.replaceChildren();
    noticeList.replaceChildren();
    more.hidden = true;
    startAnswer(raw.trim() !== '' || Object.keys(chosen).length > 0);
    const needsMap = /\p{Script=Han}/u.test(raw);
    const plan = planQuery(raw, needsMap ? await loadTraditionalMap() : {});
    if (mine !== generation) return;
    if (plan.lookups.length === 0 && !plan.entryId && (Object.keys(chosen).length === 0 || raw.trim())) {
      status.textContent = raw.trim() ? '没有可查询的内容：请输入姓名、单位名称、拼音、案号或证件号码（完整 18 位或前 10 位）。' : '';
      plan.notices.forEach((n) => notice(n));
      if (raw.trim()) showAnswer();
      return;
    }
    status.textContent = '正在查询…';
    const index = await loadIndex();
    const [results, removals] = await Promise.all([index.answer(plan, numericFilters(chosen, index.manifest)), index.removalNotices(plan.removalTokens)]);
    if (mine !== generation) return;
    const total = results.total;
    const about = results.approximate ? '约 ' : '';
    // Found by its id: guidance about what else the text might have been does not apply.
    if (!results.byId) plan.notices.forEach((n) => notice(n));
    if (!results.byId) noticeList.append(...removals.map(removalNoticeElement));
    if (total === 0 && removals.length) {
      status.textContent = '没有找到当前公开的记录。';
      showAnswer();
      return;
    }
    if (total === 0) {
      status.textContent = '没有找到符合条件的记录。';
      notice('请核对用字（同音字、繁简体），或改用拼音、案号、完整 18 位身份证号码查询；也可以去掉筛选条件。名单只包含当前公开的记录，已屏蔽、撤销或期满的记录不再显示。');
      showAnswer();
      return;
    }
    // The index ranks the shortest names first; within the first page, a name that starts
    // with the query goes before one that only contains it.
    const firstBatch = rerank(await index.cards(results, 0, PAGE), plan);
    if (mine !== generation) return;
    // Status, notices and the first cards are written in one go: nothing already on screen moves.
    status.textContent = `找到 ${about}${total} 条记录${plan.lookups.length || results.byId ? '' : '（按发布时间从新到旧）'}。`;
    if (total > TOO_MANY) notice(`结果较多（${about}${total} 条）。请输入完整姓名，或按执行法院、年份筛选缩小范围。`);
    const names = new Map<string, number>();
    for (const c of firstBatch) names.set(c[C.name], (names.get(c[C.name]) ?? 0) + 1);
    const shared = [...names.entries()].filter(([, n]) => n > 1).map(([name]) => name);
    if (shared.length) {
      notice(
        `有 ${shared.length === 1 ? `${shared[0]} 等` : `${shared.slice(0, 3).join('、')} 等`}同名记录。请以性别、年龄、身份证号码（已隐去出生月日）、执行法院和案号区分，勿凭姓名认定。`,
        el('a', { href: '/correction/#namesake' }, '这不是我？'),
      );
    }
    let shown = 0;
    const showNext = async () => {
      const slice = shown === 0 ? firstBatch : await index.cards(results, shown, PAGE);
      if (mine !== generation) return;
      slice.forEach((c, i) => list.append(cardElement(c, index.manifest, shown + i + 1)));
      shown += PAGE;
      more.hidden = shown >= total;
      more.textContent = `显示更多（还有 ${total - Math.min(shown, total)} 条）`;
      showAnswer();
    };
    more.onclick = () => void showNext();
    await showNext();
  }

  /**
   * Fetches, without showing anything, what a search for this text will need: its buckets and
   * its first page of cards. The index keeps every file it fetched (even while in flight), so the
   * search run on Enter finds them there. Only the masked text is planned, as on Enter.
   */
  async function prefetch(raw: string) {
    try {
      const plan = planQuery(raw, /\p{Script=Han}/u.test(raw) ? await loadTraditionalMap() : {});
      if (plan.lookups.length === 0 && !plan.entryId) return;
      const index = await loadIndex();
      if (input.value !== raw) return; // typed on meanwhile: the next pause fetches the newer text
      const [results] = await Promise.all([index.answer(plan, numericFilters(chosenFilters(), index.manifest)), index.removalNotices(plan.removalTokens)]);
      await index.cards(results, 0, PAGE);
    } catch {
      // Offline or mid-deploy: Enter will try again and say what went wrong.
    }
  }
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  const prefetchAfter = (ms: number) => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => void prefetch(input.value), ms);
  };
  input.addEventListener('input', (event) => {
    const e = event as InputEvent;
    // Mid-composition the box holds the input method's letters, not what will be searched.
    if (e.isComposing) return;
    const atOnce = (e.data?.length ?? 0) > 1 || e.inputType === 'insertFromPaste' || e.inputType === 'insertFromDrop' || e.inputType === 'insertReplacementText';
    prefetchAfter(atOnce ? 0 : TYPING_PAUSE_MS);
  });
  // An input method commits its word here (after its last input event, which is still "composing").
  input.addEventListener('compositionend', () => prefetchAfter(0));

  // SearchForm masks the query, then asks whether this page searches in place.
  form.addEventListener(SEARCH_QUERY_EVENT, (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    // An empty box on the home page gives no address of its own: it only says what to type.
    if (!inPlace || input.value.trim()) writeUrl(true);
    void run();
  });
  filters?.addEventListener('change', () => {
    writeUrl(true);
    void run();
  });
  filters?.addEventListener('reset', () => setTimeout(() => { writeUrl(true); void run(); }));
  addEventListener('popstate', () => {
    readUrl();
    void run();
  });
  readUrl();
  if (!inPlace || input.value) writeUrl(false);
  status.dataset.state = 'done';
  // The index manifest and the character table load when the box is first used (on a slow
  // connection these round trips would otherwise come after the keystroke), not before: a
  // visitor who only reads the page fetches nothing more.
  const warmUp = () => {
    void loadIndex().catch(() => {});
    void loadTraditionalMap();
  };
  if (input.value || document.activeElement === input) warmUp();
  else {
    input.addEventListener('focus', warmUp, { once: true });
    input.addEventListener('input', warmUp, { once: true });
  }
  if (input.value || Object.keys(chosenFilters()).length) void run();
}
