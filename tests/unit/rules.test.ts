import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  birthDateOf,
  findReadableIdNumbers,
  idCheckCharacter,
  idNumberProblem,
  MASKED_ID_PATTERN,
  maskIdNumber,
  normaliseIdNumber,
} from '../../scripts/lib/shared/rules/id-number.ts';
import { creditCodeCheckCharacter, creditCodeProblem, normaliseCreditCode } from '../../scripts/lib/shared/rules/credit-code.ts';
import { hasExpired, listingEndsOn } from '../../scripts/lib/rules/listing-period.ts';
import { addYears } from '../../scripts/lib/shared/dates.ts';
import { workingDaysBetween } from '../../scripts/lib/rules/working-days.ts';
import { canonicalCaseNumber, displayCaseNumber, parseCaseNumber } from '../../scripts/lib/shared/rules/case-number.ts';
import { DELISTING_GROUNDS, delistingGroundOf, typeFitsGround, DECISION_TYPES } from '../../scripts/lib/rules/delisting-grounds.ts';
import { isMinor, publicityOf, type DecisionRef } from '../../scripts/lib/rules/publicity.ts';
import { behaviourCodeOf } from '../../scripts/lib/shared/rules/behaviours.ts';
import { entryInputSchema } from '../../scripts/lib/schema/entry.ts';
import { creditCode, idNumber, personRow, type Row } from '../fixtures/unit/records.ts';

const canonical = (raw: string) => {
  const parts = parseCaseNumber(raw);
  return parts && canonicalCaseNumber(parts);
};

describe('ID numbers', () => {
  test('the public example 11010519491231002X is valid and its check character is X', () => {
    assert.equal(idCheckCharacter('11010519491231002'), 'X');
    assert.equal(idNumberProblem('11010519491231002X'), null);
  });

  test('a number built with its computed check character is valid, and any other check character is not', () => {
    const first17 = '21050219850315123';
    const check = idCheckCharacter(first17);
    assert.equal(idNumberProblem(first17 + check), null);
    for (const other of '0123456789X'.replace(check, '')) {
      assert.equal(idNumberProblem(first17 + other), 'checksum', `check character ${other}`);
    }
  });

  test('a birth date that does not exist is reported as birthDate, not as a checksum error', () => {
    assert.equal(idNumberProblem(idNumber('110105', '19490230', '002')), 'birthDate'); // 30 February
    assert.equal(idNumberProblem(idNumber('110105', '19491301', '002')), 'birthDate'); // month 13
    assert.equal(idNumberProblem(idNumber('110105', '19000229', '002')), 'birthDate'); // 1900 was no leap year
    assert.equal(idNumberProblem(idNumber('110105', '18991231', '002')), 'birthDate'); // before 1900
    assert.equal(idNumberProblem(idNumber('110105', '20000229', '002')), null); // 2000 was
    assert.equal(birthDateOf(idNumber('110105', '20000229', '002')), '2000-02-29');
  });

  test('anything but 17 digits and a digit or X is a format problem', () => {
    assert.equal(idNumberProblem('11010519491231002'), 'format');
    assert.equal(idNumberProblem('11010519491231002XX'), 'format');
    assert.equal(idNumberProblem('1101051949123100AX'), 'format');
    assert.equal(idNumberProblem('11010519491231002x'), 'format'); // lower case is only accepted after normalising
  });

  test('full-width digits, a lower-case x and spaces are normalised to the plain number', () => {
    assert.equal(normaliseIdNumber('１１０１０５ 19491231 002ｘ'), '11010519491231002X');
    assert.equal(normaliseIdNumber('11010519491231002x'), '11010519491231002X');
  });

  test('masking hides birth month and day (digits 11–14) as the national site does', () => {
    assert.equal(maskIdNumber('342301196403153224'), '3423011964****3224');
    assert.equal(maskIdNumber('11010519491231002X'), '1101051949****002X');
    assert.match(maskIdNumber('342301196403153224'), MASKED_ID_PATTERN);
    assert.doesNotMatch('342301196403153224', MASKED_ID_PATTERN);
    assert.doesNotMatch('342301196****153224', MASKED_ID_PATTERN);
  });

  test('findReadableIdNumbers finds valid numbers in text, including next to Chinese characters and with a lower-case x', () => {
    const a = idNumber('210502', '19850315', '123');
    const text = `<td>${a}</td> 身份证11010519491231002x号`;
    assert.deepEqual(findReadableIdNumbers(text), [a, '11010519491231002X']);
  });

  test('findReadableIdNumbers ignores 18-digit runs whose check character is wrong', () => {
    const valid = idNumber('210502', '19850315', '123');
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    assert.deepEqual(findReadableIdNumbers(`订单号 ${wrong} 已付款`), []);
  });

  test('findReadableIdNumbers ignores a valid number inside a longer run of digits, but not one with letters attached', () => {
    const valid = idNumber('210502', '19850315', '123');
    assert.deepEqual(findReadableIdNumbers(`9${valid}`), []);
    assert.deepEqual(findReadableIdNumbers(`${valid}7`), []);
    // A reader sees the number in ID210502…abc: so must the privacy check.
    assert.deepEqual(findReadableIdNumbers(`ID${valid}abc`), [valid]);
  });
});

