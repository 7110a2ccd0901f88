import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_QUERY_LENGTH, planQuery, type QueryPlan } from '../../scripts/lib/search/query.ts';
import { searchTokensOf } from '../../scripts/lib/search/tokens.ts';
import { syllableRuns } from '../../scripts/lib/search/record.ts';
import { creditCodeToken, maskedIdToken } from '../../scripts/lib/search/codes.ts';
import { creditCodeProblem } from '../../scripts/lib/rules/credit-code.ts';
import { maskIdNumber } from '../../scripts/lib/rules/id-number.ts';
import { entryInputSchema } from '../../scripts/lib/schema/entry.ts';
import { creditCode, idNumber, orgRow, personRow } from '../fixtures/unit/records.ts';

const ID = idNumber('210502', '19850315', '123');
const CODE = creditCode('91210502MA0Y3D8K2');
const partsOf = (plan: QueryPlan, kind: string) => plan.parts.filter((p) => p.kind === kind);
const fullWidth = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('names', () => {
  test('a Han name becomes one quoted phrase of its single characters', () => {
    const plan = planQuery('赵建国');
    assert.deepEqual(plan.parts, [{ kind: 'name', chars: ['赵', '建', '国'] }]);
    assert.deepEqual(plan.searches, ['"赵 建 国"']);
  });

  test('middle-dot variants, a space or no separator give the same plan', () => {
    const plans = ['阿依古丽·买买提', '阿依古丽•买买提', '阿依古丽・买买提', '阿依古丽 买买提', '阿依古丽买买提', '阿依古丽．买买提'].map((q) => planQuery(q));
    for (const plan of plans) assert.deepEqual(plan, plans[4]);
    assert.deepEqual(plans[0]!.searches, ['"阿 依 古 丽 买 买 提"']);
  });

  test('traditional characters map through the given table, others stay as typed', () => {
    assert.deepEqual(planQuery('趙建國', { 趙: '赵', 國: '国' }), planQuery('赵建国'));
    assert.deepEqual(planQuery('趙建國').searches, ['"趙 建 國"'], 'without a table nothing is mapped');
  });

  test('pinyin typed with spaces or capitals is joined into one lower-case word', () => {
    for (const q of ['zhao jianguo', 'Zhao Jian Guo', 'zhaojianguo', 'ｚｈａｏ ｊｉａｎｇｕｏ']) {
      assert.deepEqual(planQuery(q).searches, ['"zhaojianguo"'], q);
    }
  });

  test('a single letter is not searched and the person is told to type more', () => {
    const plan = planQuery('z');
    assert.deepEqual(plan.searches, []);
    assert.equal(plan.notices.length, 1);
  });
});

describe('ID numbers', () => {
  test('a full ID number is masked in the plan and never appears in it', () => {
    for (const typed of [ID, fullWidth(ID), ` ${ID} `, `赵建国${ID}`]) {
      const plan = planQuery(typed);
      assert.deepEqual(partsOf(plan, 'idNumber'), [{ kind: 'idNumber', masked: maskIdNumber(ID), word: maskedIdToken(maskIdNumber(ID)) }]);
      const json = JSON.stringify(plan);
      assert.equal(json.includes(ID), false, typed);
      assert.equal(json.includes(ID.slice(6, 14)), false, 'nor its birth date');
    }
  });

  test('a full ID number ending in a lower-case x is found and masked', () => {
    const plan = planQuery('11010519491231002x');
    assert.deepEqual(partsOf(plan, 'idNumber').map((p) => (p as { masked: string }).masked), ['1101051949****002X']);
    assert.deepEqual(plan.notices, []);
  });

  test('a full ID number with a wrong check character is still masked, with a notice', () => {
    const wrong = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    const plan = planQuery(wrong);
    assert.equal(JSON.stringify(plan).includes(wrong), false);
    assert.match(plan.notices.join(), /校验位/);
  });

  test('a partial ID with 14 digits searches only the first 10, so the hidden digits change nothing', () => {
    const a = planQuery('21050219850315');
    const b = planQuery('21050219851231');
    assert.deepEqual(a, b);
    assert.equal(a.searches.length, 1);
    assert.equal(a.notices.length, 1);
    assert.equal(JSON.stringify(a).includes('0315'), false);
  });

  test('a partial ID of fewer than 10 digits searches nothing and says why', () => {
    const plan = planQuery('2105021');
    assert.deepEqual(plan.searches, []);
    assert.match(plan.notices.join(), /前 10 位/);
  });

  test(
    'a masked ID as the list shows it searches for exactly that masked ID',
    () => {
      assert.deepEqual(planQuery(maskIdNumber(ID)).searches, [`"${maskedIdToken(maskIdNumber(ID))}"`]);
    },
  );
});

