import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

/** money is a 64-bit count of cents (with lc_monetary = 'C', two fraction digits). */
export const MONEY_MIN_CENTS = -9223372036854775808n;
export const MONEY_MAX_CENTS = 9223372036854775807n;

function splitCents(cents: bigint): { negative: boolean; whole: string; fraction: string } {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return { negative, whole: (abs / 100n).toString(), fraction: (abs % 100n).toString().padStart(2, '0') };
}

/** money output under lc_monetary = 'C': `$1,234.56`, `-$1,234.56`, `$0.00`. */
export function formatMoney(cents: bigint): string {
  const { negative, whole, fraction } = splitCents(cents);
  let grouped = '';
  for (let end = whole.length; end > 0; end -= 3) {
    const group = whole.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? group : `${group},${grouped}`;
  }
  return `${negative ? '-' : ''}$${grouped}.${fraction}`;
}

/** A plain decimal (`-1234.56`): money input accepts it in any locale, unlike the `$` form. */
export function moneyLiteral(cents: bigint): string {
  const { negative, whole, fraction } = splitCents(cents);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

const EDGES: readonly bigint[] = [
  MONEY_MIN_CENTS, MONEY_MAX_CENTS,
  0n, 1n, -1n, 100n, -100n,
  99_999n, 100_000n, -100_000n, // the first thousands separator
  99_999_999_99n, 100_000_000_00n, // the third
];

export const moneyFamily: TypeFamily = {
  id: 'money',
  names: ['money'],
  resolve(req: TypeRequest): ResolvedType<bigint> {
    if (req.base !== 'money') throw new TypeRequestError(`unknown money type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError('money takes no arguments');
    return {
      sql: 'money',
      family: 'money',
      setup: [],
      keyable: true,
      edges: () => [...EDGES],
      generate: ({ rng }) => {
        const r = rng.next();
        // Everyday prices and balances, a few refunds, now and then any 64-bit amount.
        if (r < 0.7) return BigInt(rng.int(0, 10 ** rng.int(3, 8)));
        if (r < 0.85) return -BigInt(rng.int(1, 10 ** rng.int(3, 7)));
        if (r < 0.95) return BigInt(rng.int(1, 10 ** rng.int(8, 15))) * (rng.chance(0.2) ? -1n : 1n);
        return rng.bigint(MONEY_MIN_CENTS, MONEY_MAX_CENTS);
      },
      literal: moneyLiteral,
      canonical: formatMoney,
    };
  },
};
