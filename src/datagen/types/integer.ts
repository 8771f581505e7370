import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

const RANGES: Record<string, { sql: string; min: bigint; max: bigint }> = {
  smallint: { sql: 'smallint', min: -32768n, max: 32767n },
  int2: { sql: 'smallint', min: -32768n, max: 32767n },
  integer: { sql: 'integer', min: -2147483648n, max: 2147483647n },
  int: { sql: 'integer', min: -2147483648n, max: 2147483647n },
  int4: { sql: 'integer', min: -2147483648n, max: 2147483647n },
  bigint: { sql: 'bigint', min: -9223372036854775808n, max: 9223372036854775807n },
  int8: { sql: 'bigint', min: -9223372036854775808n, max: 9223372036854775807n },
};

/** smallint / integer / bigint. Values are bigints so that bigint's extremes are exact. */
export const integerFamily: TypeFamily = {
  id: 'integer',
  names: Object.keys(RANGES),
  resolve(req: TypeRequest): ResolvedType<bigint> {
    const range = RANGES[req.base];
    if (!range) throw new TypeRequestError(`unknown integer type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError(`${req.base} takes no arguments`);
    return {
      sql: range.sql,
      family: 'integer',
      setup: [],
      keyable: true,
      edges: () => [range.min, range.max, 0n, -1n, 1n],
      // Mostly small, realistic magnitudes, sometimes anywhere in the range.
      generate: ({ rng }) =>
        rng.chance(0.9) ? BigInt(rng.int(0, Math.min(1_000_000, Number(range.max)))) : rng.bigint(range.min, range.max),
      literal: (v) => v.toString(),
      canonical: (v) => v.toString(),
    };
  },
};
