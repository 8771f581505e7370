/**
 * Integer calendar and clock arithmetic shared by the date/time families. JavaScript's Date
 * only covers ±275 760 years and hides time zones; PostgreSQL's dates run from 4714 BC to
 * 5 874 897 AD, so days are counted here with plain integer arithmetic on the proleptic
 * Gregorian calendar (as PostgreSQL does), with astronomical year numbering: year 0 is 1 BC,
 * year -1 is 2 BC.
 *
 * Days are counted from 1970-01-01 (day 0). All intermediate values stay far below 2^53.
 */

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

/** 2000-01-01, PostgreSQL's internal epoch: timestamps before it are negative, which changes rounding. */
export const PG_EPOCH_DAY = 10957;

export interface CivilDate {
  /** Astronomical year: 0 = 1 BC, -1 = 2 BC. */
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

export function isValidCivil(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). Years
 * are shifted to start in March so the leap day is the last day of the year, which makes the
 * day-of-year a closed formula; floor division keeps it right for negative years.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil. Pass `out` to reuse one object in hot loops. */
export function civilFromDays(days: number, out: CivilDate = { year: 0, month: 0, day: 0 }): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  out.year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out.month = month;
  out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  return out;
}

/** Astronomical year of a year as written with an era: 44 BC → -43. */
export function astronomicalYear(year: number, bc: boolean): number {
  return bc ? 1 - year : year;
}

export function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** PostgreSQL pads years to at least four digits and prints longer ones in full. */
export function pad4(n: number): string {
  if (n >= 1000) return String(n);
  if (n >= 100) return '0' + n;
  if (n >= 10) return '00' + n;
  return '000' + n;
}

/**
 * `.ffffff` with trailing zeros trimmed, or '' for a whole second: PostgreSQL's AppendSeconds
 * trims the fraction rather than printing the column's precision.
 */
export function fractionText(micros: number): string {
  if (micros === 0) return '';
  let s = String(micros);
  s = '000000'.slice(s.length) + s;
  let end = 6;
  while (s.charCodeAt(end - 1) === 48) end--;
  return '.' + s.slice(0, end);
}

/** `HH:MM:SS[.ffffff]` for microseconds into a day; 24:00:00 is allowed (time's upper edge). */
export function formatTimeOfDay(usec: number): string {
  const secs = Math.floor(usec / MICROS_PER_SECOND);
  const h = Math.floor(secs / 3600);
  const m = Math.floor(secs / 60) % 60;
  return pad2(h) + ':' + pad2(m) + ':' + pad2(secs % 60) + fractionText(usec - secs * MICROS_PER_SECOND);
}

/**
 * A UTC offset as PostgreSQL prints it: `+05`, `+05:30`, `-03:30:15` (minutes and seconds only
 * when nonzero). `offsetSeconds` is east of UTC, the ISO sign convention.
 */
export function formatUtcOffset(offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor(abs / 60) % 60;
  const s = abs % 60;
  if (s !== 0) return sign + pad2(h) + ':' + pad2(m) + ':' + pad2(s);
  if (m !== 0) return sign + pad2(h) + ':' + pad2(m);
  return sign + pad2(h);
}

/** Microsecond step of a fractional-seconds precision 0..6 (time(p), timestamp(p), interval(p)). */
export function precisionStep(precision: number): number {
  return 10 ** (6 - precision);
}
