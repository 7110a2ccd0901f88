import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_QUERY_LENGTH, planQuery, type QueryPlan } from '../../scripts/lib/shared/search/query.ts';
import { searchTokensOf } from '../../scripts/lib/search/tokens.ts';
import { creditCodeToken, maskedIdToken } from '../../scripts/lib/shared/search/codes.ts';
import { creditCodeProblem } from '../../scripts/lib/shared/rules/credit-code.ts';
import { maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { entryInputSchema } from '../../scripts/lib/schema/entry.ts';
import { creditCode, idNumber, orgRow, personRow } from '../fixtures/unit/records.ts';

const ID = idNumber('210502', '19850315', '123');
const CODE = creditCode('91210502MA0Y3D8K2');
const partsOf = (plan: QueryPlan, kind: string) => plan.parts.filter((p) => p.kind === kind);
/** The tokens each lookup of a plan asks for. */
const tokensOf = (plan: QueryPlan) => plan.lookups.map((l) => l.tokens);
const fullWidth = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('names', () => {
  test('a Han name of up to four characters is one exact token', () => {
    const plan = planQuery('赵建国');
    assert.deepEqual(plan.parts, [{ kind: 'name', chars: ['赵', '建', '国'] }]);
    assert.deepEqual(plan.lookups, [{ tokens: ['h赵建国'], mode: 'any' }]);
  });

  test('middle-dot variants, a space or no separator give the same plan', () => {
    const plans = ['阿依古丽·买买提', '阿依古丽•买买提', '阿依古丽・买买提', '阿依古丽 买买提', '阿依古丽买买提', '阿依古丽．买买提'].map((q) => planQuery(q));
    for (const plan of plans) assert.deepEqual(plan, plans[4]);
    // Longer than four characters: its first and last four, then the whole name checked.
    assert.deepEqual(plans[0]!.lookups, [{ tokens: ['h阿依古丽', 'h丽买买提'], mode: 'all', contains: '阿依古丽买买提' }]);
  });

  test('traditional characters map through the given table, others stay as typed', () => {
    assert.deepEqual(planQuery('趙建國', { 趙: '赵', 國: '国' }), planQuery('赵建国'));
    assert.deepEqual(tokensOf(planQuery('趙建國')), [['h趙建國']], 'without a table nothing is mapped');
  });

  test('pinyin typed with spaces or capitals is joined, and looked up as syllables or initials', () => {
    for (const q of ['zhao jianguo', 'Zhao Jian Guo', 'zhaojianguo', 'ｚｈａｏ ｊｉａｎｇｕｏ']) {
      assert.deepEqual(tokensOf(planQuery(q)), [['pzhaojianguo', 'izhaojianguo']], q);
    }
  });

  test('a single letter is not searched and the person is told to type more', () => {
    const plan = planQuery('z');
    assert.deepEqual(plan.lookups, []);
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
    assert.deepEqual(tokensOf(a), [['x2105021985']]);
    assert.equal(a.notices.length, 1);
    assert.equal(JSON.stringify(a).includes('0315'), false);
  });

  test('a partial ID of fewer than 10 digits searches nothing and says why', () => {
    const plan = planQuery('2105021');
    assert.deepEqual(plan.lookups, []);
    assert.match(plan.notices.join(), /前 10 位/);
  });

  test(
    'a masked ID as the list shows it searches for exactly that masked ID',
    () => {
      assert.deepEqual(tokensOf(planQuery(maskIdNumber(ID))), [[maskedIdToken(maskIdNumber(ID))]]);
    },
  );
});

describe('case numbers and credit codes', () => {
  test('a case number in any bracket style gives the same token', () => {
    const forms = ['(2024)辽0502执123号', '（2024）辽0502执123号', '〔2024〕辽0502执123号', '【2024】辽0502执123', '2024辽0502执123', '（２０２４）辽０５０２执１２３号', '(2024) 辽0502 执 123 号'];
    const expected = planQuery(forms[0]!);
    assert.deepEqual(partsOf(expected, 'caseNumber').length, 1);
    for (const form of forms) assert.deepEqual(planQuery(form).lookups, expected.lookups, form);
  });

  test('执123 and 执1234 give different tokens, for full case numbers and for serials alone', () => {
    assert.notDeepEqual(planQuery('(2024)辽0502执123号').lookups, planQuery('(2024)辽0502执1234号').lookups);
    assert.notDeepEqual(planQuery('执123').lookups, planQuery('执1234').lookups);
    assert.deepEqual(planQuery('执123号').lookups, planQuery('执123').lookups);
  });

  test('a credit code gives its token, whatever its case or width', () => {
    const plan = planQuery(CODE);
    assert.deepEqual(plan.parts, [{ kind: 'creditCode', code: CODE, word: creditCodeToken(CODE) }]);
    assert.deepEqual(planQuery(CODE.toLowerCase()), plan);
    assert.deepEqual(planQuery(fullWidth(CODE)), plan);
  });

  test('a credit code typed with spaces or hyphens between groups gives the same token as typed whole', () => {
    const plan = planQuery(CODE);
    for (const typed of [`${CODE.slice(0, 4)} ${CODE.slice(4, 8)} ${CODE.slice(8, 12)} ${CODE.slice(12)}`, `${CODE.slice(0, 8)}-${CODE.slice(8)}`, `${CODE.slice(0, 8)} ${CODE.slice(8).toLowerCase()}`, fullWidth(`${CODE.slice(0, 9)}　${CODE.slice(9)}`)]) {
      assert.deepEqual(tokensOf(planQuery(typed)), tokensOf(plan), typed);
    }
    assert.deepEqual(tokensOf(planQuery(`宏达 ${CODE.slice(0, 8)} ${CODE.slice(8)}`)), [[creditCodeToken(CODE)], ['h宏达']], 'beside a name');
    // An old-style code: sixteen digits, then letters.
    const old = creditCode('9121050212345678X');
    assert.match(old, /^\d{16}X/);
    assert.deepEqual(tokensOf(planQuery(`${old.slice(0, 8)} ${old.slice(8, 12)} ${old.slice(12)}`)), [[creditCodeToken(old)]]);
  });

  test('groups that do not make a valid credit code are not glued together', () => {
    const wrong = `${CODE.slice(0, 8)} ${CODE.slice(8, 17)}${CODE[17] === '0' ? '1' : '0'}`;
    assert.equal(partsOf(planQuery(wrong), 'creditCode').length, 0, wrong);
  });

  test('a credit code is never glued from the digits of an ID typed in groups beside it', () => {
    // Letters whose code, glued to the ID's first groups, would be valid: the glue would keep the ID from being read and masked.
    const letters = Array.from({ length: 100 }, (_, n) => `9A${String(n).padStart(2, '0')}`).find((l) => creditCodeProblem(`${l}${ID.slice(0, 14)}`) === null);
    assert.ok(letters, 'a prefix that makes a valid code exists');
    const typed = `${letters} ${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`;
    const plan = planQuery(typed);
    assert.equal(JSON.stringify(plan).includes(ID.slice(10, 14)), false, typed);
    assert.deepEqual(partsOf(plan, 'idNumber').length, 1, typed);
  });

  test('a case number without its year is looked up with its province, or with its court code alone', () => {
    assert.deepEqual(tokensOf(planQuery('辽0503执7413')), [['k辽0503执7413']]);
    for (const q of ['辽0503执7413号', '辽 0503 执 7413 号', '辽０５０３执７４１３', '辽0503执07413']) assert.deepEqual(tokensOf(planQuery(q)), [['k辽0503执7413']], q);
    assert.deepEqual(tokensOf(planQuery('0503执7413')), [['k0503执7413']]);
    assert.deepEqual(tokensOf(planQuery('0503执恢12号')), [['k0503执恢12']]);
    assert.deepEqual(partsOf(planQuery('0503执7413'), 'courtSerial'), [{ kind: 'courtSerial', display: '0503执7413号', word: 'k0503执7413' }]);
    // A full case number is still read whole, and a year in brackets is not a court code.
    assert.deepEqual(tokensOf(planQuery('(2018)辽0503执7413号')), [['c2018辽0503执7413']]);
    assert.deepEqual(tokensOf(planQuery('(2018)执7413')), [['s执7413']]);
  });

  test('a case number without year is not a near miss: 执7413 is not 执74130, 0503 is not 10503', () => {
    assert.notDeepEqual(tokensOf(planQuery('0503执7413')), tokensOf(planQuery('0503执74130')));
    assert.notDeepEqual(tokensOf(planQuery('辽0503执7413')), tokensOf(planQuery('吉0503执7413')));
    assert.notDeepEqual(tokensOf(planQuery('0503执7413')), tokensOf(planQuery('辽0503执7413')));
  });

  test('a query that may be an entry id is also looked up as one, whatever its case or width', () => {
    for (const q of ['bx-000188', 'BX-000188', ' bx-000188 ', fullWidth('bx-000188'), 'bx\u2013000188']) {
      assert.deepEqual(planQuery(q).entryId, { tokens: ['ebx-000188'], mode: 'any' }, q);
      assert.deepEqual(planQuery(q).removalTokens, ['ebx-000188'], q);
    }
    assert.deepEqual(planQuery('s_dc_1').entryId, { tokens: ['es_dc_1'], mode: 'any' });
    // Its other readings stay: hyphenated pinyin is still pinyin.
    assert.deepEqual(tokensOf(planQuery('zhang-wei')), [['pzhangwei', 'izhangwei']]);
    // Never an ID, a partial ID, a credit code, pinyin alone or a name.
    for (const q of ['2105021985', '210502', ID, ID.slice(0, 14), CODE.toLowerCase(), 'zhangwei', 'zwm', '张伟', 'ab2105021985']) assert.equal(planQuery(q).entryId, null, q);
  });

  test('removal notices are asked for case numbers and ids only, never beside a name', () => {
    assert.deepEqual(planQuery('(2018)辽0503执7413号').removalTokens, ['c2018辽0503执7413']);
    assert.deepEqual(planQuery('辽0503执7413').removalTokens, ['k辽0503执7413']);
    assert.deepEqual(planQuery('张伟 (2018)辽0503执7413号').removalTokens, []);
    assert.deepEqual(planQuery('执7413').removalTokens, [], 'a serial alone names no one case');
    assert.deepEqual(planQuery(ID).removalTokens, []);
  });

  test(
    'a credit code made of digits only is searched as a credit code',
    () => {
      const digitsOnly = '914403001922038216';
      assert.equal(creditCodeProblem(digitsOnly), null, 'a valid credit code');
      assert.deepEqual(tokensOf(planQuery(digitsOnly)), [[creditCodeToken(digitsOnly)]]);
    },
  );
});

describe('awkward input', () => {
  test('an empty or whitespace-only query searches nothing', () => {
    for (const q of ['', '   ', '\t\n', '　']) {
      assert.deepEqual(planQuery(q), { parts: [], lookups: [], notices: [], entryId: null, removalTokens: [] }, JSON.stringify(q));
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
      for (const t of tokensOf(plan).flat()) assert.match(t, /^[hpi][\p{Script=Han}a-z]+$/u, t);
    }
    assert.deepEqual(tokensOf(planQuery(`赵建国${nasty}`)), [['h赵建国'], ['pscript', 'iscript']]);
  });
});

describe('index and query agree', () => {
  const person = entryInputSchema.parse(personRow({ idNumber: ID }));
  const org = entryInputSchema.parse(orgRow({ creditCode: CODE }));
  const searchesIn = (entry: typeof person) => new Set(searchTokensOf(entry));

  test('the tokens for a person\'s case number, serial, full ID and partial ID are all in the index', () => {
    const indexed = searchesIn(person);
    for (const q of ['(2024)辽0502执123号', '〔2024〕辽0502执123', '辽0502执123', '0502执123号', '执123号', ID, ID.slice(0, 14), '赵建国', 'zhao jianguo', 'jianguo']) {
      const [lookup, ...rest] = planQuery(q).lookups;
      assert.equal(rest.length, 0, q);
      assert.ok(lookup!.tokens.some((t) => indexed.has(t)), `${q} → ${lookup!.tokens.join()}`);
    }
  });

  test('the token for an entry\'s id is in the index', () => {
    assert.ok(searchesIn(person).has(planQuery(person.id).entryId!.tokens[0]!), person.id);
    assert.ok(searchesIn(person).has(planQuery(person.id.toUpperCase()).entryId!.tokens[0]!), person.id);
  });

  test('the tokens for an organisation\'s case number and credit code are in the index', () => {
    const indexed = searchesIn(org);
    for (const q of ['（2024）辽0503执88号', '辽0503执88', CODE, CODE.toLowerCase(), `${CODE.slice(0, 8)} ${CODE.slice(8)}`]) {
      const [lookup, ...rest] = planQuery(q).lookups;
      assert.equal(rest.length, 0, q);
      assert.ok(lookup!.tokens.some((t) => indexed.has(t)), `${q} → ${lookup!.tokens.join()}`);
    }
  });

  test('a neighbouring case number, ID or code is not in the index', () => {
    const indexed = new Set([...searchesIn(person), ...searchesIn(org)]);
    const otherId = idNumber('210502', '19850315', '124');
    for (const q of ['(2024)辽0502执1234号', '执12', '辽0502执1234', '0502执12', '吉0502执123', '10502执123', otherId, creditCode('91210502MA0Y3D8K3')]) {
      for (const t of tokensOf(planQuery(q)).flat()) assert.equal(indexed.has(t), false, q);
    }
  });
});
