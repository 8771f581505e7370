import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type WidthKnob } from './type-family.js';
import type { Rng } from '../../scenario/rng.js';

/** Largest precision numeric(p,s) accepts. */
export const NUMERIC_MAX_PRECISION = 1000;
/** Unconstrained numeric holds up to 131072 digits before the point and 16383 after. */
export const NUMERIC_MAX_INTEGER_DIGITS = 131072;
export const NUMERIC_MAX_SCALE = 16383;
/** The widest decimal many sinks (StarRocks, Flink DECIMAL) can hold; values past it are the interesting ones. */
const COMMON_SINK_PRECISION = 38;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * numeric output text for a decimal string (or `NaN`, `Infinity`, `-Infinity`). With `scale`
 * (numeric(p,s)) the value is rounded half away from zero, as PostgreSQL does on input, and
 * printed with exactly `scale` decimals; without it the written scale is kept, trailing zeros
 * included (`1.500` stays `1.500`). Zero never carries a sign.
 */
export function formatNumeric(value: string, scale?: number): string {
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
  const m = DECIMAL.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal numeric value: "${value}"`);
  let whole = m[2]!;
  let fraction = m[3] ?? '';
  if (scale !== undefined) {
    if (fraction.length > scale) {
      const roundUp = fraction.charCodeAt(scale) >= 0x35; // '5'
      const kept = BigInt(whole + fraction.slice(0, scale)) + (roundUp ? 1n : 0n);
      const digits = kept.toString().padStart(scale + 1, '0');
      whole = digits.slice(0, digits.length - scale);
      fraction = digits.slice(digits.length - scale);
    } else {
      fraction = fraction.padEnd(scale, '0');
    }
  }
  whole = whole.replace(/^0+/, '') || '0';
  const isZero = whole === '0' && !/[1-9]/.test(fraction);
  const sign = m[1] === '-' && !isZero ? '-' : '';
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** `count` random decimal digits, the first one non-zero when asked. */
function randomDigits(rng: Rng, count: number, leadingNonZero: boolean): string {
  if (count <= 0) return '';
  let out = leadingNonZero ? String(rng.int(1, 9)) : '';
  while (out.length < count) out += String(rng.int(0, 999_999_999)).padStart(9, '0');
  return out.slice(0, count);
}

function decimal(negative: boolean, whole: string, fraction: string): string {
  return `${negative ? '-' : ''}${whole || '0'}${fraction ? `.${fraction}` : ''}`;
}

function resolveBounded(precision: number, scale: number): ResolvedType<string> {
  const wholeDigits = precision - scale;
  const max = decimal(false, '9'.repeat(wholeDigits), '9'.repeat(scale));
  const tiny = scale > 0 ? decimal(false, '0', '0'.repeat(scale - 1) + '1') : '1';
  const edges = [
    max, `-${max}`, '0', tiny, `-${tiny}`,
    // PostgreSQL accepts NaN in every numeric(p,s) (only the infinities overflow it).
    'NaN',
  ];
  if (wholeDigits > 0) edges.push('1', decimal(false, '1' + '0'.repeat(wholeDigits - 1), ''));
  if (scale > 1) edges.push(decimal(false, '0', '5')); // written short, printed padded
  // Past numeric(38) the largest values no longer fit the sinks' widest decimal.
  const wideChance = precision > COMMON_SINK_PRECISION ? 0.25 : 0.05;
  return {
    sql: `numeric(${precision},${scale})`,
    family: 'numeric',
    setup: [],
    keyable: true,
    edges: () => [...edges],
    generate: ({ rng }) => {
      const negative = rng.chance(0.15);
      if (rng.chance(wideChance)) {
        return decimal(negative, randomDigits(rng, wholeDigits, true), randomDigits(rng, scale, false));
      }
      // Typical amounts: a few integer digits; some written with fewer decimals than the scale.
      const whole = wholeDigits === 0 || rng.chance(0.1) ? '0' : randomDigits(rng, rng.int(1, Math.min(wholeDigits, 6)), true);
      const fractionDigits = scale > 0 && rng.chance(0.3) ? rng.int(0, scale - 1) : scale;
      return decimal(negative, whole, randomDigits(rng, fractionDigits, false));
    },
    literal: (v) => v,
    canonical: (v) => formatNumeric(v, scale),
  };
}

const UNBOUNDED_EDGES: readonly string[] = [
  '0', '-0.00', '0.000', '1.500', '-1.500', '100.10',
  'NaN', 'Infinity', '-Infinity',
  // The edges of decimal(38) and one past them.
  '9'.repeat(38), `-${'9'.repeat(38)}`, '1' + '0'.repeat(38), `0.${'0'.repeat(37)}1`, `0.${'9'.repeat(39)}`,
  // 75 significant digits, 36 of them after the point.
  '123456789012345678901234567890123456789.012345678901234567890123456789012345',
  `-0.${'0'.repeat(29)}1`,
  '9'.repeat(1001), // wider than any numeric(p) can hold
  // The largest scale numeric keeps: 10 bytes stored, 16385 characters printed.
  `0.${'0'.repeat(NUMERIC_MAX_SCALE - 1)}1`,
];

/** Bytes numeric spends on a value beside its base-10000 digits (varlena and numeric headers). */
const NUMERIC_OVERHEAD_BYTES = 4;

function generateUnbounded(rng: Rng, width: WidthKnob | undefined): string {
  const negative = rng.chance(0.2);
  if (width) {
    // Every 4 decimal digits take 2 bytes.
    const bytes = rng.int(width.min, Math.max(width.min, width.max));
    const digits = Math.max(1, (bytes - NUMERIC_OVERHEAD_BYTES) * 2);
    const fractionDigits = Math.min(rng.int(0, digits - 1), NUMERIC_MAX_SCALE);
    const wholeDigits = Math.min(digits - fractionDigits, NUMERIC_MAX_INTEGER_DIGITS);
    return decimal(negative, randomDigits(rng, wholeDigits, true), randomDigits(rng, fractionDigits, false));
  }
  const r = rng.next();
  if (r < 0.55) {
    return decimal(negative, randomDigits(rng, rng.int(1, 7), true), randomDigits(rng, rng.int(0, 4), false));
  }
  if (r < 0.7) {
    // Trailing zeros are part of the value's scale and survive output.
    const fraction = randomDigits(rng, rng.int(0, 3), false) + '0'.repeat(rng.int(1, 4));
    return decimal(negative, randomDigits(rng, rng.int(1, 5), true), fraction);
  }
  if (r < 0.8) {
    return decimal(negative, '0', '0'.repeat(rng.int(1, 8)) + randomDigits(rng, rng.int(1, 6), true));
  }
  if (r < 0.95) {
    return decimal(negative, randomDigits(rng, rng.int(20, 60), true), randomDigits(rng, rng.int(10, 40), false));
  }
  return decimal(negative, randomDigits(rng, rng.int(100, 1000), true), randomDigits(rng, rng.int(0, 100), false));
}

/** numeric / decimal, bounded or not. Values are decimal strings (or NaN / ±Infinity), never floats. */
export const numericFamily: TypeFamily = {
  id: 'numeric',
  names: ['numeric', 'decimal'],
  resolve(req: TypeRequest): ResolvedType<string> {
    if (req.base !== 'numeric' && req.base !== 'decimal') throw new TypeRequestError(`unknown numeric type "${req.base}"`);
    const [precision, scale = 0] = req.args;
    if (req.args.length > 2) {
      throw new TypeRequestError(`${req.base} takes at most two arguments, (precision, scale), got (${req.args.join(',')})`);
    }
    if (precision === undefined) {
      return {
        sql: 'numeric',
        family: 'numeric',
        setup: [],
        keyable: true,
        edges: () => [...UNBOUNDED_EDGES],
        generate: ({ rng }, width) => generateUnbounded(rng, width),
        literal: (v) => v,
        canonical: (v) => formatNumeric(v),
      };
    }
    if (!Number.isInteger(precision) || precision < 1 || precision > NUMERIC_MAX_PRECISION) {
      throw new TypeRequestError(`${req.base} precision must be an integer from 1 to ${NUMERIC_MAX_PRECISION}, got ${precision}`);
    }
    if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new TypeRequestError(`${req.base}(${precision},s) needs an integer scale from 0 to ${precision}, got ${scale}`);
    }
    return resolveBounded(precision, scale);
  },
};
