import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

/*
 * PostgreSQL (12+) prints floats with extra_float_digits > 0 through its copy of Ryu: the fewest
 * significant digits that lie strictly inside the value's rounding interval, the closest such
 * digits to the exact value (exact ties to an even last digit). PostgreSQL builds Ryu without
 * STRICTLY_SHORTEST, so the interval's bounds are excluded even where round-half-even would read
 * a bound back correctly; that is why it prints 43504635151475664 as 4.3504635151475664e+16 where
 * JavaScript's shortest printer says 4.350463515147566e+16, and the real 244155008 as
 * 2.4415501e+08 rather than 2.44155e+08. The digits are therefore found here with exact BigInt
 * arithmetic; JavaScript's shortest length only serves as a lower bound to start the search.
 *
 * Layout: fixed notation when the decimal exponent lies in [-4, 15) for float8 or [-4, 6) for
 * float4, otherwise `d.ddde±XX` with at least two exponent digits.
 */

const FLOAT8_FIXED_LIMIT = 15;
const FLOAT4_FIXED_LIMIT = 6;

interface Decimal {
  /** Significant digits, no trailing zeros. */
  digits: string;
  /** Decimal exponent of the first digit. */
  exp: number;
}

/**
 * A positive finite binary float as Ryu sees it: value = 4·m · 2^e (two extra bits for the
 * half-gaps), rounding interval (4m − 1 − lowerShift, 4m + 2) · 2^e, where the gap below is only
 * half as wide at a power of two.
 */
interface BinaryFloat {
  m4: bigint;
  e: number;
  lowerShift: bigint;
}

const scratch = new DataView(new ArrayBuffer(8));

function decodeFloat8(x: number): BinaryFloat {
  scratch.setFloat64(0, x);
  const bits = scratch.getBigUint64(0);
  const fraction = bits & 0xfffffffffffffn;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const m = biased === 0 ? fraction : fraction | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075 - 2;
  return { m4: 4n * m, e, lowerShift: fraction !== 0n || biased <= 1 ? 1n : 0n };
}

function decodeFloat4(x: number): BinaryFloat {
  scratch.setFloat32(0, x);
  const bits = scratch.getUint32(0);
  const fraction = BigInt(bits & 0x7fffff);
  const biased = (bits >>> 23) & 0xff;
  const m = biased === 0 ? fraction : fraction | (1n << 23n);
  const e = (biased === 0 ? 1 : biased) - 150 - 2;
  return { m4: 4n * m, e, lowerShift: fraction !== 0n || biased <= 1 ? 1n : 0n };
}

/** Sign of (a · 2^e) − (b · 10^k), exactly. */
function compareBinaryDecimal(a: bigint, e: number, b: bigint, k: number): number {
  let left = a;
  let right = b;
  if (e >= 0) left <<= BigInt(e);
  else right <<= BigInt(-e);
  if (k >= 0) right *= 10n ** BigInt(k);
  else left *= 10n ** BigInt(-k);
  return left > right ? 1 : left < right ? -1 : 0;
}

