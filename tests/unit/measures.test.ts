import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { responsibleUnits, unitSlug } from '../../scripts/lib/measure-units.ts';
import { debtorKinds, measureFilterFromParams, measureFilterToSearch, measureMatches } from '../../scripts/lib/shared/measure-filter.ts';
import {
  CATALOG_FILE,
  SOURCE_FILE,
  appliesTo,
  extractMeasureCatalog,
  namedUnit,
  renderCatalog,
} from '../../scripts/extract-measures.ts';

const source = readFileSync(SOURCE_FILE, 'utf8');
const catalog = extractMeasureCatalog(source);
const measures = catalog.groups.flatMap((g) => g.measures);
const measure = (id: string) => {
  const m = measures.find((x) => x.id === id);
  assert.ok(m, `measure ${id} exists`);
  return m;
};

test('the catalog has the eleven groups of §三 in order', () => {
  assert.deepEqual(
    catalog.groups.map((g) => `${g.number}(${g.numeral})${g.title}`),
    [
      '1(一)从事特定行业或项目限制',
      '2(二)政府支持或补贴限制',
      '3(三)任职资格限制',
      '4(四)准入资格限制',
      '5(五)荣誉和授信限制',
      '6(六)特殊市场交易限制',
      '7(七)限制高消费及有关消费',
      '8(八)协助查询、控制及出境限制',
      '9(九)加强日常监管检查',
      '10(十)加大刑事惩罚力度',
      '11(十一)鼓励其他方面限制',
    ],
  );
});

