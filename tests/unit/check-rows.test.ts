// The bulk check's row classification (/check/): header rows, masked IDs copied from the list,
// and every row ending in one of 在名单中 / 未发现 / 需人工核对 / 无法核查 with its reason.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCheckIndex, CHECK_REASONS, checkRows, exportRows, headerColumns, pastedRows, type CheckableEntry } from '../../scripts/lib/shared/search/check.ts';
import { defuseFormula } from '../../scripts/lib/shared/spreadsheet.ts';
import { idCheckCharacter, maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { creditCodeCheckCharacter } from '../../scripts/lib/shared/rules/credit-code.ts';

const id = (first17: string) => first17 + idCheckCharacter(first17);
const code = (first17: string) => first17 + creditCodeCheckCharacter(first17);
const LISTED_ID = id('21050219850315271');
const OTHER_ID = id('21050219900101123');
const ORG_CODE = code('91210500MA0Y12345');
const entries: CheckableEntry[] = [
  { id: 'bx-1', name: '张伟明', idNumberMasked: maskIdNumber(LISTED_ID) },
  { id: 'bx-2', name: '本溪市某某商贸有限公司', creditCode: ORG_CODE },
  { id: 'bx-3', name: '李娜' },
  { id: 'bx-4', name: '王芳', idNumberMasked: maskIdNumber(id('21050419700101002')) },
];
const index = buildCheckIndex(entries);
const check = (text: string) => checkRows(pastedRows(text), index);

describe('the check tool reads its input', () => {
  test('a first row of column labels is a header, not a failed row, and its columns are used', () => {
    const report = check(`姓名\t身份证号码\t部门\n张伟明\t${LISTED_ID}\t财务部`);
    assert.equal(report.headerRow, 1);
    assert.equal(report.results.length, 1);
    assert.equal(report.results[0]!.row, 2);
    assert.equal(report.results[0]!.verdict, 'listed', 'the 部门 column is not read into the name');
    assert.deepEqual(headerColumns(['单位名称', '统一社会信用代码']), { name: 0, identifier: 1 });
    assert.deepEqual(headerColumns(['序号', '被执行人姓名/名称', '证件号码', '应聘岗位']), { name: 1, identifier: 2 });
  });

  test('a first row that is data is not taken for a header', () => {
    assert.equal(headerColumns(['张伟明', LISTED_ID]), null);
    assert.equal(headerColumns(['某某单位']), null);
    assert.equal(check(`张伟明 ${LISTED_ID}`).headerRow, null);
  });

  test('a masked ID copied from the list is checked, not dropped', () => {
    const masked = maskIdNumber(LISTED_ID);
    const report = check(`张伟明 ${masked}\n张伟明\t${masked.toLowerCase().replace('*', '＊')}`);
    assert.deepEqual(report.results.map((r) => [r.verdict, r.identifier]), [['listed', masked], ['listed', masked]]);
    assert.match(report.results[0]!.reason, /脱敏身份证号码/);
  });

  test('a full ID is only ever held masked in a result', () => {
    const report = check(`张伟明 ${LISTED_ID.slice(0, 6)} ${LISTED_ID.slice(6, 14)} ${LISTED_ID.slice(14)}\n无名 ${OTHER_ID}`);
    const text = JSON.stringify(report) + JSON.stringify(exportRows(report.results, (e) => `/entry/${e}/`));
    assert.ok(!text.includes(LISTED_ID.slice(6, 14)) && !text.includes(OTHER_ID.slice(6, 14)));
    assert.equal(report.results[0]!.identifier, maskIdNumber(LISTED_ID));
  });
});

describe('every row gets one of four outcomes with its reason', () => {
  test('every reason in the catalogue says something complete, in Chinese, with every value it is given', () => {
    const given = new Proxy({}, { get: (_, key) => `«${String(key)}»` });
    for (const [code, say] of Object.entries(CHECK_REASONS)) {
      const reason = (say as (p: unknown) => string)(given);
      assert.match(reason, /\p{Script=Han}/u, code);
      assert.doesNotMatch(reason, /undefined|\$\{|«then»/, code);
    }
  });

  test('在名单中: name and ID, or name and credit code, match a published entry', () => {
    const report = check(`张伟明,${LISTED_ID}\n本溪市某某商贸有限公司 ${ORG_CODE.toLowerCase()}\n${ORG_CODE}`);
    assert.deepEqual(report.results.map((r) => r.verdict), ['listed', 'listed', 'listed']);
    assert.deepEqual(report.results.map((r) => r.matches), [['bx-1'], ['bx-2'], ['bx-2']]);
    assert.deepEqual(report.results.map((r) => r.code), ['NameAndIdentifierListed', 'NameAndIdentifierListed', 'CreditCodeListed']);
    assert.equal(report.results[0]!.reason, '姓名和身份证号码（已脱敏部分）与名单记录一致');
  });

  test('未发现: the identifier is not on the list, or only a namesake with another ID is', () => {
    const report = check(`赵六 ${OTHER_ID}\n王芳 ${OTHER_ID}\n无名氏`);
    assert.deepEqual(report.results.map((r) => r.verdict), ['clear', 'clear', 'clear']);
    assert.deepEqual(report.results.map((r) => r.code), ['IdentifierNotListed', 'NamesakesOtherIdentifier', 'NameNotListed']);
  });

  test('需人工核对: the ID matches another name, a name matches without an ID, or a namesake has no published ID', () => {
    const report = check(`张伟 ${LISTED_ID}\n张伟明\n李娜 ${OTHER_ID}\n${LISTED_ID}\n本溪某某公司 ${ORG_CODE}`);
    assert.deepEqual(report.results.map((r) => r.verdict), ['review', 'review', 'review', 'review', 'review']);
    assert.deepEqual(report.results.map((r) => r.code), ['IdentifierListedOtherName', 'NamesakesWithoutIdentifier', 'NamesakesIdentifierUnpublished', 'IdentifierListedWithoutName', 'IdentifierListedOtherName']);
    assert.match(report.results[0]!.reason, /姓名不同（名单：张伟明）/);
    assert.match(report.results[1]!.reason, /同名者 1 个/);
    assert.match(report.results[4]!.reason, /名称不同/);
  });

  test('无法核查: a wrong check digit, a partial or 15-digit ID, a number cell that lost digits, nothing to check', () => {
    const bad = LISTED_ID.slice(0, 17) + (LISTED_ID.endsWith('1') ? '2' : '1');
    const rows = checkRows([['张伟明', bad], ['张三', '2105021985'], ['李四', '210502850315271'], ['王五', 210502198503152700], ['12345']], index).results;
    assert.deepEqual(rows.map((r) => r.verdict), ['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    assert.deepEqual(rows.map((r) => r.code), ['IdNumberInvalid', 'IdentifierIncomplete', 'IdentifierIncomplete', 'IdentifierLostDigits', 'NothingToCheck']);
    assert.equal(checkRows([['', '']], index).results.length, 0, 'empty rows are skipped');
  });

  test('the summary counts all four outcomes', () => {
    const report = check(`姓名 身份证号码\n张伟明 ${LISTED_ID}\n赵六 ${OTHER_ID}\n张伟 ${LISTED_ID}\n张三 2105021985`);
    assert.equal(report.headerRow, 1);
    assert.deepEqual(report.counts, { listed: 1, clear: 1, review: 1, invalid: 1 });
  });
});

describe('exports', () => {
  test('cells that a spreadsheet would run as a formula are prefixed with an apostrophe', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠SUM(A1)']) assert.equal(defuseFormula(cell), `'${cell}`);
    assert.equal(defuseFormula('张三'), '张三');
    for (const name of ['=HYPERLINK("x")', '＝HYPERLINK("x")']) {
      const rows = exportRows(checkRows([[name, LISTED_ID]], index).results, (e) => e);
      assert.ok(rows.flat().every((cell) => !/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell)), name);
    }
  });
});
