import { daysFromCivil, formatUtcOffset, pad2 } from '../../datagen/types/calendar.js';
import { formatDay } from '../../datagen/types/date.js';
import { formatInterval, type IntervalValue } from '../../datagen/types/interval.js';

/**
 * Debezium's temporal encodings turned back into PostgreSQL's text (TimeZone UTC, DateStyle ISO,
 * IntervalStyle postgres), so that what a value lost shows as a difference in text. Counts are
 * BigInt: nanoseconds since 1970 overflow a double's integers, and so do microseconds in 4000 BC.
 */

const DAY_SECONDS = 86_400n;
export const MICROS_PER_DAY = DAY_SECONDS * 1_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** `.ffffff` of a fraction given in `digits` decimal places, trailing zeros trimmed as PostgreSQL does. */
function fractionOf(units: bigint, digits: number): string {
  if (units === 0n) return '';
  return '.' + units.toString().padStart(digits, '0').replace(/0+$/, '');
}

/** `HH:MM:SS[.f]` of a non-negative count of 10^-digits seconds into the day (MicroTime, Time, NanoTime). */
export function clockText(units: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const secs = floorDiv(units, scale);
  const clock = `${pad2(Number(secs / 3600n))}:${pad2(Number((secs / 60n) % 60n))}:${pad2(Number(secs % 60n))}`;
  return clock + fractionOf(units - secs * scale, digits);
}

/** timestamp text of a count of 10^-digits seconds since 1970-01-01 00:00 (MicroTimestamp, Timestamp, NanoTimestamp). */
export function timestampText(units: bigint, digits: number): string {
  const perDay = DAY_SECONDS * 10n ** BigInt(digits);
  const day = floorDiv(units, perDay);
  return formatDay(Number(day), ' ' + clockText(units - day * perDay, digits));
}

/** date text of days since 1970-01-01 (io.debezium.time.Date). */
export function dateText(days: number): string {
  return formatDay(days);
}

const OFFSET = /(Z|[+-]\d{2}(?::?\d{2}){0,2})$/;
const CLOCK = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** Seconds east of UTC of `Z`, `+05`, `-03:30`, `+0530`, `-03:30:15`. */
function offsetSeconds(text: string): number {
  if (text === 'Z') return 0;
  const parts = text.slice(1).replace(/:/g, '').match(/\d{2}/g)!.map(Number);
  const seconds = (parts[0] ?? 0) * 3600 + (parts[1] ?? 0) * 60 + (parts[2] ?? 0);
  return text.startsWith('-') ? -seconds : seconds;
}

/** An ISO time with offset split into its parts; undefined when it is not one. */
function zonedClock(text: string): { seconds: number; fraction: string; offset: number } | undefined {
  const zone = OFFSET.exec(text);
  const m = zone ? CLOCK.exec(text.slice(0, zone.index)) : null;
  if (!zone || !m) return undefined;
  const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  const fraction = (m[4] ?? '').replace(/0+$/, '');
  return { seconds, fraction: fraction && '.' + fraction, offset: offsetSeconds(zone[1]!) };
}

function hms(seconds: number): string {
  return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
}

/**
 * timetz text of io.debezium.time.ZonedTime (`02:21:20Z`), keeping the offset the string carries.
 * timetz stores its own offset, so `21:21:20-05` and `02:21:20Z` are different values: a
 * connector that normalizes to UTC has lost the offset, and the texts differ.
 */
export function zonedTimeText(iso: string): string | undefined {
  const t = zonedClock(iso);
  return t && hms(t.seconds) + t.fraction + formatUtcOffset(t.offset);
}

/**
 * timestamptz text (UTC) of io.debezium.time.ZonedTimestamp (`-4332-05-20T13:10:14.650754Z`).
 * timestamptz stores an instant only, so the offset is applied and forgotten; ISO years are
 * astronomical (year 0 is 1 BC), which formatDay prints with ` BC` as PostgreSQL does.
 */
export function zonedTimestampText(iso: string): string | undefined {
  const m = /^([+-]?\d{4,})-(\d{2})-(\d{2})T(.+)$/.exec(iso);
  const t = m && zonedClock(m[4]!);
  if (!m || !t) return undefined;
  const utc = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3])) * 86_400 + t.seconds - t.offset;
  const day = Math.floor(utc / 86_400);
  return formatDay(day, ' ' + hms(utc - day * 86_400) + t.fraction + '+00');
}

/** interval text of io.debezium.time.MicroDuration: a plain count of microseconds has no months or days. */
export function durationText(micros: bigint): string {
  return formatInterval({ months: 0, days: 0, micros });
}

/** Microseconds of signed decimal seconds, `-6.789` → -6789000n; undefined past microseconds. */
function secondsMicros(text: string): bigint | undefined {
  const m = /^([+-]?)(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) return undefined;
  const micros = BigInt(m[2]!) * 1_000_000n + BigInt((m[3] ?? '').padEnd(6, '0'));
  return m[1] === '-' ? -micros : micros;
}

/** interval text of io.debezium.time.Interval (`P1Y2M3DT4H5M6.78S`, each part signed), the structure kept. */
export function isoIntervalText(iso: string): string | undefined {
  const m = /^P(?:(-?\d+)Y)?(?:(-?\d+)M)?(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?)?$/.exec(iso);
  const seconds = secondsMicros(m?.[6] ?? '0');
  if (!m || iso === 'P' || seconds === undefined) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const micros = (BigInt(n(4)) * 60n + BigInt(n(5))) * 60_000_000n + seconds;
  return formatInterval({ months: n(1) * 12 + n(2), days: n(3), micros });
}

const POSTGRES_INTERVAL = /^(?:([+-]?\d+) years? ?)?(?:([+-]?\d+) mons? ?)?(?:([+-]?\d+) days? ?)?(?:([+-]?)(\d+):(\d{2}):(\d{2}(?:\.\d{1,6})?))?$/;

/** The three fields of an interval printed under IntervalStyle postgres (`-1 years +2 mons 3 days -04:05:06.7`). */
export function parseInterval(text: string): IntervalValue | undefined {
  const m = POSTGRES_INTERVAL.exec(text);
  if (!m || text === '') return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const seconds = secondsMicros(m[7] ?? '0')!;
  const magnitude = (BigInt(n(5)) * 60n + BigInt(n(6))) * 60_000_000n + seconds;
  return { months: n(1) * 12 + n(2), days: n(3), micros: m[4] === '-' ? -magnitude : magnitude };
}

/**
 * Whether two interval texts hold the same interval. Months never equal a number of days (Debezium's
 * MicroDuration counts a month as 30.4375 days), so they must match as months; a day is taken as
 * 24 hours, as PostgreSQL's own interval comparison does, so `1 day` equals `24:00:00`.
 */
export function sameInterval(a: string, b: string): boolean {
  const x = parseInterval(a);
  const y = parseInterval(b);
  if (!x || !y) return a === b;
  return x.months === y.months && BigInt(x.days) * MICROS_PER_DAY + x.micros === BigInt(y.days) * MICROS_PER_DAY + y.micros;
}
