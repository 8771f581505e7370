import { isLosslessNumber, parse } from 'lossless-json';
import { decimalValue } from './decimal.js';

/**
 * JSON and hstore compared as values, not as text: json keeps its input's whitespace and key
 * order and jsonb prints its own, and neither is information a connector must keep. Numbers are
 * parsed losslessly and compared as decimals, so `105.40` equals `105.4` but not `105.41`.
 */

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parse(text) };
  } catch {
    // Not JSON (or json with a duplicate key, which lossless-json refuses): compared as text.
    return { ok: false };
  }
}

function sameNode(a: unknown, b: unknown): boolean {
  if (isLosslessNumber(a) && isLosslessNumber(b)) return (decimalValue(a.value) ?? a.value) === (decimalValue(b.value) ?? b.value);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameNode(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = new Set(Object.keys(b));
    return ka.length === kb.size && ka.every((k) => kb.has(k) && sameNode((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** Whether two json/jsonb texts hold the same JSON value. */
export function sameJson(a: string, b: string): boolean {
  const x = parsed(a);
  const y = parsed(b);
  return x.ok && y.ok ? sameNode(x.value, y.value) : a === b;
}

const HSTORE_PAIR = /"((?:[^"\\]|\\.)*)"\s*=>\s*(?:NULL|"((?:[^"\\]|\\.)*)")/y;
const unescape = (s: string) => s.replace(/\\(.)/gs, '$1');

/** hstore output text (`"a"=>"1", "b"=>NULL`) as a map; undefined when the text is not that. */
function hstorePairs(text: string): Map<string, string | null> | undefined {
  const out = new Map<string, string | null>();
  let at = 0;
  while (at < text.length) {
    HSTORE_PAIR.lastIndex = at;
    const m = HSTORE_PAIR.exec(text);
    if (!m) return undefined;
    out.set(unescape(m[1]!), m[2] === undefined ? null : unescape(m[2]));
    at = HSTORE_PAIR.lastIndex;
    const sep = /^\s*,\s*/.exec(text.slice(at));
    at += sep ? sep[0].length : 0;
  }
  return out;
}

/** A JSON object of string or null values (Debezium's hstore as io.debezium.data.Json, or a map) as a map. */
function objectPairs(text: string): Map<string, string | null> | undefined {
  const x = parsed(text);
  if (!x.ok || x.value === null || typeof x.value !== 'object' || Array.isArray(x.value)) return undefined;
  const entries = Object.entries(x.value as Record<string, unknown>);
  if (!entries.every(([, v]) => v === null || typeof v === 'string')) return undefined;
  return new Map(entries as [string, string | null][]);
}

/**
 * Whether two texts hold the same hstore: either side may be hstore output or a JSON object
 * (Debezium emits hstore as JSON); pairs are unordered, keys unique, values text or NULL.
 */
export function sameHstore(a: string, b: string): boolean {
  const pairs = (t: string) => (t.trimStart().startsWith('{') ? objectPairs(t) : hstorePairs(t));
  const x = pairs(a);
  const y = pairs(b);
  if (!x || !y) return a === b;
  return x.size === y.size && [...x].every(([k, v]) => y.has(k) && y.get(k) === v);
}
