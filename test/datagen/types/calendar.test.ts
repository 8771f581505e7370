import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  astronomicalYear,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  formatTimeOfDay,
  formatUtcOffset,
  fractionText,
  isLeapYear,
  isValidCivil,
  pad4,
  PG_EPOCH_DAY,
} from '../../../src/datagen/types/calendar.js';

test('known days since 1970-01-01', () => {
  assert.equal(daysFromCivil(1970, 1, 1), 0);
  assert.equal(daysFromCivil(1969, 12, 31), -1);
  assert.equal(daysFromCivil(2000, 1, 1), PG_EPOCH_DAY);
  assert.equal(daysFromCivil(2000, 3, 1) - daysFromCivil(2000, 2, 28), 2);
  assert.equal(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28), 1);
  // From the server: '4714-11-24 BC'::date - '2000-01-01' = -2451545, '5874897-12-31'::date - '2000-01-01' = 2145031948.
  assert.equal(daysFromCivil(-4713, 11, 24) - PG_EPOCH_DAY, -2451545);
  assert.equal(daysFromCivil(5874897, 12, 31) - PG_EPOCH_DAY, 2145031948);
  // 1 BC (year 0) directly precedes 1 AD.
  assert.equal(daysFromCivil(1, 1, 1) - daysFromCivil(0, 12, 31), 1);
});

test('civilFromDays inverts daysFromCivil day by day across eras', () => {
  const out = { year: 0, month: 0, day: 0 };
  let prev = civilFromDays(-800_000, out);
  let { year, month, day } = prev;
  for (let d = -800_000 + 1; d <= 800_000; d++) {
    const c = civilFromDays(d, out);
    // Each day is the successor of the previous one.
    if (day < daysInMonth(year, month)) day++;
    else if (month < 12) { month++; day = 1; }
    else { year++; month = 1; day = 1; }
    assert.ok(c.year === year && c.month === month && c.day === day, `day ${d}`);
    assert.equal(daysFromCivil(c.year, c.month, c.day), d);
  }
});

test('round trips over PostgreSQL range extremes and agrees with Date', () => {
  for (let d = -2_440_588 - 1000; d < 2_145_042_905 + 1000; d += 7919 * 13) {
    const c = civilFromDays(d);
    assert.equal(daysFromCivil(c.year, c.month, c.day), d);
    assert.ok(isValidCivil(c.year, c.month, c.day));
  }
  for (let d = -100_000_000; d <= 100_000_000; d += 999_983) {
    const js = new Date(d * 86_400_000);
    const c = civilFromDays(d);
    assert.deepEqual([c.year, c.month, c.day], [js.getUTCFullYear(), js.getUTCMonth() + 1, js.getUTCDate()]);
  }
  assert.deepEqual(civilFromDays(daysFromCivil(-4713, 11, 24)), { year: -4713, month: 11, day: 24 });
  assert.deepEqual(civilFromDays(daysFromCivil(5874897, 12, 31)), { year: 5874897, month: 12, day: 31 });
});

test('leap years, validity and era conversion', () => {
  assert.ok(isLeapYear(2000) && isLeapYear(2024) && isLeapYear(0) && isLeapYear(-4));
  assert.ok(!isLeapYear(1900) && !isLeapYear(2023) && !isLeapYear(-1));
  assert.ok(isValidCivil(0, 2, 29));
  assert.ok(!isValidCivil(1900, 2, 29) && !isValidCivil(2024, 13, 1) && !isValidCivil(2024, 4, 31));
  assert.equal(astronomicalYear(44, true), -43);
  assert.equal(astronomicalYear(1, true), 0);
  assert.equal(astronomicalYear(2024, false), 2024);
});

test('clock and offset text', () => {
  assert.equal(pad4(1), '0001');
  assert.equal(pad4(44), '0044');
  assert.equal(pad4(294276), '294276');
  assert.equal(fractionText(0), '');
  assert.equal(fractionText(500_000), '.5');
  assert.equal(fractionText(1), '.000001');
  assert.equal(fractionText(123_450), '.12345');
  assert.equal(formatTimeOfDay(0), '00:00:00');
  assert.equal(formatTimeOfDay(86_400_000_000), '24:00:00');
  assert.equal(formatTimeOfDay(86_399_999_999), '23:59:59.999999');
  assert.equal(formatUtcOffset(0), '+00');
  assert.equal(formatUtcOffset(19800), '+05:30');
  assert.equal(formatUtcOffset(-(3 * 3600 + 30 * 60 + 15)), '-03:30:15');
  assert.equal(formatUtcOffset(-8 * 3600), '-08');
});