test('every numbered item of the source appears once', () => {
  // Count the items independently of the extractor: "N. " lines under each group heading of §三.
  const lines = source.split('\n');
  const section = lines.slice(
    lines.findIndex((l) => l.includes('三、加强联合惩戒')),
    lines.findIndex((l) => l.includes('四、建立完善相关制度机制')),
  );
  const expected: string[] = [];
  let group = 0;
  for (const line of section) {
    if (/^#+\s*[（(]/.test(line)) group += 1;
    const item = /^(\d+)\.\s/.exec(line);
    if (item) expected.push(`${group}.${item[1]}`);
  }
  const numbered = measures.map((m) => m.id).filter((id) => id.includes('.'));
  assert.equal(expected.length, 32);
  assert.deepEqual(numbered, expected);
  assert.equal(new Set(measures.map((m) => m.id)).size, measures.length);
});

test('groups (八)–(十一) are one measure each, with the group title and a bare id', () => {
  for (const n of [8, 9, 10, 11]) {
    const group = catalog.groups[n - 1]!;
    assert.equal(group.measures.length, 1);
    assert.equal(group.measures[0]!.id, String(n));
    assert.equal(group.measures[0]!.title, group.title);
  }
  assert.equal(measures.length, 36);
});

test('a unit list split over a page break is joined (本溪银监分局)', () => {
  assert.equal(measure('3.3').responsibleUnits[0], '本溪银监分局');
  assert.ok(measure('7.2').responsibleUnits.includes('市旅游发展委'));
  assert.ok(measure('2.1').responsibleUnits.includes('市人社局'));
  const units = measures.flatMap((m) => m.responsibleUnits);
  for (const fragment of ['本', '溪银监分局', '市旅游', '发展委', '']) assert.ok(!units.includes(fragment), fragment);
});

test('a sentence split over a page break is joined, heading and text alike', () => {
  assert.equal(measure('5.1').title, '授予文明村镇、文明单位、文明家庭、道德模范、慈善类奖项限制');
  assert.match(measure('6.1').text, /不动产资源开发利用，参与国有企业资产/);
  assert.match(measure('6.2').text, /国家草原保护建设项目。$/);
});

test('(一)1 carries the units of both its sentences', () => {
  const m = measure('1.1');
  assert.equal(m.title, '设立金融类公司限制');
  assert.match(m.text, /^将失信被执行人相关信息作为设立银行业金融机构.*审慎性参考。限制失信被执行人设立融资性担保公司、保险公司。$/);
  assert.deepEqual(m.responsibleUnits, [
    '本溪银监分局',
    '市政府金融办',
    '市发展改革委',
    '市工业和信息化委',
    '市商务局',
    '人民银行本溪市中心支行',
  ]);
  assert.deepEqual(m.unitsAsPrinted, [
    '本溪银监分局',
    '市政府金融办、市发展改革委、市工业和信息化委、市商务局、人民银行本溪市中心支行等具有金融机构任职资格核准职能的单位',
  ]);
  assert.deepEqual(measure('1.2').responsibleUnits, ['人民银行本溪市中心支行', '市发展改革委']);
});

test('responsible units are listed once per measure', () => {
  for (const m of measures) assert.equal(new Set(m.responsibleUnits).size, m.responsibleUnits.length, m.id);
});

test('a list naming a class of units (§三(九)) is kept whole', () => {
  assert.deepEqual(measure('9').responsibleUnits, ['各市场监管、行业主管单位']);
});

test('every measure except §三(十一) names at least one responsible unit', () => {
  for (const m of measures) {
    if (m.id === '11') assert.deepEqual(m.responsibleUnits, []);
    else assert.ok(m.responsibleUnits.length > 0, m.id);
  }
});

test('item titles are the heading before the first 。 and texts carry no (责任单位：…)', () => {
  assert.equal(measure('7.1').title, '乘坐火车、飞机限制');
  for (const m of measures) {
    assert.ok(!m.title.includes('。'), m.id);
    assert.ok(!m.text.includes('责任单位'), m.id);
    assert.match(m.text, /。$/, m.id);
  }
});

test('OCR spaces and half-width punctuation are normalised', () => {
  assert.match(measure('1.2').text, /^对失信被执行人在银行间市场/);
  for (const m of measures) {
    for (const s of [m.title, m.text, ...m.responsibleUnits]) assert.doesNotMatch(s, /[\s,;:()]/, m.id);
  }
});

test("no page-furniture text (扫描全能王, '- 3 -') leaks into a measure", () => {
  const furniture = /扫描全能王|创建|-\s*\d+\s*-|#/;
  for (const m of measures) {
    for (const s of [m.title, m.text, ...m.responsibleUnits]) assert.doesNotMatch(s, furniture, m.id);
  }
  // Furniture that falls inside a measure (here: inside a unit name, and inside a sentence) is skipped.
  const noisy = source
    .replace('(责任单位:本\n', '(责任单位:本\n\n- 3 -\n\n扫描全能王 创建\n')
    .replace('不动产资源开发利用，\n', '不动产资源开发利用，\n\n- 7 -\n\n扫描全能王 创建\n');
  assert.equal(noisy.split('扫描全能王').length - source.split('扫描全能王').length, 2);
  assert.deepEqual(extractMeasureCatalog(noisy), catalog);
});

test('the extractor refuses a source whose item numbers skip', () => {
  assert.throws(() => extractMeasureCatalog(source.replace('\n3. 合格投资者', '\n4. 合格投资者')), /item 4 where 3 expected/);
});

test('the committed catalog.json is what the extractor produces from the committed source', () => {
  assert.equal(readFileSync(CATALOG_FILE, 'utf8'), renderCatalog(catalog));
});

test('appliesTo: a debtor "为个人的" or a bar on holding a post reaches persons only', () => {
  assert.deepEqual(appliesTo('担任社会组织负责人限制', '失信被执行人为个人的，限制其登记或备案为社会组织负责人。'), ['自然人']);
  assert.deepEqual(measure('3.8').appliesTo, ['自然人']); // "失信被执行人个人的"
  assert.deepEqual(measure('3.3').appliesTo, ['自然人']); // 担任金融机构高管: by its title
  for (const m of catalog.groups[2]!.measures) assert.deepEqual(m.appliesTo, ['自然人'], m.id);
});

test('appliesTo: enterprise qualifications and customs-certified enterprises reach organisations only', () => {
  assert.deepEqual(measure('4.1').appliesTo, ['法人或其他组织']);
  assert.deepEqual(measure('4.3').appliesTo, ['法人或其他组织']);
  assert.deepEqual(measure('2.2').appliesTo, ['法人或其他组织', '法定代表人等相关人员']);
});

test('appliesTo: the people behind a debtor organisation are added, a bare 法定代表人 is not', () => {
  for (const id of ['6.1', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '5.3', '9']) {
    assert.deepEqual(measure(id).appliesTo, ['失信被执行人', '法定代表人等相关人员'], id);
  }
  assert.deepEqual(measure('3.2').appliesTo, ['自然人']); // bars debtors from becoming 事业单位法定代表人
  // Both persons and organisations named: every debtor.
  assert.deepEqual(measure('5.1').appliesTo, ['失信被执行人', '法定代表人等相关人员']);
});

test('appliesTo: a measure that marks no scope reaches every debtor', () => {
  assert.deepEqual(appliesTo('发行债券限制', '限制失信被执行人发行企业债券。'), ['失信被执行人']);
  for (const id of ['1.1', '4.2', '5.2', '8', '10', '11']) assert.deepEqual(measure(id).appliesTo, ['失信被执行人'], id);
});

test('a unit printed as "…等有关单位" or "…等具有…职能的单位" is filed under the unit it names', () => {
  assert.equal(namedUnit('市国资委等有关单位'), '市国资委');
  assert.equal(namedUnit('市工商局等具有金融任职资格核准职能的单位'), '市工商局');
  assert.equal(namedUnit('市财政局'), '市财政局');
  assert.ok(measure('6.1').responsibleUnits.includes('市国资委'));
  // Independently of the extractor: every unit that heads an "等…单位" in a (责任单位：…) list of a
  // measure is among that measure's units, and no "等…单位" remains a unit of its own.
  let seen = 0;
  for (const m of measures) {
    for (const printed of m.unitsAsPrinted) {
      for (const match of printed.matchAll(/(?:^|、)([^、]+?)等(?:有关|具有[^、]+的)单位/g)) {
        seen += 1;
        assert.ok(m.responsibleUnits.includes(match[1]!), `${m.id}: ${match[1]}`);
      }
    }
    for (const unit of m.responsibleUnits) assert.doesNotMatch(unit, /等(有关|具有.+的)单位$/, m.id);
  }
  assert.equal(seen, 6);
});

test('the units as printed are each (责任单位：…) list of the source, verbatim but for OCR punctuation', () => {
  const printed = measures.flatMap((m) => m.unitsAsPrinted);
  const inSource = [...source.matchAll(/[（(]责任单位[:：]([^）)]*)[）)]/g)].map((m) => m[1]!.replace(/\s+/g, ''));
  assert.deepEqual(printed, inSource);
});

