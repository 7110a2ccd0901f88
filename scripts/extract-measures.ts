// Derives the joint punishment catalog (§三 加强联合惩戒) from the OCR'd source document, so the
// published measures are read off the document rather than retyped and cannot drift from it.
// Run: node scripts/extract-measures.ts  → content/measures/catalog.json
import { readFileSync, writeFileSync } from 'node:fs';
import { measureCatalogSchema, type MeasureCatalog } from './lib/schema/measure.ts';

export const SOURCE_FILE = new URL('../content/measures/source/benxi-2018-67.txt', import.meta.url);
export const CATALOG_FILE = new URL('../content/measures/catalog.json', import.meta.url);

type Measure = MeasureCatalog['groups'][number]['measures'][number];
type AppliesTo = Measure['appliesTo'][number];

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一'];

// Headings come as ##, ### or ####, with full- or half-width parentheses: "#### （四）准入资格限制".
const GROUP_HEADING = /^#+\s*[（(]([一二三四五六七八九十]+)[）)]\s*(.+)$/;
const ITEM_START = /^(\d+)\.\s*(.*)$/;
const UNITS = /（责任单位：([^）]*)）/g;
// Scanner watermark and page numbers ("- 3 -") that the OCR left between the lines of a measure.
const PAGE_FURNITURE = [/^-\s*\d+\s*-$/, /扫描全能王/];

const FULL_WIDTH: Record<string, string> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）' };

/**
 * Undoes OCR noise in a line of Chinese text: half-width punctuation back to the document's
 * full-width forms, and stray spaces ("对失信被执行人 在银行间") removed — Chinese has no spaces
 * between words, and §三 contains no Latin text whose spaces would matter.
 */
function tidy(line: string): string {
  return line
    .replace(/[,;:()]/g, (c) => FULL_WIDTH[c] ?? c)
    .replace(/(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])/g, '')
    .trim();
}

/**
 * Who a measure reaches, read off its wording. The document marks scope with a few fixed
 * formulas, so a handful of patterns suffice; a measure that marks none reaches every debtor.
 * - "失信被执行人(为)个人的", or a bar on holding a post, recruitment, joining the Party or the
 *   army (titles 担任/招录/入党/入伍…): only a person can be so restricted → 自然人.
 * - 企业资质, 海关认证企业, "相关机构及其…": only organisations can be so restricted → 法人或其他组织.
 *   Where both kinds are named (§三(五)1: 有关机构… and 失信被执行人为个人的…), every debtor is reached.
 * - The formula "法定代表人、(主要负责人、)实际控制人" names the people behind a debtor organisation as
 *   also restricted, or as what brings an organisation under the measure → 法定代表人等相关人员.
 *   A bare 法定代表人 is not enough: §三(三)2 bars debtors from becoming one.
 */
export function appliesTo(title: string, text: string): AppliesTo[] {
  const persons = /失信被执行人为?个人的/.test(text) || /^(担任|招录|入党|入伍)/.test(title);
  const organisations = /企业资质|认证企业|[相有]关机构及其/.test(text);
  const scope: AppliesTo[] = [
    persons === organisations ? '失信被执行人' : persons ? '自然人' : '法人或其他组织',
  ];
  if (/法定代表人、(主要负责人、)?实际控制人/.test(text)) scope.push('法定代表人等相关人员');
  return scope;
}

/**
 * One (责任单位：…) list as units, split on 、. A list that names a class of units rather than
 * units ("各市场监管、行业主管单位", §三(九)) stays whole: there the 、 joins two modifiers of one
 * shared 单位, and splitting would leave "各市场监管", which is no unit.
 */
function unitList(list: string): string[] {
  return list.startsWith('各') ? [list] : list.split('、');
}

/**
 * "市国资委等有关单位" and "人民银行本溪市中心支行等具有金融机构任职资格核准职能的单位" name one unit
 * and then a class of others; the named unit is responsible as much as any other in the list, so
 * it is filed under its own name (a reader asking what 市国资委 enforces must find the measure).
 * The class itself names no unit and stays in unitsAsPrinted only.
 */
export function namedUnit(unit: string): string {
  return /^(.+?)等(有关|具有.+的)单位$/.exec(unit)?.[1] ?? unit;
}