describe('case numbers and credit codes', () => {
  test('a case number in any bracket style gives the same word', () => {
    const forms = ['(2024)辽0502执123号', '（2024）辽0502执123号', '〔2024〕辽0502执123号', '【2024】辽0502执123', '2024辽0502执123', '（２０２４）辽０５０２执１２３号', '(2024) 辽0502 执 123 号'];
    const expected = planQuery(forms[0]!);
    assert.deepEqual(partsOf(expected, 'caseNumber').length, 1);
    for (const form of forms) assert.deepEqual(planQuery(form).searches, expected.searches, form);
  });

  test('执123 and 执1234 give different words, for full case numbers and for serials alone', () => {
    assert.notDeepEqual(planQuery('(2024)辽0502执123号').searches, planQuery('(2024)辽0502执1234号').searches);
    assert.notDeepEqual(planQuery('执123').searches, planQuery('执1234').searches);
    assert.deepEqual(planQuery('执123号').searches, planQuery('执123').searches);
  });

  test('a credit code gives its word, whatever its case or width', () => {
    const plan = planQuery(CODE);
    assert.deepEqual(plan.parts, [{ kind: 'creditCode', code: CODE, word: creditCodeToken(CODE) }]);
    assert.deepEqual(planQuery(CODE.toLowerCase()), plan);
    assert.deepEqual(planQuery(fullWidth(CODE)), plan);
  });

  test(
    'a credit code made of digits only is searched as a credit code',
    () => {
      const digitsOnly = '914403001922038216';
      assert.equal(creditCodeProblem(digitsOnly), null, 'a valid credit code');
      assert.deepEqual(planQuery(digitsOnly).searches, [`"${creditCodeToken(digitsOnly)}"`]);
    },
  );
});

describe('awkward input', () => {
  test('an empty or whitespace-only query searches nothing', () => {
    for (const q of ['', '   ', '\t\n', '　']) {
      assert.deepEqual(planQuery(q), { parts: [], searches: [], notices: [] }, JSON.stringify(q));
    }
  });

  test('a 10,000-character query returns, cut to MAX_QUERY_LENGTH, with a notice', () => {
    const han = planQuery('赵'.repeat(10_000));
    assert.equal((partsOf(han, 'name')[0] as { chars: string[] }).chars.length, MAX_QUERY_LENGTH);
    assert.match(han.notices.join(), new RegExp(`前 ${MAX_QUERY_LENGTH} 个字符`));
    const latin = planQuery('a'.repeat(10_000));
    assert.equal((partsOf(latin, 'pinyin')[0] as { letters: string }).letters.length, MAX_QUERY_LENGTH);
  });

  test('regex and HTML characters do not throw and never reach the search strings', () => {
    const nasty = `.*+?^\${}()|[]\\<script>"'`;
    for (const q of [nasty, nasty.repeat(500), `赵建国${nasty}`, '******', '??????????']) {
      const plan = planQuery(q);
      for (const s of plan.searches) assert.match(s, /^"[\p{Script=Han}a-z ]+"$/u, s);
    }
    assert.deepEqual(planQuery(`赵建国${nasty}`).searches, ['"赵 建 国"', '"script"']);
  });
});

describe('index and query agree', () => {
  const person = entryInputSchema.parse(personRow({ idNumber: ID }));
  const org = entryInputSchema.parse(orgRow({ creditCode: CODE }));
  const searchesIn = (entry: typeof person) => {
    const tokens = searchTokensOf(entry);
    return new Set([...tokens.identifiers.map((w) => `"${w}"`), `"${tokens.han.join(' ')}"`, ...syllableRuns(tokens.syllables).map((r) => `"${r}"`)]);
  };

  test('the words for a person\'s case number, serial, full ID and partial ID are all in the index', () => {
    const indexed = searchesIn(person);
    for (const q of ['(2024)辽0502执123号', '〔2024〕辽0502执123', '执123号', ID, ID.slice(0, 14), '赵建国', 'zhao jianguo', 'jianguo']) {
      const { searches } = planQuery(q);
      assert.equal(searches.length, 1, q);
      assert.ok(indexed.has(searches[0]!), `${q} → ${searches[0]}`);
    }
  });

  test('the words for an organisation\'s case number and credit code are in the index', () => {
    const indexed = searchesIn(org);
    for (const q of ['（2024）辽0503执88号', CODE, CODE.toLowerCase()]) {
      const { searches } = planQuery(q);
      assert.equal(searches.length, 1, q);
      assert.ok(indexed.has(searches[0]!), `${q} → ${searches[0]}`);
    }
  });

  test('a neighbouring case number, ID or code is not in the index', () => {
    const indexed = new Set([...searchesIn(person), ...searchesIn(org)]);
    const otherId = idNumber('210502', '19850315', '124');
    for (const q of ['(2024)辽0502执1234号', '执12', otherId, creditCode('91210502MA0Y3D8K3')]) {
      for (const s of planQuery(q).searches) assert.equal(indexed.has(s), false, q);
    }
  });
});
