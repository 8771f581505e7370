import type { Rng } from '../../scenario/rng.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

function hex32(rng: Rng): string {
  return rng.nextUint32().toString(16).padStart(8, '0');
}

function hyphenate(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The two top bits of byte 8 are the RFC 4122 variant `10`: the digit is 8, 9, a or b. */
function variantDigit(rng: Rng): string {
  return (8 + rng.int(0, 3)).toString(16);
}

/** A random (version 4) UUID, canonical lowercase hyphenated. */
export function uuidV4(rng: Rng): string {
  const r = hex32(rng) + hex32(rng) + hex32(rng) + hex32(rng);
  return hyphenate(r.slice(0, 12) + '4' + r.slice(13, 16) + variantDigit(rng) + r.slice(17, 32));
}

/**
 * A time-ordered (version 7) UUID: 48-bit big-endian Unix milliseconds, then random bits.
 * Keys made of these arrive in roughly increasing order, as in real insert-heavy tables.
 */
export function uuidV7(rng: Rng, unixMillis: number): string {
  if (!(Number.isInteger(unixMillis) && unixMillis >= 0 && unixMillis < 2 ** 48)) {
    throw new RangeError(`uuidV7: unixMillis must be an integer in [0, 2^48), got ${unixMillis}`);
  }
  const r = hex32(rng) + hex32(rng) + hex32(rng);
  return hyphenate(unixMillis.toString(16).padStart(12, '0') + '7' + r.slice(0, 3) + variantDigit(rng) + r.slice(3, 18));
}

const MS_2019 = Date.UTC(2019, 0, 1);
const MS_2026 = Date.UTC(2026, 0, 1);

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
export const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/**
 * Values are canonical strings; the literal form is picked from the value's own digits so that
 * literal stays a pure function of the value while some literals are upper case or unhyphenated
 * (both accepted by uuid_in, and both safe inside array and composite literals, unlike braces).
 */
function uuidLiteral(v: string): string {
  const first = parseInt(v[0]!, 16);
  const last = parseInt(v[35]!, 16);
  const second = parseInt(v[1]!, 16);
  let out = v;
  if ((second + parseInt(v[34]!, 16)) % 8 === 3) out = out.replaceAll('-', '');
  if ((first + last) % 4 === 2) out = out.toUpperCase();
  return out;
}

export const uuidFamily: TypeFamily = {
  id: 'uuid',
  names: ['uuid'],
  resolve(req: TypeRequest): ResolvedType<string> {
    if (req.base !== 'uuid') throw new TypeRequestError(`unknown uuid type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError('uuid takes no arguments');
    return {
      sql: 'uuid',
      family: 'uuid',
      setup: [],
      keyable: true,
      edges: () => [NIL_UUID, MAX_UUID, '00000000-0000-0000-0000-000000000001', '80000000-0000-0000-0000-000000000000'],
      generate: ({ rng }) => (rng.chance(0.5) ? uuidV4(rng) : uuidV7(rng, rng.int(MS_2019, MS_2026))),
      literal: uuidLiteral,
      canonical: (v) => v,
    };
  },
};