test('every unit has a unit page slug that is its name in pinyin, stable and unique', () => {
  assert.equal(unitSlug('市财政局'), 'shi-cai-zheng-ju');
  assert.equal(unitSlug('市国资委'), 'shi-guo-zi-wei');
  assert.equal(unitSlug('市旅游发展委'), 'shi-lv-you-fa-zhan-wei');
  const units = responsibleUnits(catalog);
  for (const u of units) assert.match(u.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/, u.name);
  assert.equal(new Set(units.map((u) => u.slug)).size, units.length);
  // A unit's slug depends on its name alone: dropping other units leaves it unchanged.
  const fewer = { ...catalog, groups: catalog.groups.map((g) => ({ ...g, measures: g.measures.map((m) => ({ ...m, responsibleUnits: m.responsibleUnits.filter((u) => u !== '市发展改革委') })) })) };
  const slugs = new Map(responsibleUnits(fewer).map((u) => [u.name, u.slug]));
  for (const u of units) if (u.name !== '市发展改革委') assert.equal(slugs.get(u.name), u.slug);
});

test('a unit page lists every measure the text assigns to the unit (市国资委, 市财政局)', () => {
  const byName = new Map(responsibleUnits(catalog).map((u) => [u.name, u.measureIds]));
  assert.deepEqual(byName.get('市国资委'), ['1.4', '2.1', '3.1', '6.1']);
  assert.deepEqual(byName.get('市财政局'), ['1.4', '1.6', '2.1', '2.2']);
  for (const m of measures) for (const unit of m.responsibleUnits) assert.ok(byName.get(unit)!.includes(m.id), `${unit} ${m.id}`);
});

test('the catalog filter reads and writes its query string in a fixed order and combines filters', () => {
  const filter = measureFilterFromParams(new URLSearchParams('applies=org&unit=shi-cai-zheng-ju&x=1&group='));
  assert.deepEqual(filter, { unit: 'shi-cai-zheng-ju', applies: 'org' });
  assert.equal(measureFilterToSearch(filter), '?unit=shi-cai-zheng-ju&applies=org');
  assert.equal(measureFilterToSearch({}), '');
  const facets = { unitSlugs: ['shi-cai-zheng-ju'], group: '2', kinds: debtorKinds(measure('2.2').appliesTo) };
  assert.ok(measureMatches(facets, filter));
  assert.ok(!measureMatches(facets, { ...filter, applies: 'person' }));
  assert.ok(!measureMatches(facets, { ...filter, group: '1' }));
});

test('who a measure reaches, as an entry kind: 失信被执行人 is both, 法定代表人等相关人员 adds none', () => {
  assert.deepEqual(debtorKinds(['失信被执行人', '法定代表人等相关人员']), ['person', 'org']);
  assert.deepEqual(debtorKinds(['自然人']), ['person']);
  assert.deepEqual(debtorKinds(['法人或其他组织', '法定代表人等相关人员']), ['org']);
});
