/**
 * An order-independent fingerprint of a table's keys: the sum, mod 2^64, of FNV-1a 64 over the
 * UTF-8 of each row's key columns' texts joined by U+001F. The Flink job computes the same sum in
 * a `keyHash:<table>` accumulator (a LongCounter wraps mod 2^64 too), so a lost row and a
 * duplicated one, which cancel out in a count, show here. Columns go in primary-key order, as
 * Debezium's key Struct lists them (checked on a key declared in another order than its columns).
 *
 * The hash runs on 16-bit limbs in plain numbers: BigInt arithmetic per byte would make
 * fingerprinting a large table slower than reading it.
 */
export const KEY_SEPARATOR = '\u001f';

/** 0xcbf29ce484222325, least significant limb first. */
const OFFSET = [0x2325, 0x8422, 0x9ce4, 0xcbf2] as const;
/** The prime 0x100000001b3 = 2^40 + 0x1b3. */
const PRIME_LOW = 0x1b3;

/** FNV-1a 64 of one key's column texts, as [low 32 bits, high 32 bits]. */
export function keyHash(texts: readonly string[]): [number, number] {
  let h0: number = OFFSET[0], h1: number = OFFSET[1], h2: number = OFFSET[2], h3: number = OFFSET[3];
  const byte = (b: number) => {
    h0 ^= b;
    // h × (2^40 + 0x1b3), limb by limb; 2^40 shifts limbs 0 and 1 into 2 and 3 by 8 bits.
    const t0 = h0 * PRIME_LOW;
    const t1 = h1 * PRIME_LOW + Math.floor(t0 / 0x10000);
    const t2 = h2 * PRIME_LOW + h0 * 0x100 + Math.floor(t1 / 0x10000);
    const t3 = h3 * PRIME_LOW + h1 * 0x100 + Math.floor(t2 / 0x10000);
    h0 = t0 % 0x10000;
    h1 = t1 % 0x10000;
    h2 = t2 % 0x10000;
    h3 = t3 % 0x10000;
  };
  texts.forEach((text, i) => {
    if (i > 0) byte(0x1f);
    for (let j = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c < 0x80) byte(c);
      else {
        // Rare in keys: encode the code point (a surrogate pair is one) as UTF-8.
        const cp = text.codePointAt(j)!;
        if (cp > 0xffff) j++;
        for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) byte(b);
      }
    }
  });
  return [h0 + h1 * 0x10000, h2 + h3 * 0x10000];
}

/** A running sum of key hashes mod 2^64. */
export class KeyFingerprint {
  private lo = 0;
  private hi = 0;

  add(texts: readonly string[]): void {
    const [lo, hi] = keyHash(texts);
    this.lo += lo;
    const carry = this.lo >= 0x1_0000_0000 ? 1 : 0;
    this.lo -= carry * 0x1_0000_0000;
    this.hi = (this.hi + hi + carry) % 0x1_0000_0000;
  }

  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/** 16 hex digits, as result.json records a fingerprint. */
export const fingerprintHex = (v: bigint): string => BigInt.asUintN(64, v).toString(16).padStart(16, '0');

/**
 * Key column types whose text in PostgreSQL equals the text the job hashes (an integer's decimal
 * digits, a string as Debezium emits it). Others (numeric, dates, char(n) with its padding, domains)
 * are emitted in other forms: such tables get no fingerprint.
 */
const FINGERPRINTABLE = /^(smallint|integer|bigint|text|uuid|character varying(\(\d+\))?)$/;

export const fingerprintable = (type: string): boolean => FINGERPRINTABLE.test(type);
