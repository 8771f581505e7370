import { MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND, fractionText, pad2, precisionStep } from './calendar.js';
import { resolvePrecision } from './time.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

/**
 * PostgreSQL's interval as stored: three independent fields that are never normalized into
 * each other on input ('30 days' stays 30 days, not 1 mon; '25:00:00' stays 25 hours).
 */
export interface IntervalValue {
  /** int32 */
  months: number;
  /** int32 */
  days: number;
  /** int64 microseconds of the time part. */
  micros: bigint;
}

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const BIG_MICROS_PER_HOUR = BigInt(MICROS_PER_HOUR);

/**
 * The time part split like EncodeInterval does (all fields truncated toward zero, so they share
 * the sign), as absolute values. Hours can exceed 2^53 microseconds' worth, hence the bigint path.
 */
interface TimeParts {
  negative: boolean;
  hours: string;
  minutes: number;
  seconds: number;
  fraction: number;
}

const parts: TimeParts = { negative: false, hours: '', minutes: 0, seconds: 0, fraction: 0 };

function splitTime(micros: bigint, padHours: boolean): TimeParts {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  let rest: number;
  if (abs <= MAX_SAFE) {
    const a = Number(abs);
    const h = Math.floor(a / MICROS_PER_HOUR);
    parts.hours = padHours ? pad2(h) : String(h);
    rest = a - h * MICROS_PER_HOUR;
  } else {
    const h = abs / BIG_MICROS_PER_HOUR;
    parts.hours = h.toString();
    rest = Number(abs - h * BIG_MICROS_PER_HOUR);
  }
  parts.negative = negative;
  parts.minutes = Math.floor(rest / MICROS_PER_MINUTE);
  rest -= parts.minutes * MICROS_PER_MINUTE;
  parts.seconds = Math.floor(rest / MICROS_PER_SECOND);
  parts.fraction = rest - parts.seconds * MICROS_PER_SECOND;
  return parts;
}

/**
 * Canonical text under IntervalStyle 'postgres' (EncodeInterval, INTSTYLE_POSTGRES): year, mon
 * and day parts when nonzero, plural unless exactly 1, a `+` on a positive part that follows a
 * negative one; then the time part when nonzero or when everything is zero, signed `-` when
 * negative or `+` when the previous part was negative. Months split into years truncating
 * toward zero, so -14 months is `-1 years -2 mons`.
 */
export function formatInterval(v: IntervalValue): string {
  let out = '';
  let isBefore = false;
  const addPart = (value: number, unit: string): void => {
    if (value === 0) return;
    out += (out === '' ? '' : ' ') + (isBefore && value > 0 ? '+' : '') + value + ' ' + unit + (value !== 1 ? 's' : '');
    isBefore = value < 0;
  };
  addPart(Math.trunc(v.months / 12), 'year');
  addPart(v.months % 12, 'mon');
  addPart(v.days, 'day');
  if (out === '' || v.micros !== 0n) {
    const t = splitTime(v.micros, true);
    out +=
      (out === '' ? '' : ' ') +
      (t.negative ? '-' : isBefore ? '+' : '') +
      t.hours +
      ':' +
      pad2(t.minutes) +
      ':' +
      pad2(t.seconds) +
      fractionText(t.fraction);
  }
  return out;
}

/** Signed seconds with fraction for input forms: `-6.789`. */
function secondsText(t: TimeParts): string {
  return (t.negative ? '-' : '') + t.seconds + fractionText(t.fraction);
}

/** ISO 8601 duration input, `P1Y2M3DT4H5M6.789S`, each component carrying its own sign. */
function isoLiteral(v: IntervalValue): string {
  const y = Math.trunc(v.months / 12);
  const mo = v.months % 12;
  let out = 'P';
  if (y !== 0) out += y + 'Y';
  if (mo !== 0) out += mo + 'M';
  if (v.days !== 0) out += v.days + 'D';
  if (v.micros !== 0n) {
    const t = splitTime(v.micros, false);
    const sign = t.negative ? '-' : '';
    out += 'T';
    if (t.hours !== '0') out += sign + t.hours + 'H';
    if (t.minutes !== 0) out += sign + t.minutes + 'M';
    if (t.seconds !== 0 || t.fraction !== 0) out += secondsText(t) + 'S';
  }
  return out === 'P' ? 'PT0S' : out;
}

/**
 * The verbose `@ 1 year 2 mons … ago` input style. `ago` negates the whole value, so it is used
 * only when every field is non-positive and can be negated without overflowing int32/int64.
 */
