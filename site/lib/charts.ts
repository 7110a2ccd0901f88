// The charts of /stats/, drawn at build time to SVG by Observable Plot on linkedom's document:
// the page ships no script. Each SVG is role="img" with a <title> and <desc> naming what it
// shows; its numbers are in the table beside it. Text takes the page's font (font-family
// inherit, so Chinese uses the fonts the page already lists, none downloaded) and the page's
// text colour (currentColor). Drawn 320 units wide and scaled by its viewBox: on a 360 px screen
// (about 300 px inside the page's padding) one unit is about one pixel, so labels stay readable.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { Count, MonthCount } from '../../scripts/lib/stats.ts';
import { formatCount } from '../../scripts/lib/shared/numbers.ts';
import { formatMonth } from '../../scripts/lib/shared/dates.ts';

const WIDTH = 320;
const FONT_SIZE = 13;
const BAR = '#b42318'; // brand-600
const OVER = '#57534e'; // stone-600: over the deadline

interface ChartText {
  /** Unique on the page: the ids of <title> and <desc>. */
  id: string;
  title: string;
  description: string;
}

function newDocument() {
  return parseHTML('<html><body></body></html>').document;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Plot's SVG with role="img", <title> and <desc>, and the page's font. */
function finish(svg: Element, { id, title, description }: ChartText): string {
  const document = svg.ownerDocument;
  // SVG elements, not HTML ones: linkedom writes an HTML <title>'s text as it is (raw text), an
  // SVG one's escaped, and a title that ever held data must not write markup.
  const titleEl = document.createElementNS(SVG_NS, 'title');
  titleEl.setAttribute('id', `${id}-title`);
  titleEl.textContent = title;
  const descEl = document.createElementNS(SVG_NS, 'desc');
  descEl.setAttribute('id', `${id}-desc`);
  descEl.textContent = description;
  svg.insertBefore(descEl, svg.firstChild);
  svg.insertBefore(titleEl, svg.firstChild);
  // Axis ticks are numbers the chart made; so are the counts (barChart). Named for the privacy
  // check, which reads each apart (reader-text.ts NUMBER_GROUP); a label of data never is.
  for (const el of svg.querySelectorAll('g[aria-label$="tick label"]')) el.setAttribute('class', NUMBERS);
  // Plot labels its groups (aria-label="bar"); inside role="img" they are not exposed, and an
  // aria-label on a plain <g> is prohibited ARIA. The title, description and table say it all.
  for (const el of svg.querySelectorAll('[aria-label], [aria-description]')) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-title`);
  svg.setAttribute('aria-describedby', `${id}-desc`);
  // The viewBox scales it: width 100 % of its box, height in proportion.
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('class', `${svg.getAttribute('class') ?? ''} stat-chart`.trim());
  return svg.outerHTML;
}

/** The class of a group of labels that are numbers the chart drew (counts, ticks), never data. */
const NUMBERS = 'stat-numbers';

const common = () => ({ document: newDocument(), width: WIDTH, style: { fontFamily: 'inherit', fontSize: `${FONT_SIZE}px`, background: 'transparent' } });

/**
 * Ranked horizontal bars, each label written above its bar (a court's or a ground's name is
 * too long for a left axis at 360 px) and its count at the bar's end.
 */
export function barChart(text: ChartText, data: readonly Count[]): string {
  const band = 38;
  const svg = Plot.plot({
    ...common(),
    height: Math.max(1, data.length) * band + 10,
    marginTop: 4,
    marginBottom: 6,
    marginLeft: 4,
    marginRight: 44,
    x: { axis: null, domain: [0, Math.max(1, ...data.map((d) => d.count))] },
    y: { axis: null, domain: data.map((d) => d.label), paddingInner: 0.1, paddingOuter: 0 },
    marks: [
      Plot.barX(data, { y: 'label', x: 'count', fill: BAR, insetTop: 17 }),
      Plot.text(data, { y: 'label', x: 0, text: 'label', textAnchor: 'start', dy: -9, lineWidth: (WIDTH - 10) / FONT_SIZE, textOverflow: 'ellipsis' }),
      Plot.text(data, { y: 'label', x: 'count', text: (d: Count) => formatCount(d.count), textAnchor: 'start', dx: 4, dy: 8, className: NUMBERS }),
    ],
  }) as unknown as Element;
  return finish(svg, text);
}

/** Whole numbers only: a count axis up to 3 would otherwise tick at 0.5. */
function countAxis(max: number, label: string | null) {
  return { grid: true, label, labelArrow: 'none' as const, ...(max <= 5 ? { ticks: Array.from({ length: max + 1 }, (_, i) => i) } : { ticks: 4 }), tickFormat: formatCount };
}

/** Vertical bars by month; a few month ticks so labels never collide at 360 px. `label` names the series above its axis. */
export function monthChart(text: ChartText, data: readonly MonthCount[], value: 'added' | 'removed', label: string): string {
  const months = data.map((d) => d.month);
  const every = Math.max(1, Math.ceil(months.length / 3));
  const ticks = months.filter((_, i) => i % every === 0);
  const svg = Plot.plot({
    ...common(),
    height: 180,
    marginTop: 24,
    marginLeft: 36,
    marginRight: 24,
    marginBottom: 28,
    x: { type: 'band', domain: months, ticks, tickFormat: formatMonth, label: null, padding: 0.15 },
    y: countAxis(Math.max(0, ...data.map((d) => d[value])), label),
    marks: [Plot.barY(data, { x: 'month', y: value, fill: BAR }), Plot.ruleY([0])],
  }) as unknown as Element;
  return finish(svg, text);
}

/** Removals per working day waited; within the deadline in the brand colour, later in grey. */
export function delayChart(text: ChartText, histogram: readonly { days: number; count: number }[], deadline: number): string {
  const svg = Plot.plot({
    ...common(),
    height: 180,
    marginTop: 24,
    marginLeft: 36,
    marginRight: 16,
    marginBottom: 34,
    x: { type: 'band', domain: histogram.map((h) => h.days), label: '工作日', labelAnchor: 'right', labelArrow: 'none', ticks: histogram.map((h) => h.days).filter((d) => histogram.length <= 12 || d % Math.ceil(histogram.length / 12) === 0), padding: 0.15 },
    y: countAxis(Math.max(0, ...histogram.map((h) => h.count)), '条数'),
    marks: [Plot.barY(histogram, { x: 'days', y: 'count', fill: (h: { days: number }) => (h.days <= deadline ? BAR : OVER) }), Plot.ruleY([0])],
  }) as unknown as Element;
  return finish(svg, text);
}