/** PostgreSQL's Ryu digits for a positive finite float, searching lengths from `minDigits` up. */
function ryuDigits(f: BinaryFloat, approx: number, minDigits: number): Decimal {
  // Exact decimal exponent of the value, from a floating-point estimate.
  let exp10 = Math.floor(Math.log10(approx));
  while (compareBinaryDecimal(f.m4, f.e, 1n, exp10) < 0) exp10--;
  while (compareBinaryDecimal(f.m4, f.e, 1n, exp10 + 1) >= 0) exp10++;
  const lower = f.m4 - 1n - f.lowerShift;
  const upper = f.m4 + 2n;
  for (let precision = Math.max(1, minDigits); ; precision++) {
    const k = exp10 - precision + 1;
    // value / 10^k = m4 · scale / den, all integers.
    let scale = 1n;
    let den = 1n;
    if (f.e >= 0) scale <<= BigInt(f.e);
    else den <<= BigInt(-f.e);
    if (k >= 0) den *= 10n ** BigInt(k);
    else scale *= 10n ** BigInt(-k);
    const num = f.m4 * scale;
    const floor = num / den;
    let best: bigint | undefined;
    let bestDistance = 0n;
    for (const candidate of num % den === 0n ? [floor] : [floor, floor + 1n]) {
      const scaled = candidate * den;
      if (scaled <= lower * scale || scaled >= upper * scale) continue;
      const distance = scaled > num ? scaled - num : num - scaled;
      if (best === undefined || distance < bestDistance || (distance === bestDistance && candidate % 2n === 0n)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best !== undefined) {
      const text = best.toString();
      return { digits: text.replace(/0+$/, ''), exp: k + text.length - 1 };
    }
  }
}

function layout(negative: boolean, { digits, exp }: Decimal, fixedLimit: number): string {
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= fixedLimit) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const absExp = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${absExp < 10 ? '0' : ''}${absExp}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** NaN, ±Infinity and ±0 are spelled out by PostgreSQL rather than printed from digits. */
function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return undefined;
}

/** float8 output text (extra_float_digits = 1). */
export function formatFloat8(x: number): string {
  const sp = special(x);
  if (sp !== undefined) return sp;
  const abs = Math.abs(x);
  // JavaScript's shortest digits accept the bounds PostgreSQL excludes, so they are never longer.
  const jsDigits = abs.toExponential().replace(/e.*$/, '').replace('.', '').length;
  return layout(x < 0, ryuDigits(decodeFloat8(abs), abs, jsDigits), FLOAT8_FIXED_LIMIT);
}

/** float4 output text (extra_float_digits = 1); the argument is rounded to float4 first. */
export function formatFloat4(value: number): string {
  const x = Math.fround(value);
  const sp = special(x);
  if (sp !== undefined) return sp;
  const abs = Math.abs(x);
  return layout(x < 0, ryuDigits(decodeFloat4(abs), abs, 1), FLOAT4_FIXED_LIMIT);
}

const FLOAT8_EDGES: readonly number[] = [
  0, -0, 1, -1, NaN, Infinity, -Infinity,
  Number.MAX_VALUE, -Number.MAX_VALUE,
  2.2250738585072014e-308, // smallest normal
  2.225073858507201e-308, // largest subnormal
  Number.MIN_VALUE, -Number.MIN_VALUE, // smallest subnormal, 5e-324
  Number.EPSILON, 1 + Number.EPSILON,
  1e-5, 0.0001, 0.00012345, // either side of the switch to exponent form
  1e15, 999999999999999, 123456789012345.6, 1.5e20, 1e100, -1e-100,
  0.1, 0.1 + 0.2, 1 / 3, -2 / 3, Math.PI,
  Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 63, -(2 ** 63),
  43504635151475664, // shortest round-trip (4.350463515147566e+16) is a rounding bound; PostgreSQL prints 17 digits
];

const FLOAT4_EDGES: readonly number[] = [
  0, -0, 1, -1, NaN, Infinity, -Infinity,
  3.4028235e38, -3.4028235e38, // FLT_MAX
  1.1754944e-38, // smallest normal
  1.1754942e-38, // largest subnormal
  1e-45, -1e-45, // smallest subnormal (1.4e-45 exactly, printed 1e-45)
  1.1920929e-7, // FLT_EPSILON
  1e-5, 0.0001, 0.00012345,
  1e6, 999999, 123456.7, 16777216, 16777218, // integers stop being exact at 2^24
  0.1, 1 / 3, Math.PI, 1.5e20, 1e30,
  244155008, // 2.44155e+08 would read back, but is a rounding bound; PostgreSQL prints 2.4415501e+08
].map((x) => Math.fround(x));

