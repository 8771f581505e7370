import { isLosslessNumber, parse } from 'lossless-json';
import type { Decoded } from './emitted-value.js';
import { durationText, zonedTimeText } from './temporal.js';

/**
 * A value read back from a MySQL-protocol sink (MariaDB, MySQL, StarRocks) printed as PostgreSQL
 * prints the source column's type, so the connector fidelity's comparison (compare-value.ts) judges
 * it: MySQL prints `1`/`0` for a boolean, `2024-01-02 03:04:05.500000` for a timestamp (PostgreSQL
 * drops trailing zeros, and adds `+00` for timestamptz, stored here in UTC), an interval as the
 * microseconds Debezium gave, an array as a JSON array. Anything else is compared as it is.
 */
export function sinkValueText(baseType: string, isArray: boolean, cell: string | Buffer | null): Decoded {
  if (cell === null) return null;
  if (Buffer.isBuffer(cell)) return `\\x${cell.toString('hex')}`;
  if (isArray) return arrayElements(baseType, cell);
  return scalarText(baseType, cell);
}

const trimFraction = (t: string): string => t.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

function scalarText(baseType: string, text: string): string {
  if (baseType === 'boolean') return text === '1' ? 't' : text === '0' ? 'f' : text;
  if (/^timestamp(\(\d\))? without time zone$/.test(baseType)) return trimFraction(text);
  if (/^timestamp(\(\d\))? with time zone$/.test(baseType)) return `${trimFraction(text)}+00`;
  if (/^time(\(\d\))? without time zone$/.test(baseType)) return trimFraction(text);
  // Debezium's ZonedTime text (12:00:00.5Z), kept as text at the sink: decoded as the connector's is.
  if (/^time(\(\d\))? with time zone$/.test(baseType)) return zonedTimeText(text) ?? text;
  if (/^interval/.test(baseType) && /^-?\d+$/.test(text)) return durationText(BigInt(text));
  return text;
}

/** A JSON array (MySQL has no arrays) into elements, nested for more dimensions; not an array: the text as it is. */
function arrayElements(baseType: string, text: string): Decoded {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch {
    return text; // not JSON: compared as text (and then changed)
  }
  const element = (v: unknown): Decoded => {
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v.map(element);
    if (isLosslessNumber(v)) return v.value;
    if (typeof v === 'boolean') return v ? 't' : 'f';
    return typeof v === 'string' ? scalarText(baseType, v) : JSON.stringify(v);
  };
  return Array.isArray(parsed) ? parsed.map(element) : text;
}
