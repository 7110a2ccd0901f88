import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, addYears, ageOn, dayNumber, formatDate, formatMonth, isoDateOf, isoOfDay, msUntilNextDayInChina, todayInChina } from '../../scripts/lib/shared/dates.ts';
import { entryPath } from '../../scripts/lib/shared/urls.ts';
import { hanCharacters, withoutNameSeparators } from '../../scripts/lib/shared/search/normalise.ts';
import { planQuery } from '../../scripts/lib/shared/search/query.ts';

const dayArb = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('dates', () => {
  test('adding days agrees with the calendar across months, leap days and centuries', () => {
    fc.assert(fc.property(dayArb, fc.integer({ min: -2000, max: 2000 }), (day, n) => {
      const expected = new Date(`${day}T00:00:00Z`);
      expected.setUTCDate(expected.getUTCDate() + n);
      assert.equal(addDays(day, n), expected.toISOString().slice(0, 10));
      assert.equal(isoOfDay(dayNumber(day)), day);
    }));
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2100-02-28', 1), '2100-03-01');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  });

  test('29 February plus whole years falls back to 28 February in a common year', () => {
    assert.equal(addYears('2024-02-29', 2), '2026-02-28');
    assert.equal(addYears('2024-02-29', -18), '2006-02-28');
    assert.equal(addYears('2024-02-29', 4), '2028-02-29');
  });

  test('an age turns on the birthday itself', () => {
    assert.equal(ageOn('2008-12-01', '2026-11-30'), 17);
    assert.equal(ageOn('2008-12-01', '2026-12-01'), 18);
  });

  test('only real calendar days are dates', () => {
    assert.equal(isoDateOf(2026, 2, 28), '2026-02-28');
    assert.equal(isoDateOf(2026, 2, 29), null);
    assert.equal(isoDateOf(2026, 4, 31), null);
    assert.equal(isoDateOf(2026, 13, 1), null);
  });

  test('today is the day in China, eight hours ahead of UTC', () => {
    assert.equal(todayInChina(new Date('2026-11-30T15:59:59Z')), '2026-11-30');
    assert.equal(todayInChina(new Date('2026-11-30T16:00:00Z')), '2026-12-01');
    // The arithmetic agrees with the time-zone database (Asia/Shanghai has kept UTC+8 since 1991).
    const shanghai = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' });
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1992-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), (now) => {
        assert.equal(todayInChina(new Date(now)), shanghai.format(now));
      }),
      { numRuns: 1000 },
    );
  });

  test('the wait for the next day ends when the day in China turns, for any moment', () => {
    assert.equal(msUntilNextDayInChina(Date.parse('2026-11-30T15:59:59Z')), 1000);
    assert.equal(msUntilNextDayInChina(Date.parse('2026-11-30T16:00:00Z')), 86_400_000);
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), (now) => {
        const wait = msUntilNextDayInChina(now);
        assert.ok(wait > 0 && wait <= 86_400_000);
        assert.equal(todayInChina(new Date(now + wait - 1)), todayInChina(new Date(now)), 'still the same day a millisecond before');
        assert.notEqual(todayInChina(new Date(now + wait)), todayInChina(new Date(now)), 'the next day when the wait ends');
      }),
      { numRuns: 300 },
    );
  });

  test('dates and months print as Chinese readers write them, without leading zeros', () => {
    assert.equal(formatDate('2026-03-05'), '2026年3月5日');
    assert.equal(formatMonth('2026-03'), '2026年3月');
  });
});

describe('entry URLs', () => {
  test("an entry's path escapes its id, so an id cannot reach another path", () => {
    assert.equal(entryPath('p-001'), '/entry/p-001/');
    assert.equal(entryPath('a/../b c'), '/entry/a%2F..%2Fb%20c/');
  });
});

describe('name separators', () => {
  test('every separator a transliterated name is typed with is dropped the same way by the index, the query and the ranking', () => {
    for (const separator of ['·', '•', '・', '‧', '･', '●', '.', '．', '-', '－', ' ', '\u3000']) {
      const name = `阿依古丽${separator}买买提`;
      assert.equal(withoutNameSeparators(name), '阿依古丽买买提', JSON.stringify(separator));
      assert.equal(hanCharacters(name).join(''), '阿依古丽买买提', JSON.stringify(separator));
      assert.deepEqual(planQuery(name), planQuery('阿依古丽买买提'), JSON.stringify(separator));
    }
  });
});
