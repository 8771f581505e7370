import { resolveArray } from './array.js';
import { bitFamily } from './bit.js';
import { booleanFamily } from './boolean.js';
import { byteaFamily } from './bytea.js';
import { compositeFamily } from './composite.js';
import { dateFamily } from './date.js';
import { domainFamily } from './domain.js';
import { enumFamily } from './enum.js';
import { floatFamily } from './float.js';
import { hstoreFamily } from './hstore.js';
import { integerFamily } from './integer.js';
import { intervalFamily } from './interval.js';
import { jsonFamily } from './json.js';
import { moneyFamily } from './money.js';
import { networkFamily } from './network.js';
import { numericFamily } from './numeric.js';
import { pointFamily } from './point.js';
import { rangeFamily } from './range.js';
import { textFamily } from './text.js';
import { timeFamily } from './time.js';
import { timestampFamily } from './timestamp.js';
import { tsvectorFamily } from './tsvector.js';
import type { ResolvedType, TypeFamily, TypeRequest } from './type-family.js';
import { uuidFamily } from './uuid.js';
import { xmlFamily } from './xml.js';

/** Every type family, one module each. Arrays wrap any of them (`text[]`, `integer[][]`). */
export const TYPE_FAMILIES: readonly TypeFamily[] = [
  integerFamily, numericFamily, floatFamily, moneyFamily, booleanFamily, textFamily, byteaFamily, uuidFamily,
  dateFamily, timeFamily, timestampFamily, intervalFamily, jsonFamily, networkFamily, enumFamily, compositeFamily,
  domainFamily, hstoreFamily, bitFamily, tsvectorFamily, pointFamily, rangeFamily, xmlFamily,
];

const BY_NAME = new Map<string, TypeFamily>(TYPE_FAMILIES.flatMap((f) => f.names.map((n) => [n, f] as const)));

export class UnknownTypeError extends Error {
  override name = 'UnknownTypeError';
}

export function knownTypeNames(): string[] {
  return [...BY_NAME.keys()].sort();
}

export function resolveType(req: TypeRequest): ResolvedType<unknown> {
  const family = BY_NAME.get(req.base);
  if (!family) {
    throw new UnknownTypeError(`unknown type "${req.base}"; known types: ${knownTypeNames().join(', ')} (add [] for arrays)`);
  }
  const element = family.resolve({ ...req, arrayDims: 0 });
  return req.arrayDims > 0 ? resolveArray(element, req.arrayDims) : element;
}
