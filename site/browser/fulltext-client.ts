// The search page's "案例与说明" section: the full text of cases, removal notices, the measures
// catalog and the guides (scripts/lib/fulltext.ts), searched with Pagefind in this browser,
// shown in our own markup. Pagefind's script is loaded only when there is something to search
// for and the section, below the entry results, comes near the screen (or its button is
// pressed): someone looking up a name does not pay for it. Pagefind runs on this page, without
// its web worker (a worker would need a CSP of its own to compile WebAssembly; this page's
// allows it, scripts/lib/security-headers.ts), and compiling it took most of the page's main-
// thread time (Lighthouse: 1,070 ms of blocking time on a phone, 290 ms without it). Every
// request it makes is to this site's /pagefind/.
import { MAX_QUERY_LENGTH, SEARCH_QUERY_EVENT } from '../../scripts/lib/shared/search/query.ts';
import { formatDate } from '../../scripts/lib/shared/dates.ts';

interface PagefindResultData {
  url: string;
  /** Text around the match, with the matched words in <mark>; built from our own page text. */
  excerpt: string;
  meta: Record<string, string | undefined>;
}

interface PagefindModule {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string): Promise<{ results: { id: string; data(): Promise<PagefindResultData> }[] } | null>;
}

const PAGEFIND_SCRIPT = '/pagefind/pagefind.js';
/** Results shown at once; the rest behind a button. */
const PAGE = 8;
/** Never a page that shows a person: the index holds none, and none is ever shown. */
const PERSON_PAGES = /^\/(entry|list)\//;

let pagefind: Promise<PagefindModule> | undefined;

function loadPagefind(): Promise<PagefindModule> {
  pagefind ??= (async () => {
    // A path Vite must leave alone: the file is written by the build after Vite is done.
    const script = PAGEFIND_SCRIPT;
    const module = (await import(/* @vite-ignore */ script)) as PagefindModule;
    await module.options({ noWorker: true, excerptLength: 36 });
    return module;
  })();
  pagefind.catch(() => {
    pagefind = undefined; // a failed download is tried again with the next query
  });
  return pagefind;
}

/** Pagefind keeps the word breaks it found in Chinese as zero-width spaces: not for the reader, nor for a copied quote. */
const plain = (text: string | null) => (text ?? '').replace(/\u200b/g, '');

/** The excerpt as text and <mark> only: any other markup in it is shown as its text. */
function excerptNodes(excerpt: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<body>${excerpt}</body>`, 'text/html');
  return [...parsed.body.childNodes].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = plain(node.textContent);
      return mark;
    }
    return document.createTextNode(plain(node.textContent));
  });
}

function resultElement(data: PagefindResultData): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'rounded-lg bg-white p-3 ring-1 ring-stone-200';
  const heading = document.createElement('p');
  const link = document.createElement('a');
  link.href = data.url;
  link.className = 'font-medium';
  link.textContent = plain(data.meta.title ?? data.url);
  heading.append(link);
  // The date as pages print it (2026年9月17日), kept on one line.
  const date = data.meta.date && /^\d{4}-\d{2}-\d{2}$/.test(data.meta.date) ? Object.assign(document.createElement('span'), { className: 'whole', textContent: formatDate(data.meta.date) }) : null;
  const parts: (string | Node)[] = [data.meta.kind, data.meta.court].filter((p): p is string => !!p);
  if (date) parts.push(date);
  const about = parts.length > 0;
  const context = document.createElement('p');
  context.className = 'text-xs text-stone-600 mt-1';
  context.append(...parts.flatMap((p, i) => (i === 0 ? [p] : [' · ', p])));
  const excerpt = document.createElement('p');
  excerpt.className = 'text-sm mt-1 break-words';
  excerpt.append(...excerptNodes(data.excerpt), '…');
  item.append(heading, ...(about ? [context] : []), excerpt);
  return item;
}

/** What to look for in the text: the query as the URL holds it; nothing for a masked ID number, which no page holds. */
function fullTextQuery(): string {
  const query = (new URL(location.href).searchParams.get('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH);
  return query.includes('*') ? '' : query;
}

/** How far below the screen the section starts its search: a quarter of the screen's height. */
const NEAR = '0px 0px 25% 0px';

export function startFullTextSection(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-search-form]')!;
  const section = document.querySelector<HTMLElement>('#fulltext')!;
  const status = document.querySelector<HTMLElement>('#fulltext-status')!;
  const list = document.querySelector<HTMLOListElement>('#fulltext-results')!;
  const more = document.querySelector<HTMLButtonElement>('#fulltext-more')!;
  const start = document.querySelector<HTMLButtonElement>('#fulltext-start')!;
  let generation = 0;
  let near = false;

  /** A new query: the section shows it is waiting, and searches at once if it is near the screen already. */
  function request() {
    ++generation;
    const query = fullTextQuery();
    list.replaceChildren();
    more.hidden = true;
    section.hidden = !query;
    status.textContent = '';
    start.hidden = !query;
    section.dataset.state = query ? 'waiting' : 'done';
    if (query && near) void run();
  }

  async function run() {
    const mine = ++generation;
    const query = fullTextQuery();
    start.hidden = true;
    section.dataset.state = 'running';
    status.textContent = '正在查找案例与说明…';
    try {
      const found = await (await loadPagefind()).search(query);
      if (mine !== generation || !found) return;
      const results = found.results;
      let shown = 0;
      const showNext = async () => {
        const batch = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
        if (mine !== generation) return;
        const pages = batch.filter((d) => !PERSON_PAGES.test(new URL(d.url, location.origin).pathname));
        list.append(...pages.map(resultElement));
        shown += PAGE;
        more.hidden = shown >= results.length;
        more.textContent = `显示更多（还有 ${results.length - Math.min(shown, results.length)} 个页面）`;
      };
      status.textContent = results.length ? `在典型案例、公告、惩戒措施和说明中找到 ${results.length} 个页面。` : '典型案例、公告、惩戒措施和说明中没有找到相关内容。';
      more.onclick = () => void showNext();
      if (results.length) await showNext();
    } catch {
      if (mine === generation) status.textContent = '案例与说明暂时无法查询，请稍后再试。名单查询不受影响。';
    } finally {
      if (mine === generation) section.dataset.state = 'done';
    }
  }

  // A hidden section never intersects: the observer reports it once a query shows it.
  new IntersectionObserver((seen) => {
    near = seen.some((s) => s.isIntersecting);
    if (near && section.dataset.state === 'waiting') void run();
  }, { rootMargin: NEAR }).observe(section);
  start.addEventListener('click', () => void run());
  // The search page's own script masks the query and writes it to the URL in its handler of
  // the same event: this section reads the URL after that.
  const soon = () => setTimeout(request);
  form.addEventListener(SEARCH_QUERY_EVENT, soon);
  addEventListener('popstate', soon);
  soon();
}
