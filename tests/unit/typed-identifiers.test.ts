// What a person types into the search box or the check tool, read in the browser before
// anything leaves the page: a full ID number in any written form comes out masked, and a
// credit code made of digits is still a credit code.
import fc from 'fast-check';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planQuery, readTypedText, searchHref } from '../../scripts/lib/shared/search/query.ts';
import { buildCheckIndex, checkLine, type CheckableEntry } from '../../scripts/lib/shared/search/check.ts';
import { creditCodeToken, maskedIdToken } from '../../scripts/lib/shared/search/codes.ts';
import { creditCodeProblem } from '../../scripts/lib/shared/rules/credit-code.ts';
import { birthDateOf, idNumberProblem, maskIdNumber } from '../../scripts/lib/shared/rules/id-number.ts';
import { creditCode, idNumber } from '../fixtures/unit/records.ts';

const ID = idNumber('210502', '19850315', '271');
const MASKED = maskIdNumber(ID);
const fullWidth = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const groups = (sep: string) => [ID.slice(0, 6), ID.slice(6, 14), ID.slice(14)].join(sep);

/** Every way of writing the ID that a reader still reads as the ID. */
const WRITTEN: [string, string][] = [
  ['plain', ID],
  ['with spaces between groups', groups(' ')],
  ['with hyphens between groups', `${ID.slice(0, 6)}-${ID.slice(6, 10)}-${ID.slice(10, 14)}-${ID.slice(14)}`],
  ['with an en dash and a minus sign', `${ID.slice(0, 6)}–${ID.slice(6, 14)}−${ID.slice(14)}`],
  ['with dots between every digit', ID.split('').join('.')],
  ['with no-break spaces', groups('\u00a0')],
  ['with ideographic spaces', groups('\u3000')],
  ['in full-width digits', fullWidth(ID)],
  ['in full-width digits with full-width hyphens', fullWidth(groups('－'))],
  ['with zero-width spaces between every digit', ID.split('').join('\u200b')],
  ['with a soft hyphen, a word joiner and a BOM inside', `${ID.slice(0, 4)}\u00ad${ID.slice(4, 9)}\u2060${ID.slice(9, 13)}\ufeff${ID.slice(13)}`],
  ['with letters attached on both sides', `ID${ID}abc`],
  ['after a name', `赵建国${ID}`],
  ['followed by a phone number without a space', `${ID}13800138000`],
  ['after a phone number', `13800138000 ${ID}`],
  ['twice', `${ID} ${groups('-')}`],
];

/** True when the text holds the ID's hidden digits in any form: the birth date next to the region, or all 17 leading digits. */
function revealsId(text: string): boolean {
  const digits = text.normalize('NFKC').replace(/[^0-9]/g, '');
  return digits.includes(ID.slice(0, 17)) || digits.includes(ID.slice(6, 14));
}

describe('a full ID typed in any form', () => {
  for (const [how, typed] of WRITTEN) {
    test(`a full ID ${how} is masked, and the plan searches its masked form only`, () => {
      assert.ok(revealsId(typed), 'the test input holds the ID');
      const read = readTypedText(typed);
      assert.equal(revealsId(read.text), false, read.text);
      assert.ok(read.identifiers.some((i) => i.kind === 'idNumber' && i.masked === MASKED && i.valid), JSON.stringify(read.identifiers));
      const plan = planQuery(typed);
      assert.equal(revealsId(JSON.stringify(plan)), false);
      assert.ok(plan.lookups.some((l) => l.tokens.includes(maskedIdToken(MASKED))), JSON.stringify(plan.lookups));
      assert.equal(revealsId(searchHref(read.text)), false);
    });
  }

  test('reading is idempotent: the masked text reads the same again', () => {
    for (const [, typed] of WRITTEN) {
      const once = readTypedText(typed).text;
      assert.equal(readTypedText(once).text, once);
    }
  });

  test('a mistyped full ID is masked too, with a notice, even when it happens to pass the credit-code check', () => {
    const wrongs = [...'0123456789X'].map((c) => ID.slice(0, 17) + c).filter((w) => idNumberProblem(w) !== null);
    for (const wrong of wrongs) {
      const plan = planQuery(groups(' ').slice(0, -1) + wrong.slice(-1));
      assert.equal(revealsId(JSON.stringify(plan)), false, wrong);
      assert.match(plan.notices.join(), /校验位/);
    }
  });

  test('a partial ID of 11 to 17 digits keeps only its public first ten digits', () => {
    for (const typed of [ID.slice(0, 14), ID.slice(0, 17), groups(' ').slice(0, 15)]) {
      const read = readTypedText(typed);
      assert.match(read.text, /^2105021985\*+$/, typed);
      assert.deepEqual(planQuery(typed).lookups, [{ tokens: ['x2105021985'], mode: 'any' }]);
    }
  });

  test('short numbers, case numbers and names read as typed', () => {
    for (const typed of ['(2024)辽0502执123号', '执123', '2024-01-15', '赵建国', 'zhao jianguo', '2105021985']) {
      assert.equal(readTypedText(typed).text, typed);
    }
  });
});

