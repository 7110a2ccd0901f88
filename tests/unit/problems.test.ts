// Problems with single records and files are typed codes with one catalogue
// (scripts/lib/problems.ts): callers branch on the code, every message is complete whatever it
// is given, and what the operator reads of it never shows a full ID number. What to do about a
// problem has its catalogue beside it (ACTIONS), which every problem's action is taken from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { ACTIONS, action, PROBLEMS, problem, said, type ActionCode, type ActionParams, type ProblemCode, type ProblemParams } from '../../scripts/lib/problems.ts';
import { formatProblem } from '../../scripts/lib/report.ts';
import { READER_MODULES } from '../../scripts/lib/read-cache.ts';
import { readerSources } from '../../scripts/lib/code-sources.ts';
import path from 'node:path';
import { idNumber } from '../fixtures/unit/records.ts';

/** One set of parameters for every code: the compiler holds it to the catalogue's types. */
const GIVEN: { [C in ProblemCode]: ProblemParams<C> } = {
  FolderUnreadable: { reason: 'EACCES' },
  Subfolder: {},
  UnsupportedFileType: {},
  FileTooLarge: { bytes: 300 * 1024 * 1024, maxBytes: 200 * 1024 * 1024 },
  FileUnreadable: { reason: 'EIO' },
  EncodingUnknown: {},
  NotUtf8: {},
  CsvUnparseable: { reason: 'Invalid Record Length' },
  CsvEmpty: {},
  CsvHeaderBroken: { reason: '引号未闭合' },
  JsonLinesEmpty: {},
  JsonUnparseable: { reason: 'Unexpected end of JSON input' },
  JsonNotArray: {},
  UnsafeColumns: { duplicates: [{ field: 'disclose', label: '是否公开', columns: ['disclose', '是否公开'] }], privacy: ['是否未成年'] },
  UnknownEntryColumns: { columns: ['phone', '备注'] },
  UnknownDecisionColumns: { columns: ['remark'] },
  CsvRowBroken: { reason: '引号未闭合' },
  CsvRowColumnCount: { cells: 3, headers: 2 },
  JsonLineNotObject: { reason: '每行应是一个 JSON 对象' },
  JsonItemNotObject: {},
  FieldInvalid: { reason: '必填，不能为空' },
  DuplicateRecord: { earlier: 'a.json 第 2 条' },
  DuplicateId: { earlier: 'a.csv:4' },
  DuplicateIdOtherCase: { earlier: 'a.csv:4', earlierId: 'P-001' },
  DuplicateIdOfInvalid: { earlier: 'a.csv:5' },
  SignedForOtherCourt: { signedBy: '本溪市平山区人民法院', court: '本溪市溪湖区人民法院' },
  FullIdNumberInText: { record: '记录 p-001', field: 'obligation', fieldLabel: '生效法律文书确定的义务' },
  HiddenPartyNamed: { record: '案例 a-case', field: 'body', fieldLabel: '正文', hiddenIds: ['p-007', 'p-009'] },
  DecisionForUnknownEntry: { entryId: 'p-999' },
  DecisionInFuture: { decidedOn: '2026-12-02', asOf: '2026-12-01' },
  DuplicateDecisionId: { earlier: 'd.json 第 1 条' },
  SignatureUnreadable: { batch: 'a.csv', signature: 'a.csv.sig', reason: 'EACCES' },
  SignatureMissing: { batch: 'a.csv', signature: 'a.csv.sig' },
  SignatureMalformed: { batch: 'a.csv', signature: 'a.csv.sig' },
  SignatureInvalid: { batch: 'a.csv', sha256: 'ab12', courtHasKeys: true },
  CaseWithoutFrontmatter: {},
  CaseFrontmatterNotYaml: { reason: 'bad indentation' },
  MeasuresUnreadable: { reason: 'ENOENT' },
  MeasuresInvalid: { issues: [{ path: 'groups.0.title', reason: '必填' }] },
  CourtDirectoryUnreadable: { reason: 'Unexpected token' },
  CourtDirectoryNotObject: {},
  CourtListedTwice: { court: '本溪市溪湖区人民法院' },
  CourtNotInDirectory: { court: '本溪市明山区人民法院' },
  SiteInfoUnparseable: { reason: 'Unexpected token' },
};