describe('credit codes', () => {
  test('the real-format example 91350100M000100Y43 is valid', () => {
    assert.equal(creditCodeProblem('91350100M000100Y43'), null);
    assert.equal(creditCodeCheckCharacter('91350100M000100Y4'), '3');
  });

  test('a code built with its computed check character is valid, and a wrong check character is a checksum problem', () => {
    const code = creditCode('91210502MA0Y3D8K2');
    assert.equal(creditCodeProblem(code), null);
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    assert.equal(creditCodeProblem(wrong), 'checksum');
  });

  test('the letters I, O, Z, S and V never occur in a credit code', () => {
    for (const letter of 'IOZSV') {
      const code = `91210502${letter}A0Y3D8K2`;
      assert.equal(creditCodeProblem(code + '0'), 'format', `letter ${letter}`);
    }
  });

  test('positions 3–8 must be digits (the administrative area code)', () => {
    assert.equal(creditCodeProblem('9121A502MA0Y3D8K2Q'), 'format');
  });

  test('lower case and full-width characters are normalised before checking', () => {
    const code = creditCode('91210502MA0Y3D8K2');
    const fullWidth = code.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    assert.equal(normaliseCreditCode(code.toLowerCase()), code);
    assert.equal(normaliseCreditCode(fullWidth), code);
    assert.equal(normaliseCreditCode(` ${code.slice(0, 9)} ${code.slice(9)} `), code);
  });
});

describe('listing period', () => {
  test('behaviour 1 alone has no fixed end', () => {
    assert.equal(listingEndsOn('2025-03-10', [1]), null);
  });

  test('any of behaviours 2–6 lists for two years from publication, also together with behaviour 1', () => {
    for (const b of [2, 3, 4, 5, 6] as const) assert.equal(listingEndsOn('2025-03-10', [b]), '2027-03-10', `behaviour ${b}`);
    assert.equal(listingEndsOn('2025-03-10', [1, 4]), '2027-03-10');
  });

  test('29 February plus two years falls on 28 February', () => {
    assert.equal(addYears('2024-02-29', 2), '2026-02-28');
    assert.equal(listingEndsOn('2024-02-29', [3]), '2026-02-28');
    assert.equal(addYears('2024-02-29', 4), '2028-02-29');
  });

  test('an explicit end set by the court wins over the computed one, even for behaviour 1', () => {
    assert.equal(listingEndsOn('2025-03-10', [2], '2028-01-01'), '2028-01-01');
    assert.equal(listingEndsOn('2025-03-10', [1], '2026-06-30'), '2026-06-30');
  });

  test('an entry is still listed on its last day and expired the day after', () => {
    assert.equal(hasExpired('2027-03-10', '2027-03-10'), false);
    assert.equal(hasExpired('2027-03-10', '2027-03-11'), true);
    assert.equal(hasExpired('2027-03-10', '2027-03-09'), false);
    assert.equal(hasExpired(null, '2999-12-31'), false);
  });
});