/** Splits a measure's body into its text and its responsible units (union over all its sentences). */
function splitUnits(body: string): { text: string; responsibleUnits: string[]; unitsAsPrinted: string[] } {
  const lists = [...body.matchAll(UNITS)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
  const units = lists.flatMap(unitList).map((u) => namedUnit(u.trim()));
  return {
    text: body.replace(UNITS, ''),
    responsibleUnits: [...new Set(units.filter(Boolean))],
    unitsAsPrinted: lists,
  };
}

export function extractMeasureCatalog(sourceText: string): MeasureCatalog {
  const lines = sourceText.split(/\r?\n/).map((l) => l.trim());
  const start = lines.findIndex((l) => /^#*\s*三、/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^#*\s*四、/.test(l));
  if (start < 0 || end < 0) throw new Error('section 三 not found in source');

  const groups: { numeral: string; title: string; bodies: { item: number | null; body: string }[] }[] = [];
  for (const line of lines.slice(start + 1, end)) {
    if (line === '' || PAGE_FURNITURE.some((re) => re.test(line))) continue;
    const heading = GROUP_HEADING.exec(line);
    if (heading) {
      groups.push({ numeral: heading[1]!, title: tidy(heading[2]!), bodies: [] });
      continue;
    }
    const group = groups.at(-1);
    if (!group) throw new Error(`text before the first group of §三: ${line}`);
    const item = ITEM_START.exec(line);
    if (item) {
      group.bodies.push({ item: Number(item[1]), body: tidy(item[2]!) });
    } else if (group.bodies.length === 0) {
      group.bodies.push({ item: null, body: tidy(line) }); // groups (八)–(十一) have no numbered items
    } else {
      // Any other line belongs to the measure above: either the rest of a sentence cut by a page
      // break (even mid-word, "本|溪银监分局") or a further sentence of the same item. Chinese
      // joins both without a separator, so we need not tell them apart.
      group.bodies.at(-1)!.body += tidy(line);
    }
  }

  const catalog = {
    source: sourceName(lines, lines[start]!),
    groups: groups.map((group, g) => {
      if (group.numeral !== NUMERALS[g]) throw new Error(`group (${group.numeral}) out of order`);
      const number = g + 1;
      return {
        number,
        numeral: group.numeral,
        title: group.title,
        measures: group.bodies.map(({ item, body }, i): Measure => {
          if (item === null) {
            if (group.bodies.length !== 1) throw new Error(`group (${group.numeral}) mixes items and prose`);
            const { text, responsibleUnits, unitsAsPrinted } = splitUnits(body);
            return { id: String(number), title: group.title, text, appliesTo: appliesTo(group.title, text), responsibleUnits, unitsAsPrinted };
          }
          // Items must run 1, 2, 3 … — a gap means the OCR lost or misread a number.
          if (item !== i + 1) throw new Error(`group (${group.numeral}): item ${item} where ${i + 1} expected`);
          const stop = body.indexOf('。');
          if (stop < 0) throw new Error(`item (${group.numeral})${item} has no heading sentence`);
          const title = body.slice(0, stop);
          const { text, responsibleUnits, unitsAsPrinted } = splitUnits(body.slice(stop + 1));
          return { id: `${number}.${item}`, title, text, appliesTo: appliesTo(title, text), responsibleUnits, unitsAsPrinted };
        }),
      };
    }),
  };
  return measureCatalogSchema.parse(catalog);
}

/** "《关于…实施意见》（本委办发〔2018〕67号）三、加强联合惩戒", all read from the document itself. */
function sourceName(lines: string[], sectionHeading: string): string {
  const title = lines.map((l) => /^#\s*(关于.+)$/.exec(l)?.[1]).find(Boolean);
  const docNumber = lines.map((l) => /\S*〔\d{4}〕\d+号/.exec(l)?.[0]).find(Boolean);
  if (!title || !docNumber) throw new Error('document title or number not found in source');
  return `《${tidy(title)}》（${docNumber}）${tidy(sectionHeading.replace(/^#+/, ''))}`;
}

/** The catalog as committed: pretty JSON, 2-space indent, trailing newline. */
export function renderCatalog(catalog: MeasureCatalog): string {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

if (import.meta.main) {
  const catalog = extractMeasureCatalog(readFileSync(SOURCE_FILE, 'utf8'));
  writeFileSync(CATALOG_FILE, renderCatalog(catalog));
  const count = catalog.groups.reduce((n, g) => n + g.measures.length, 0);
  console.log(`wrote ${CATALOG_FILE.pathname}: ${catalog.groups.length} groups, ${count} measures`);
}
