/**
 * Exact decimals for the type-fidelity check. Kafka Connect's Decimal carries an unscaled integer
 * as big-endian two's-complement bytes; numeric(60,20) needs more digits than a double holds, so
 * everything here is BigInt and text, never Number.
 */

/** The signed integer in big-endian two's-complement bytes (empty bytes are 0). */
export function twosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  const unsigned = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  return bytes[0]! >= 0x80 ? unsigned - (1n << BigInt(bytes.length * 8)) : unsigned;
}

/** `unscaled × 10^-scale` printed with exactly `scale` fraction digits, as numeric(p,s) prints: (-150n, 2) → `-1.50`. */
export function decimalText(unscaled: bigint, scale: number): string {
  if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const cut = digits.length - scale;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal's value in one spelling (no leading or trailing zeros, no exponent, no sign on zero),
 * so `1.50`, `1.5`, `15e-1` and money's `$1.50` compare equal; undefined for anything else
 * (`NaN`, `Infinity`, text). Money under lc_monetary C prints `-$1,234.56`: the `$` and the
 * thousands separators carry no information.
 */
export function decimalValue(text: string): string | undefined {
  const m = DECIMAL.exec(text.replace(/^(-?)\$/, '$1').replace(/,(?=\d{3})/g, ''));
  if (!m || (m[2] === '' && !m[3])) return undefined;
  const exponent = Number(m[4] ?? 0);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 100_000) return undefined;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const point = (m[2] ?? '').length + exponent;
  const padded = point < 0 ? '0'.repeat(-point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 0);
  const whole = padded.slice(0, at).replace(/^0+/, '') || '0';
  const fraction = padded.slice(at).replace(/0+$/, '');
  const sign = m[1] === '-' && (whole !== '0' || fraction !== '') ? '-' : '';
  return sign + whole + (fraction ? '.' + fraction : '');
}
