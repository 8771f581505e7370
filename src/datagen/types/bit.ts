import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type WidthKnob } from './type-family.js';
import type { Rng } from '../../scenario/rng.js';

/** PostgreSQL's limit on a bit string's declared length (the 10 MB field limit, in bits). */
export const BIT_MAX_LENGTH = 83_886_080;

/** varbit without a length limit: short flag sets unless a width is asked for. */
const UNBOUNDED_TYPICAL_BITS = 64;

/** varbit stores a 4-byte varlena header and a 4-byte bit count before the bits themselves. */
const VARBIT_OVERHEAD_BYTES = 8;

function randomBits(rng: Rng, length: number): string {
  let out = '';
  while (out.length < length) out += rng.nextUint32().toString(2).padStart(32, '0');
  return out.slice(0, length);
}

function declaredLength(req: TypeRequest, fallback: number | undefined): number | undefined {
  if (req.args.length === 0) return fallback;
  const n = req.args[0]!;
  if (req.args.length > 1 || !Number.isInteger(n) || n < 1 || n > BIT_MAX_LENGTH) {
    throw new TypeRequestError(`${req.base} takes one length from 1 to ${BIT_MAX_LENGTH}, got (${req.args.join(',')})`);
  }
  return n;
}

function resolveBit(req: TypeRequest): ResolvedType<string> {
  // bit without a length is bit(1) in PostgreSQL.
  const n = declaredLength(req, 1)!;
  return {
    sql: `bit(${n})`,
    family: 'bit',
    setup: [],
    keyable: true,
    edges: () => {
      const edges = ['0'.repeat(n), '1'.repeat(n)];
      if (n > 1) edges.push('1' + '0'.repeat(n - 1), '0'.repeat(n - 1) + '1', '10'.repeat(Math.ceil(n / 2)).slice(0, n));
      return edges;
    },
    // bit(n) values always have exactly n bits; the width knob cannot change that.
    generate: ({ rng }) => randomBits(rng, n),
    literal: (v) => v,
    canonical: (v) => v,
  };
}

function resolveVarbit(req: TypeRequest): ResolvedType<string> {
  const limit = declaredLength(req, undefined);
  const lengthFor = (rng: Rng, width: WidthKnob | undefined): number => {
    let length: number;
    if (width) {
      const bytes = rng.int(width.min, Math.max(width.min, width.max));
      length = Math.max(0, bytes - VARBIT_OVERHEAD_BYTES) * 8;
    } else {
      length = rng.int(0, Math.min(limit ?? UNBOUNDED_TYPICAL_BITS, UNBOUNDED_TYPICAL_BITS));
    }
    return limit === undefined ? Math.min(length, BIT_MAX_LENGTH) : Math.min(length, limit);
  };
  const edgeLength = limit ?? UNBOUNDED_TYPICAL_BITS;
  return {
    sql: limit === undefined ? 'bit varying' : `bit varying(${limit})`,
    family: 'bit',
    setup: [],
    keyable: true,
    edges: () => {
      const edges = ['', '0', '1', '0'.repeat(edgeLength), '1'.repeat(edgeLength)];
      // A length that spills one bit into a new byte.
      if (edgeLength > 9) edges.push('1' + '0'.repeat(8));
      return edgeLength > 1 ? edges : edges.slice(0, 3);
    },
    generate: ({ rng }, width) => randomBits(rng, lengthFor(rng, width)),
    literal: (v) => v,
    canonical: (v) => v,
  };
}

/** bit(n) and bit varying(n); values are strings of 0 and 1. */
export const bitFamily: TypeFamily = {
  id: 'bit',
  names: ['bit', 'varbit', 'bit varying'],
  resolve(req: TypeRequest): ResolvedType<string> {
    if (req.base === 'bit') return resolveBit(req);
    if (req.base === 'varbit' || req.base === 'bit varying') return resolveVarbit(req);
    throw new TypeRequestError(`unknown bit string type "${req.base}"`);
  },
};