function verboseLiteral(v: IntervalValue): string {
  const ago =
    v.months <= 0 && v.days <= 0 && v.micros <= 0n && v.months > INT32_MIN && v.days > INT32_MIN && v.micros > INT64_MIN;
  const s = ago ? -1 : 1;
  const months = v.months * s || 0;
  const days = v.days * s || 0;
  let out = '@';
  const y = Math.trunc(months / 12);
  const mo = months % 12;
  if (y !== 0) out += ` ${y} year${y === 1 ? '' : 's'}`;
  if (mo !== 0) out += ` ${mo} mon${mo === 1 ? '' : 's'}`;
  if (days !== 0) out += ` ${days} day${days === 1 ? '' : 's'}`;
  const micros = ago ? -v.micros : v.micros;
  if (micros !== 0n) {
    const t = splitTime(micros, false);
    const sign = t.negative ? '-' : '';
    if (t.hours !== '0') out += ` ${sign}${t.hours} hours`;
    if (t.minutes !== 0) out += ` ${sign}${t.minutes} mins`;
    if (t.seconds !== 0 || t.fraction !== 0) out += ` ${secondsText(t)} secs`;
  }
  if (out === '@') out += ' 0';
  return ago && out !== '@ 0' ? out + ' ago' : out;
}

/**
 * Input text, in one of three input styles picked by the value's bits. The postgres style
 * cannot express the most negative time part: the server rejects `-2562047788:00:54.775808`
 * (it parses the magnitude first), so that one is written in microseconds.
 */
export function intervalLiteral(v: IntervalValue): string {
  switch ((v.months + v.days) & 3) {
    case 2:
      return isoLiteral(v);
    case 3:
      return verboseLiteral(v);
    default:
      if (v.micros === INT64_MIN) return `${v.months} mons ${v.days} days ${v.micros} microseconds`;
      return formatInterval(v);
  }
}

/**
 * The time part rounded to a precision step as AdjustIntervalForTypmod does: half away from
 * zero (unlike timestamps). PostgreSQL 15 does this in unchecked int64 arithmetic, so within
 * half a step of the int64 extremes it wraps: `2562047788:00:54.775807` read into interval(2)
 * comes back as `-2562047788:00:54.77`; asIntN reproduces that. Generated values already sit
 * on the step and are returned as they are.
 */
export function roundIntervalMicros(micros: bigint, step: bigint): bigint {
  if (step === 1n || micros % step === 0n) return micros;
  const half = step / 2n;
  if (micros >= 0n) return (BigInt.asIntN(64, micros + half) / step) * step;
  const magnitude = BigInt.asIntN(64, -micros);
  return BigInt.asIntN(64, -((BigInt.asIntN(64, magnitude + half) / step) * step));
}

const COMMON: readonly IntervalValue[] = [
  { months: 12, days: 0, micros: 0n },
  { months: 1, days: 0, micros: 0n },
  { months: 3, days: 0, micros: 0n },
  { months: 0, days: 1, micros: 0n },
  { months: 0, days: 7, micros: 0n },
  { months: 0, days: 30, micros: 0n },
  { months: 0, days: 0, micros: BigInt(MICROS_PER_HOUR) },
  { months: 0, days: 0, micros: BigInt(30 * MICROS_PER_MINUTE) },
  { months: 0, days: 0, micros: BigInt(15 * MICROS_PER_SECOND) },
];

/** Sub-second detail like a measured duration: whole seconds, milliseconds or microseconds. */
function durationMicros(src: ValueSource, maxSeconds: number): number {
  const { rng } = src;
  const secs = rng.int(0, maxSeconds);
  const r = rng.next();
  if (r < 0.5) return secs * MICROS_PER_SECOND;
  if (r < 0.75) return secs * MICROS_PER_SECOND + rng.int(0, 999) * 1000;
  return secs * MICROS_PER_SECOND + rng.int(0, 999_999);
}

/**
 * A realistic interval: mostly elapsed times (request latencies, shift lengths), day and month
 * spans (subscriptions, SLAs) and the handful of constants people type; sometimes mixed signs
 * (differences of dates), rarely anything the type can hold. The time part is cut to `step`.
 */