describe('credit codes', () => {
  const DIGITS_ONLY = creditCode('91210502123456789');

  test('a valid credit code made of digits is read as a credit code, kept whole and searched as one', () => {
    assert.equal(creditCodeProblem(DIGITS_ONLY), null);
    assert.equal(birthDateOf(DIGITS_ONLY), null);
    const read = readTypedText(DIGITS_ONLY);
    assert.equal(read.text, DIGITS_ONLY);
    assert.deepEqual(read.identifiers, [{ kind: 'creditCode', code: DIGITS_ONLY, valid: true }]);
    assert.deepEqual(planQuery(DIGITS_ONLY).lookups, [{ tokens: [creditCodeToken(DIGITS_ONLY)], mode: 'any' }]);
  });

  test('a credit code with letters is found whatever its case, width or invisible characters', () => {
    const code = creditCode('91210502MA0Y3D8K2');
    for (const typed of [code, code.toLowerCase(), fullWidth(code), code.split('').join('\u200b'), `单位 ${code.toLowerCase()}`]) {
      assert.ok(planQuery(typed).lookups.some((l) => l.tokens.join() === creditCodeToken(code)), typed);
    }
  });

  test('a valid ID that also passes the credit-code check is an ID: its full digits never go anywhere', () => {
    let both = '';
    for (let seq = 100; seq < 999 && !both; seq++) {
      const candidate = idNumber('210502', '19900101', String(seq));
      if (creditCodeProblem(candidate) === null) both = candidate;
    }
    assert.ok(both, 'such an ID exists');
    const read = readTypedText(both);
    assert.equal(read.text, maskIdNumber(both));
    assert.deepEqual(planQuery(both).lookups, [{ tokens: [maskedIdToken(maskIdNumber(both))], mode: 'any' }]);
  });
});

describe('the check tool reads lines the same way', () => {
  const code = creditCode('91210502123456789');
  const entries: CheckableEntry[] = [
    { id: 'p-1', name: '赵建国', idNumberMasked: MASKED },
    { id: 'o-1', name: '本溪市宏达建筑工程有限公司', creditCode: code },
  ];
  const index = buildCheckIndex(entries);

  for (const [how, typed] of WRITTEN.filter(([how]) => !/twice|phone|name/.test(how))) {
    test(`a line with a name and the full ID ${how} is listed, and shows only the masked ID`, () => {
      const result = checkLine(`赵建国 ${typed}`, 1, index)!;
      assert.equal(result.verdict, 'listed', JSON.stringify(result));
      assert.equal(revealsId(JSON.stringify(result)), false);
    });
  }

  test('an organisation with a credit code of digits is listed, not reported as an invalid ID', () => {
    for (const line of [`本溪市宏达建筑工程有限公司 ${code}`, `本溪市宏达建筑工程有限公司，${fullWidth(code)}`, code]) {
      const result = checkLine(line, 1, index)!;
      assert.equal(result.verdict, 'listed', JSON.stringify(result));
      assert.deepEqual(result.matches, ['o-1']);
    }
  });

  test('a masked ID as the list shows it checks the same as the full number', () => {
    assert.equal(checkLine(`赵建国 ${MASKED}`, 1, index)!.verdict, 'listed');
  });

  test('a mistyped ID is invalid and shown masked', () => {
    const wrong = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    const result = checkLine(`赵建国 ${wrong}`, 1, index)!;
    assert.equal(result.verdict, 'invalid');
    assert.equal(revealsId(JSON.stringify(result)), false);
  });
});

test('digit groups typed around a full ID never reveal its hidden digits, however they are grouped', () => {
  const digits = fc.stringMatching(/^[0-9]{1,8}$/);
  const separator = fc.constantFrom(' ', '-', '.', '/', '  ', '\u00a0', '\u200b');
  fc.assert(
    fc.property(fc.array(digits, { maxLength: 3 }), fc.array(digits, { maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 17 }), { maxLength: 3 }), separator, (before, after, cuts, sep) => {
      const id = idNumber('210502', '19850315', '271');
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const pieces = points.length ? [id.slice(0, points[0]), ...points.map((p, i) => id.slice(p, points[i + 1]))] : [id];
      const typed = [...before, ...pieces, ...after].join(sep);
      const out = readTypedText(typed).text.replace(/[^0-9*X]/g, '');
      // The birth month and day with what follows them: exactly what masking hides.
      assert.ok(!out.includes(id.slice(10)), `${JSON.stringify(typed)} → ${readTypedText(typed).text}`);
    }),
    { numRuns: 2000 },
  );
});