const say = (code: ProblemCode, params: unknown) => (PROBLEMS[code] as (p: unknown) => string)(params);

/** The same value changed: a message that uses it must change with it. */
function other(value: unknown): unknown {
  if (typeof value === 'string') return `${value}甲`;
  if (typeof value === 'number') return value * 3 + 7 * 1024 * 1024;
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return [...value, other(value[0])];
  const object = value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, other(v)]));
}

test('every problem in the catalogue says something complete, in Chinese, with every value it is given', () => {
  assert.deepEqual(Object.keys(GIVEN).sort(), Object.keys(PROBLEMS).sort(), 'one example per code');
  for (const code of Object.keys(PROBLEMS) as ProblemCode[]) {
    const params = GIVEN[code] as Record<string, unknown>;
    const message = say(code, params);
    assert.match(message, /\p{Script=Han}/u, `${code} is worded for the operator`);
    assert.doesNotMatch(message, /undefined|null|NaN|\[object |\$\{/, code);
    // A message that drops or misreads a parameter says the same whatever that parameter is.
    for (const key of Object.keys(params)) assert.notEqual(say(code, { ...params, [key]: other(params[key]) }), message, `${code} leaves out ${key}`);
  }
  assert.deepEqual(said('DecisionInFuture', { decidedOn: '2026-12-02', asOf: '2026-12-01' }), { code: 'DecisionInFuture', message: '决定日期 2026-12-02 晚于本次构建日期 2026-12-01。' });
});

test('a problem made from the catalogue carries its code and place, and the message its code says', () => {
  const made = problem('CourtListedTwice', { court: '本溪市溪湖区人民法院' }, { severity: 'error', file: 'content/courts.json', line: 2, lineKind: 'item', field: 'name', fieldLabel: '名称' });
  assert.deepEqual(made, { severity: 'error', file: 'content/courts.json', line: 2, lineKind: 'item', field: 'name', fieldLabel: '名称', code: 'CourtListedTwice', message: '法院“本溪市溪湖区人民法院”重复出现。' });
});

test('no problem shows the operator a full ID number, whichever value carries it', () => {
  const full = idNumber('210502', '19850315', '123');
  const withId = (value: unknown): unknown =>
    typeof value === 'string' ? `${value}${full}` : Array.isArray(value) ? value.map(withId) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withId(v)])) : value;
  for (const code of Object.keys(PROBLEMS) as ProblemCode[]) {
    const params = withId(GIVEN[code]) as ProblemParams<typeof code>;
    const text = formatProblem(problem(code, params, { severity: 'error', file: 'entries/a.csv', line: 2, recordId: full, action: full }), '.');
    assert.equal(text.normalize('NFKC').replace(/[^0-9]/g, '').includes(full.slice(6, 14)), false, `${code}: ${text}`);
  }
});


test('the catalogue is part of the reading code, so a reworded message is never served from a kept read', async () => {
  const { files } = await readerSources(READER_MODULES);
  assert.ok([...files.keys()].some((file) => file.endsWith(path.join('scripts', 'lib', 'problems.ts'))));
});