export function generateInterval(src: ValueSource, step: number): IntervalValue {
  const { rng } = src;
  const r = rng.next();
  let months = 0;
  let days = 0;
  let micros: number | bigint = 0;
  if (r < 0.3) {
    micros = durationMicros(src, rng.chance(0.7) ? 3600 : 3 * 86400);
  } else if (r < 0.5) {
    days = rng.int(1, 365);
    if (rng.chance(0.4)) micros = durationMicros(src, 86399);
  } else if (r < 0.65) {
    months = rng.int(1, 120);
    if (rng.chance(0.3)) days = rng.int(1, 30);
  } else if (r < 0.8) {
    const c = rng.pick(COMMON);
    const neg = rng.chance(0.1) ? -1 : 1;
    return { months: c.months * neg || 0, days: c.days * neg || 0, micros: BigInt(neg) * c.micros };
  } else if (r < 0.93) {
    months = rng.chance(0.5) ? rng.int(-240, 240) : 0;
    days = rng.chance(0.6) ? rng.int(-1000, 1000) : 0;
    micros = rng.chance(0.7) ? durationMicros(src, 86400 * 2) * (rng.chance(0.5) ? -1 : 1) : 0;
  } else if (r < 0.97) {
    micros = -durationMicros(src, 60);
  } else {
    months = rng.int(INT32_MIN, INT32_MAX);
    days = rng.int(INT32_MIN, INT32_MAX);
    micros = rng.bigint(INT64_MIN, INT64_MAX);
  }
  if (typeof micros === 'number') micros = BigInt(micros - (micros % step));
  else if (step !== 1) micros -= micros % BigInt(step);
  return { months, days, micros };
}

function intervalEdges(step: number): IntervalValue[] {
  const s = BigInt(step);
  // Cut toward zero so every edge, the extremes included, already fits interval(p).
  const max = INT64_MAX - (INT64_MAX % s);
  const min = INT64_MIN - (INT64_MIN % s);
  const sec = BigInt(MICROS_PER_SECOND);
  const hour = BigInt(MICROS_PER_HOUR);
  const edges: IntervalValue[] = [
    { months: 0, days: 0, micros: 0n },
    { months: 0, days: 0, micros: -sec },
    { months: 0, days: 0, micros: s },
    { months: 0, days: 0, micros: -s },
    { months: 0, days: 0, micros: sec / 2n },
    { months: 1, days: 0, micros: 0n },
    { months: 12, days: 0, micros: 0n },
    { months: -27, days: 0, micros: 0n }, // -2 years -3 mons
    { months: 0, days: -1, micros: 2n * hour + 3n * 60n * sec }, // -1 days +02:03:00
    { months: 0, days: 1, micros: -sec }, // 1 day -00:00:01
    { months: -1, days: 1, micros: -sec },
    { months: 0, days: 30, micros: 0n }, // equal to 1 mon under btree, but prints differently
    { months: 0, days: 0, micros: 24n * hour }, // 24:00:00, not 1 day
    { months: 0, days: 0, micros: 123n * hour },
    { months: 14, days: 3, micros: 4n * hour + 5n * 60n * sec + 6_789_000n },
    // All three fields at their limit is how PostgreSQL 17+ stores ±infinity; one month short is finite everywhere.
    { months: INT32_MAX - 1, days: INT32_MAX, micros: max },
    { months: INT32_MIN + 1, days: INT32_MIN, micros: min },
    { months: INT32_MAX, days: INT32_MIN, micros: min },
    { months: INT32_MIN, days: INT32_MAX, micros: max },
    { months: 0, days: 0, micros: max },
    { months: 0, days: 0, micros: min },
  ];
  for (const e of edges) e.micros -= e.micros % s;
  // At coarse precisions some edges collapse onto others; a pool should not hold them twice.
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = formatInterval(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What btree equality compares: the span with a month as 30 days and a day as 24 hours, so
 * `1 mon`, `30 days` and `720:00:00` are equal (a primary key holds only one of them) although
 * they print differently.
 */
export function intervalSpan(v: IntervalValue): bigint {
  return (BigInt(v.months) * 30n + BigInt(v.days)) * 86_400_000_000n + v.micros;
}

/** `interval` and `interval(p)`. Field-restricted intervals (`interval year to month`) are not offered. */
export const intervalFamily: TypeFamily = {
  id: 'interval',
  names: ['interval'],
  resolve(req: TypeRequest): ResolvedType<IntervalValue> {
    if (req.base !== 'interval') throw new TypeRequestError(`unknown interval type "${req.base}"`);
    const precision = resolvePrecision(req);
    const step = precisionStep(precision ?? 6);
    const bigStep = BigInt(step);
    return {
      sql: precision === undefined ? 'interval' : `interval(${precision})`,
      family: 'interval',
      setup: [],
      keyable: true,
      edges: () => intervalEdges(step),
      generate: (src) => generateInterval(src, step),
      literal: intervalLiteral,
      canonical: (v) =>
        step === 1 ? formatInterval(v) : formatInterval({ months: v.months, days: v.days, micros: roundIntervalMicros(v.micros, bigStep) }),
    };
  },
};