describe('case numbers', () => {
  test('half-width, full-width, 〔〕, 【】 and missing brackets, with or without 号, give one canonical form', () => {
    const forms = [
      '(2018)辽0502执123号',
      '（2018）辽0502执123号',
      '〔2018〕辽0502执123号',
      '【2018】辽0502执123号',
      '[2018]辽0502执123',
      '2018辽0502执123号',
      '2018辽0502执123',
      '（２０１８）辽０５０２执１２３号',
      ' (2018) 辽0502 执 123 号 ',
    ];
    for (const form of forms) assert.equal(canonical(form), '2018辽0502执123', form);
  });

  test('执123 and 执1234 are different cases', () => {
    assert.notEqual(canonical('(2018)辽0502执123号'), canonical('(2018)辽0502执1234号'));
  });

  test('a two-character case type such as 执恢 is kept in the canonical form', () => {
    assert.equal(canonical('(2019)辽0503执恢45号'), '2019辽0503执恢45');
    assert.notEqual(canonical('(2019)辽0503执恢45号'), canonical('(2019)辽0503执45号'));
  });

  test('the display form uses half-width brackets and 号', () => {
    assert.equal(displayCaseNumber(parseCaseNumber('〔2018〕辽0502执123')!), '(2018)辽0502执123号');
  });

  test('text that is not a case number is rejected', () => {
    for (const text of ['辽0502执123号', '(18)辽0502执123号', '(2018)0502执123号', '(2018)辽0502执号', '张伟']) {
      assert.equal(parseCaseNumber(text), null, text);
    }
  });
});

describe('delisting grounds', () => {
  test('a wrongful listing can only be revoked (撤销)', () => {
    assert.equal(typeFitsGround('撤销', 'wrongful'), true);
    assert.equal(typeFitsGround('屏蔽', 'wrongful'), false);
    assert.equal(typeFitsGround('删除', 'wrongful'), false);
  });

  test('every ground allows at least one decision type', () => {
    for (const [code, ground] of Object.entries(DELISTING_GROUNDS)) {
      assert.ok(ground.types.length > 0 && ground.types.every((t) => (DECISION_TYPES as readonly string[]).includes(t)), code);
    }
  });

  test('a ground is found by its code or its Chinese label, and anything else is unknown', () => {
    assert.equal(delistingGroundOf('performed'), 'performed');
    assert.equal(delistingGroundOf('已履行全部义务'), 'performed');
    assert.equal(delistingGroundOf(' 失信期限届满 '), 'periodEnded');
    assert.equal(delistingGroundOf('不应纳入失信名单（错误纳入）'), 'wrongful');
    assert.equal(delistingGroundOf('已还钱'), null);
    assert.equal(delistingGroundOf(''), null);
  });
});

describe('working days', () => {
  test('weekends are not counted', () => {
    assert.equal(workingDaysBetween('2026-11-20', '2026-11-23'), 1); // Friday → Monday
    assert.equal(workingDaysBetween('2026-11-20', '2026-11-25'), 3); // Friday → Wednesday
    assert.equal(workingDaysBetween('2026-11-21', '2026-11-22'), 0); // Saturday → Sunday
    assert.equal(workingDaysBetween('2026-11-16', '2026-11-23'), 5); // Monday → next Monday
  });

  test('the same day, or an end before the start, counts zero', () => {
    assert.equal(workingDaysBetween('2026-11-23', '2026-11-23'), 0);
    assert.equal(workingDaysBetween('2026-11-25', '2026-11-23'), 0);
  });
});

describe('behaviours', () => {
  test('a behaviour is found by code, full label or short label, and 7 is none', () => {
    assert.equal(behaviourCodeOf(5), 5);
    assert.equal(behaviourCodeOf(' 3 '), 3);
    assert.equal(behaviourCodeOf('违反限制消费令'), 5);
    assert.equal(behaviourCodeOf('以伪造证据、暴力、威胁等方法妨碍、抗拒执行'), 2);
    assert.equal(behaviourCodeOf('规避执行'), 3);
    assert.equal(behaviourCodeOf(7), null);
    assert.equal(behaviourCodeOf('0'), null);
    assert.equal(behaviourCodeOf('1.5'), null);
  });
});

