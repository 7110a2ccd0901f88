// Working days with public holidays and 调休. The expected dates are the State Council's
// notices: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号） and
// 关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）, as published on www.gov.cn.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays, isWorkingDay, periodEndsOn, workingDaysBetween } from '../../scripts/lib/rules/working-days.ts';

describe('working days follow the State Council holiday schedule', () => {
  test('春节 2025: 1月28日–2月4日 off, Sunday 1月26日 and Saturday 2月8日 are working days', () => {
    assert.equal(isWorkingDay('2025-01-26'), true);
    for (const day of ['2025-01-28', '2025-01-29', '2025-01-31', '2025-02-03', '2025-02-04']) assert.equal(isWorkingDay(day), false, day);
    assert.equal(isWorkingDay('2025-02-08'), true);
    // Friday 1月24日 → Friday 2月7日: 1月26日 (调休), 1月27日, then 2月5日–7日.
    assert.equal(workingDaysBetween('2025-01-24', '2025-02-07'), 5);
  });

  test('国庆 2025: 10月1日–8日 off, Sunday 9月28日 and Saturday 10月11日 are working days', () => {
    assert.equal(isWorkingDay('2025-09-28'), true);
    assert.equal(isWorkingDay('2025-10-08'), false);
    assert.equal(isWorkingDay('2025-10-11'), true);
    // A decision made on Tuesday 9月30日 must be carried out by 10月11日 (9日, 10日, and the 调休 Saturday), not Friday 10月3日.
    assert.equal(addWorkingDays('2025-09-30', 3), '2025-10-11');
  });

  test('春节 2026: 2月15日–23日 off, Saturdays 2月14日 and 2月28日 are working days', () => {
    assert.equal(isWorkingDay('2026-02-14'), true);
    for (const day of ['2026-02-15', '2026-02-16', '2026-02-20', '2026-02-23']) assert.equal(isWorkingDay(day), false, day);
    assert.equal(isWorkingDay('2026-02-28'), true);
    // Friday 2月13日 + 3 working days: Saturday 2月14日 (调休), then 2月24日, 2月25日.
    assert.equal(addWorkingDays('2026-02-13', 3), '2026-02-25');
    assert.equal(workingDaysBetween('2026-02-13', '2026-02-28'), 6);
  });

  test('国庆 2026: 10月1日–7日 off, Sunday 9月20日 and Saturday 10月10日 are working days', () => {
    assert.equal(isWorkingDay('2026-09-20'), true);
    assert.equal(isWorkingDay('2026-10-07'), false);
    assert.equal(isWorkingDay('2026-10-10'), true);
    assert.equal(workingDaysBetween('2026-09-30', '2026-10-10'), 3); // 10月8日, 9日, 10日
    assert.equal(addWorkingDays('2026-09-30', 3), '2026-10-10');
  });

  test('ordinary weeks skip only the weekend', () => {
    assert.equal(workingDaysBetween('2026-11-20', '2026-11-23'), 1); // Friday → Monday
    assert.equal(workingDaysBetween('2026-11-16', '2026-11-23'), 5);
    assert.equal(workingDaysBetween('2026-11-25', '2026-11-23'), 0);
    assert.equal(addWorkingDays('2026-11-20', 3), '2026-11-25');
  });

  test('a period of days that would end on a holiday ends on the next working day', () => {
    // Ten days from 9月21日 ends on 10月1日, a holiday: the first working day after is 10月8日.
    assert.equal(periodEndsOn('2026-09-21', 10), '2026-10-08');
    // Ten days from 1月16日 2026 ends on Monday 1月26日, a working day: no extension.
    assert.equal(periodEndsOn('2026-01-16', 10), '2026-01-26');
    // Ending on a Saturday that is a 调休 working day (2026-02-28): that day stands.
    assert.equal(periodEndsOn('2026-02-18', 10), '2026-02-28');
  });

  test('a year whose schedule is not yet in the package still skips 元旦, 劳动节 and 国庆节', () => {
    // The package has no 2030 schedule (checked: 2030-01-01 carries no holiday name there).
    assert.equal(isWorkingDay('2030-01-01'), false); // Tuesday
    assert.equal(isWorkingDay('2030-01-02'), true);
    assert.equal(isWorkingDay('2030-10-03'), false); // Thursday
    assert.equal(addWorkingDays('2030-09-30', 1), '2030-10-04');
  });
});
