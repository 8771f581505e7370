import { parse as parseArray } from 'postgres-array';
import { decimalValue } from './decode/decimal.js';
import { decodeEmitted, type Decoded } from './decode/emitted-value.js';
import { sameHstore, sameJson } from './decode/json-value.js';
import { sameInterval } from './decode/temporal.js';
import type { ConnectSchema } from '../engines/flink-cdc/emitted-samples.js';
import type { SourceColumn } from './source-columns.js';

/**
 * Type fidelity of one value. The emitted value is decoded by its declared Connect schema and
 * printed as PostgreSQL would print it (decode/emitted-value.ts); it is exact when that text holds
 * the same information as the source's canonical text under the column type's notion of sameness
 * — the same decimal, the same float, the same JSON value — and changed otherwise. Spellings that
 * carry no information (`1.5` vs `1.50` at a declared scale, json whitespace, char padding) are
 * not changes; anything lost (microseconds, a time zone offset, leading zero bits, array
 * dimensions, a month's length) is.
 */

/** Whether the source text and the emitted value's text are the same value of the column's type. */
type Same = (source: string, emitted: string) => boolean;

const FLOAT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;
const floatOf = (t: string): number | undefined => (FLOAT.test(t) ? Number(t) : undefined);

/** Object.is: NaN equals NaN (both sides can hold it) and -0 is not 0 (PostgreSQL prints `-0`). */
const sameFloat = (round: (x: number) => number): Same => (a, b) => {
  const [x, y] = [floatOf(a), floatOf(b)];
  return x !== undefined && y !== undefined && Object.is(round(x), round(y));
};

/** Decimals by value: numeric(12,2) prints `1.50`, and a Decimal of scale 2 holds exactly that. NaN and infinities as text. */
const sameDecimal: Same = (a, b) => {
  const x = decimalValue(a);
  return x === undefined ? a === b : x === decimalValue(b);
};

const pointOf = (t: string) => /^\(([^,]+),([^)]+)\)$/.exec(t)?.slice(1).map(floatOf);

const samePoint: Same = (a, b) => {
  const [x, y] = [pointOf(a), pointOf(b)];
  return x && y ? x.every((v, i) => v !== undefined && Object.is(v, y[i])) : a === b;
};

/** inet's text cast always shows the netmask (`10.0.0.1/32`); its output function, which Debezium reads, omits a full one. */
const withMask = (t: string) => (t.includes('/') ? t : `${t}/${t.includes(':') ? 128 : 32}`);

/** char(n) pads with spaces and its text cast strips them: trailing spaces are not information there. */
const unpadded = (t: string) => t.replace(/ +$/, '');

const BOOLEAN = new Map([['t', 'true'], ['f', 'false']]);

/** By the column's base type (a domain's base, an array's element type), as format_type prints it. */
const SAMENESS: [RegExp, Same][] = [
  [/^(numeric|decimal|money)\b/, sameDecimal],
  [/^real$/, sameFloat(Math.fround)],
  [/^double precision$/, sameFloat((x) => x)],
  [/^jsonb?$/, sameJson],
  [/^hstore$/, sameHstore],
  [/^inet$/, (a, b) => withMask(a) === withMask(b)],
  [/^(character|bpchar)(\(\d+\))?$/, (a, b) => unpadded(a) === unpadded(b)],
  [/^boolean$/, (a, b) => (BOOLEAN.get(a) ?? a) === (BOOLEAN.get(b) ?? b)],
  [/^point$/, samePoint],
  [/^interval\b/, sameInterval],
];

function sameFor(baseType: string): Same {
  return SAMENESS.find(([type]) => type.test(baseType))?.[1] ?? ((a, b) => a === b);
}

/** A PostgreSQL array literal's elements (nested for more dimensions); undefined when it is not one. */
function arrayElements(text: string): unknown[] | undefined {
  try {
    return parseArray(text) as unknown[];
  } catch {
    return undefined; // not an array literal: the caller compares the texts as they are
  }
}

/** Element by element; an emitted element where the source has a nested array (flattened dimensions) is a change. */
function sameElements(same: Same, source: unknown[], emitted: Decoded[]): boolean {
  return source.length === emitted.length && source.every((s, i) => sameElement(same, s, emitted[i]!));
}

function sameElement(same: Same, source: unknown, emitted: Decoded): boolean {
  if (Array.isArray(source) || Array.isArray(emitted)) return Array.isArray(source) && Array.isArray(emitted) && sameElements(same, source, emitted);
  if (source === null || emitted === null) return source === emitted;
  return typeof source === 'string' && same(source, emitted);
}

function sameValue(column: SourceColumn, source: string | null, emitted: Decoded): boolean {
  if (source === null || emitted === null) return source === emitted;
  const same = sameFor(column.baseType);
  if (!column.isArray) return typeof emitted === 'string' && same(source, emitted);
  // An array emitted as one string (a type Debezium only knows as text) is read as a literal too.
  const elements = typeof emitted === 'string' ? arrayElements(emitted) : emitted;
  const sourceElements = arrayElements(source);
  return elements !== undefined && sourceElements !== undefined && sameElements(same, sourceElements, elements as Decoded[]);
}

/** An array element as array_out writes it: quoted when empty, `NULL`-like, or holding a delimiter, brace, quote, backslash or space. */
function elementLiteral(e: Decoded): string {
  if (e === null) return 'NULL';
  if (Array.isArray(e)) return arrayLiteral(e);
  return e === '' || /^null$/i.test(e) || /[{},"\\\s]/.test(e) ? `"${e.replace(/["\\]/g, '\\$&')}"` : e;
}

function arrayLiteral(elements: Decoded[]): string {
  return `{${elements.map(elementLiteral).join(',')}}`;
}

const SHOWN_LENGTH = 120;

function shown(decoded: Decoded): string {
  const text = decoded === null ? 'null' : Array.isArray(decoded) ? arrayLiteral(decoded) : decoded;
  const chars = [...text];
  return chars.length > SHOWN_LENGTH ? chars.slice(0, SHOWN_LENGTH - 1).join('') + '…' : text;
}

/** The emitted value decoded by its declared schema, rendered the way PostgreSQL would print it where that is possible (null for JSON null). Used for key columns (to find the source row) and for examples. */
export function emittedText(field: ConnectSchema, value: unknown): string | null {
  const decoded = decodeEmitted(field, value);
  return Array.isArray(decoded) ? arrayLiteral(decoded) : decoded;
}

/** Whether the emitted value carries exactly the information of the source value, and the emitted value as shown in a report. */
export function compareValue(column: SourceColumn, sourceText: string | null, field: ConnectSchema, value: unknown): { equal: boolean; emitted: string } {
  const decoded = decodeEmitted(field, value, column.baseType);
  return { equal: sameValue(column, sourceText, decoded), emitted: shown(decoded) };
}

/** The same judgement for a value already printed as PostgreSQL would print it (a row read back from a sink, decode/sink-value.ts). */
export function compareDecoded(column: SourceColumn, sourceText: string | null, decoded: Decoded): { equal: boolean; shown: string } {
  return { equal: sameValue(column, sourceText, decoded), shown: shown(decoded) };
}