describe('publicity', () => {
  const TODAY = '2026-11-26';
  const entry = (overrides: Row = {}) => entryInputSchema.parse(personRow(overrides));
  const decision = (overrides: Partial<DecisionRef> = {}): DecisionRef => ({ id: 'dc-1', decidedOn: '2026-11-20', valid: true, ...overrides });

  test('a valid entry without decisions is published', () => {
    assert.deepEqual(publicityOf(entry(), [], TODAY), { status: 'published' });
  });

  test('a court decision is cited even when the listing period has also ended', () => {
    const expiredEntry = entry({ behaviours: [2], filedOn: '2023-10-01', publishedOn: '2024-01-05' }); // ended 2026-01-05
    assert.deepEqual(publicityOf(expiredEntry, [], TODAY), { status: 'expired', endedOn: '2026-01-05' });
    assert.deepEqual(publicityOf(expiredEntry, [decision()], TODAY), { status: 'decided', decisionId: 'dc-1' });
  });

  test('of several decisions the earliest one is cited', () => {
    const decisions = [decision({ id: 'later', decidedOn: '2026-11-10' }), decision({ id: 'earlier', decidedOn: '2026-10-01' })];
    assert.deepEqual(publicityOf(entry(), decisions, TODAY), { status: 'decided', decisionId: 'earlier' });
  });

  test('a decision that failed validation withholds the entry', () => {
    assert.deepEqual(publicityOf(entry(), [decision({ valid: false })], TODAY), { status: 'withheld', reason: 'unverifiedDecision' });
  });

  test('a minor by the age column is never published', () => {
    const minor = entry({ age: 17, idNumber: undefined, idNumberMasked: '2105022008****1234' });
    assert.equal(isMinor(minor, TODAY), true);
    assert.deepEqual(publicityOf(minor, [], TODAY), { status: 'withheld', reason: 'minor' });
  });

  test('a minor by the birth date in the ID number is never published, even when the age column says adult', () => {
    // Published 2025-03-10; born 2008-06-01 → 16 at publication.
    const minor = entry({ age: 40, idNumber: idNumber('210502', '20080601', '456') });
    assert.equal(minor.bornOn, '2008-06-01');
    assert.deepEqual(publicityOf(minor, [], TODAY), { status: 'withheld', reason: 'minor' });
  });

  test('a person who turns 18 on the day of publication is an adult, one day later is not', () => {
    // Judged on the publication day (2025-03-10), before the build day.
    assert.equal(isMinor(entry({ age: 18, idNumber: idNumber('210502', '20070310', '456') }), '2025-03-10'), false);
    assert.equal(isMinor(entry({ age: 18, idNumber: idNumber('210502', '20070311', '456') }), '2025-03-10'), true);
  });

  test(
    'a minor by the birth year in a masked ID number is never published, even when the age column says adult',
    () => {
      // Published 2025-03-10; born in 2012 → at most 13 at publication, whatever the month and day.
      const minor = entry({ age: 40, idNumber: undefined, idNumberMasked: '2105022012****4561' });
      assert.equal(publicityOf(minor, [], TODAY).status, 'withheld');
    },
  );

  test('an organisation is never a minor', () => {
    assert.equal(isMinor({ kind: 'org', age: undefined, bornOn: undefined, publishedOn: '2025-03-10' }, TODAY), false);
  });

  test('an entry whose publication date has not come is withheld until that day, and published on it', () => {
    const later = entry({ publishedOn: '2026-12-02', filedOn: '2026-11-01' });
    assert.deepEqual(publicityOf(later, [], '2026-12-01'), { status: 'withheld', reason: 'notYetPublic' });
    assert.deepEqual(publicityOf(later, [], '2026-12-02'), { status: 'published' });
  });

  test('a decision on an entry not yet public publishes no notice before the publication date', () => {
    const later = entry({ publishedOn: '2026-12-02', filedOn: '2026-11-01' });
    assert.deepEqual(publicityOf(later, [decision({ decidedOn: '2026-11-30' })], '2026-12-01'), { status: 'withheld', reason: 'notYetPublic' });
  });

  test('a person 17 on the build day is a minor even when 18 by the future publication date', () => {
    // Born 2008-12-05: 17 on 2026-12-01, 18 on 2026-12-10.
    const teen = entry({ age: 18, publishedOn: '2026-12-10', filedOn: '2026-11-01', idNumber: idNumber('210502', '20081205', '456') });
    assert.equal(isMinor(teen, '2026-12-01'), true);
    assert.deepEqual(publicityOf(teen, [], '2026-12-01'), { status: 'withheld', reason: 'minor' });
  });

  test('an entry this site already took down for good stays down without its decision', () => {
    assert.deepEqual(publicityOf(entry(), [], TODAY, true), { status: 'departed' });
  });

  test('an entry the court marked not to disclose is withheld', () => {
    assert.deepEqual(publicityOf(entry({ disclose: false }), [], TODAY), { status: 'withheld', reason: 'notDisclosed' });
    assert.deepEqual(publicityOf(entry({ disclose: '否' }), [], TODAY), { status: 'withheld', reason: 'notDisclosed' });
  });
});