/** A realistic double: measurements, prices, ratios; occasionally anything at all. */
function generateFloat8({ rng }: ValueSource): number {
  const r = rng.next();
  if (r < 0.4) return rng.normal() * 10 ** rng.int(0, 4); // measurements around zero
  if (r < 0.6) return Math.round(rng.next() * 10 ** rng.int(2, 7)) / 100; // two-decimal amounts
  if (r < 0.75) return rng.next(); // ratios, probabilities
  if (r < 0.9) return (rng.chance(0.5) ? -1 : 1) * rng.next() * 10 ** rng.int(-12, 25); // wide magnitudes
  if (r < 0.97) return rng.int(-1_000_000, 1_000_000); // whole numbers stored as float
  // Any finite bit pattern: full 17-digit values, subnormals, extreme exponents.
  for (;;) {
    scratch.setUint32(0, rng.nextUint32());
    scratch.setUint32(4, rng.nextUint32());
    const x = scratch.getFloat64(0);
    if (Number.isFinite(x)) return x;
  }
}

/**
 * A realistic real, as someone would type it: at most 6 significant decimal digits, which float4
 * holds without loss in its normal range. It usually prints back as those digits, but not when
 * the decimal sits exactly on a rounding boundary (244155000 is stored as 244155008 and printed
 * 2.4415501e+08), so the canonical text is always computed from the stored float4.
 */
function generateFloat4({ rng }: ValueSource): number {
  const r = rng.next();
  const negative = rng.chance(0.2);
  let mantissa: number;
  let exp10: number;
  if (r < 0.85) {
    mantissa = rng.int(1, 10 ** rng.int(1, 6) - 1);
    exp10 = rng.int(-4, 1); // 0.0001 .. a few million
  } else {
    mantissa = rng.int(1, 999_999);
    exp10 = rng.int(-37 + 5, 38 - 6); // wide magnitudes, kept in the normal range
  }
  return Math.fround(Number(`${negative ? '-' : ''}${mantissa}e${exp10}`));
}

interface FloatKind {
  sql: 'real' | 'double precision';
  format: (x: number) => string;
  edges: readonly number[];
  generate: (src: ValueSource) => number;
}

const REAL: FloatKind = { sql: 'real', format: formatFloat4, edges: FLOAT4_EDGES, generate: generateFloat4 };
const DOUBLE: FloatKind = { sql: 'double precision', format: formatFloat8, edges: FLOAT8_EDGES, generate: generateFloat8 };

const KINDS: Record<string, FloatKind> = {
  real: REAL,
  float4: REAL,
  'double precision': DOUBLE,
  double: DOUBLE,
  float8: DOUBLE,
  float: DOUBLE,
};

/** `float(p)` follows the SQL standard: p is binary digits, 1–24 gives real, 25–53 double precision. */
function kindFor(req: TypeRequest): FloatKind {
  const kind = KINDS[req.base];
  if (!kind) throw new TypeRequestError(`unknown floating-point type "${req.base}"`);
  if (req.base === 'float' && req.args.length === 1) {
    const p = req.args[0]!;
    if (!Number.isInteger(p) || p < 1 || p > 53) {
      throw new TypeRequestError(`float(p) needs an integer precision from 1 to 53 (1–24 is real, 25–53 double precision), got ${p}`);
    }
    return p <= 24 ? REAL : DOUBLE;
  }
  if (req.args.length > 0) {
    throw new TypeRequestError(`${req.base} takes no arguments (only float(p) does, with p from 1 to 53)`);
  }
  return kind;
}

/** real / double precision. Values are JS numbers; real values are always float4-representable. */
export const floatFamily: TypeFamily = {
  id: 'float',
  names: Object.keys(KINDS),
  resolve(req: TypeRequest): ResolvedType<number> {
    const kind = kindFor(req);
    return {
      sql: kind.sql,
      family: 'float',
      setup: [],
      keyable: true,
      edges: () => [...kind.edges],
      generate: (src) => kind.generate(src),
      // The shortest round-trip text reads back as the same value, including NaN, ±Infinity and -0.
      literal: kind.format,
      canonical: kind.format,
    };
  },
};