/** One set of parameters for every action: the compiler holds it to the catalogue's types. */
const ACTION_GIVEN: { [C in ActionCode]: ActionParams<C> } = {
  Withheld: {},
  EntriesFileNotRead: {},
  DecisionsFileNotRead: {},
  DecisionRowStillChecked: {},
  UnknownColumnsNotPublished: {},
  BothDuplicatesWithheld: {},
  SignedByOtherCourtWithheld: {},
  BatchNotSigned: {},
  FullIdNumberToRemove: { kind: 'entry' },
  HiddenPartyToRemove: { kind: 'entry' },
  InvalidDecisionWithholds: { entryId: 'p-001' },
  InvalidDecisionVoid: {},
  DecisionForUnknownEntryVoid: {},
  DecisionAwaitsItsDate: {},
  DuplicateDecisionIdWithholds: { entryId: 'p-001' },
  CaseWithheld: {},
  CaseWithheldFixFrontmatter: {},
  RegenerateMeasures: {},
  FixCourtDirectory: {},
  CourtItemNotUsed: {},
  CourtDirectoryNotUsed: {},
  FirstCourtUsed: {},
  AddCourtToDirectory: {},
  SiteInfoSampleUsed: {},
  SiteInfoFieldSampleUsed: {},
};

const todo = (code: ActionCode, params: unknown) => (ACTIONS[code] as (p: unknown) => string)(params);

test('every action in the catalogue says what happens and what to do, in Chinese, with every value it is given', () => {
  assert.deepEqual(Object.keys(ACTION_GIVEN).sort(), Object.keys(ACTIONS).sort(), 'one example per code');
  for (const code of Object.keys(ACTIONS) as ActionCode[]) {
    const params = ACTION_GIVEN[code] as Record<string, unknown>;
    const text = todo(code, params);
    assert.match(text, /\p{Script=Han}/u, `${code} is worded for the operator`);
    assert.match(text, /[。）]$/u, `${code} is a whole sentence`);
    assert.doesNotMatch(text, /undefined|null|NaN|\[object |\$\{/, code);
    for (const key of Object.keys(params)) assert.notEqual(todo(code, { ...params, [key]: other(params[key]) }), text, `${code} leaves out ${key}`);
  }
  assert.equal(action('InvalidDecisionWithholds', { entryId: 'p-001' }), '该决定未通过校验，但所指记录 p-001 仍暂缓公开（撤下总是安全的）。请修正决定后重新提交。');
  assert.equal(action('Withheld'), '该记录暂缓公开，其余记录照常发布。请核对原始文书后修正并重新提交。');
});

const SCRIPTS = path.resolve(import.meta.dirname, '..', '..', 'scripts');
const CATALOGUE = path.join(SCRIPTS, 'lib', 'problems.ts');

/** Every TypeScript file of scripts/ but the catalogue itself, parsed. */
function scriptSources(): ts.SourceFile[] {
  return readdirSync(SCRIPTS, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(SCRIPTS, name))
    .filter((file) => file !== CATALOGUE)
    .map((file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
}

/** Whether an `action` value is the catalogue's: a call of action(), or a choice between such calls. */
function fromCatalogue(value: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(value)) return fromCatalogue(value.expression);
  if (ts.isConditionalExpression(value)) return fromCatalogue(value.whenTrue) && fromCatalogue(value.whenFalse);
  return ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'action';
}

test('every action a problem carries is taken from the catalogue, and every action in the catalogue is used', () => {
  const strays: string[] = [];
  const literals = new Set<string>();
  let sites = 0;
  for (const source of scriptSources()) {
    const visit = (node: ts.Node): void => {
      const where = () => `${path.relative(SCRIPTS, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'action' && ts.isObjectLiteralExpression(node.parent)) {
        sites++;
        if (!fromCatalogue(node.initializer)) strays.push(`${where()}: action: ${node.initializer.getText(source).slice(0, 60)}`);
      }
      if (ts.isShorthandPropertyAssignment(node) && node.name.text === 'action') strays.push(`${where()}: { action }`);
      if (ts.isStringLiteral(node)) literals.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.ok(sites > 20, `found the call sites (${sites})`);
  assert.deepEqual(strays, [], 'an action worded beside its call site, not in ACTIONS');
  assert.deepEqual((Object.keys(ACTIONS) as ActionCode[]).filter((code) => !literals.has(code)), [], 'actions no caller names');
});
