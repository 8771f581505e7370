import { resolveType } from '../types/registry.js';
import { parseTypeName } from '../../scenario/type-name.js';
import type { CatalogColumn, ColumnCategory } from '../../catalog/catalog.js';

/**
 * A source column type turned into a type the generator can make. This is the generator's
 * knowledge (it changes when a type family is added), so it lives here and reads the catalog's
 * shared types; catalog/ does not import the generator. `note` says what was
 * approximated; it names built-in and extension types only, never a user's own type names.
 */
export interface GeneratorType {
  type: string;
  note?: string;
}

/** Types the generator makes as they are (format_type spelling on the left). */
const SAME = new Set([
  'smallint', 'integer', 'bigint', 'real', 'double precision', 'money', 'boolean', 'text', 'bytea', 'uuid', 'date',
  'json', 'jsonb', 'inet', 'cidr', 'macaddr', 'tsvector', 'point', 'xml', 'numeric', 'int4range', 'tstzrange', 'interval',
]);

/** Built-in types the generator cannot make, with the nearest family it can. */
const NEAREST: Record<string, string> = {
  '"char"': 'char(1)',
  name: 'varchar(63)',
  oid: 'bigint', xid: 'bigint', xid8: 'bigint', cid: 'bigint', regclass: 'bigint', regproc: 'bigint', regtype: 'bigint', regnamespace: 'bigint', regrole: 'bigint',
  pg_lsn: 'text', tsquery: 'text', jsonpath: 'text', txid_snapshot: 'text', pg_snapshot: 'text',
  macaddr8: 'macaddr',
  line: 'point', lseg: 'point', box: 'point', path: 'point', polygon: 'point', circle: 'point',
  int8range: 'int4range', numrange: 'int4range', tsrange: 'tstzrange', daterange: 'tstzrange',
  int4multirange: 'int4range', int8multirange: 'int4range', nummultirange: 'int4range',
  tstzmultirange: 'tstzrange', tsmultirange: 'tstzrange', datemultirange: 'tstzrange',
};

/** Types of well-known extensions (bare names), and what stands in for them. */
const EXTENSION_TYPES: Record<string, string> = {
  hstore: 'hstore',
  citext: 'text', ltree: 'text', lquery: 'text', ltxtquery: 'text', isbn: 'text', isbn13: 'text', issn: 'text', ean13: 'text', upc: 'text',
  cube: 'double precision[]', vector: 'real[]', halfvec: 'real[]', sparsevec: 'text',
  geometry: 'bytea', geography: 'bytea', box2d: 'text', box3d: 'text',
};

/** The nearest generator type for a catalog column. */
export function generatorType(c: CatalogColumn): GeneratorType {
  if (c.category !== 'array') return scalar(c.type, c.category, c.baseType, c.extension);
  const element = scalar(c.elementType ?? 'text', c.elementCategory ?? 'base', undefined, c.extension);
  const dims = Math.min(3, c.dimensions ?? 1);
  const note = c.dimensions && c.dimensions > 3 ? `arrays of ${c.dimensions} dimensions generated with 3` : undefined;
  // A stand-in that is itself an array (vector → real[]) cannot nest further: keep the stand-in.
  if (element.type.endsWith('[]')) return { type: element.type, note: `an array of ${element.note ?? element.type}, generated as ${element.type}` };
  return { type: `${element.type}${'[]'.repeat(dims)}`, ...joinNotes(element.note && `elements: ${element.note}`, note) };
}

function scalar(type: string, category: ColumnCategory, baseType: string | undefined, extension: string | undefined): GeneratorType {
  switch (category) {
    case 'enum':
      return { type: 'enum' };
    case 'composite':
      return { type: 'composite' };
    case 'domain':
      return domain(baseType);
    case 'extension':
      return extensionType(type, extension);
    case 'pseudo':
      return { type: 'text', note: 'a pseudo-type column, generated as text' };
    case 'range':
    case 'multirange':
      return builtin(type) ?? { type: 'int4range', note: 'a user-defined range type, generated as int4range' };
    default:
      return builtin(type) ?? { type: 'text', note: 'a type the generator does not know, generated as text' };
  }
}

/** cdc-sizer's domains are one over numeric(12,2) and one over text; other domains become their base type. */
function domain(baseType: string | undefined): GeneratorType {
  const base = baseType ? builtin(baseType) : undefined;
  if (!base) return { type: 'domain', note: 'a domain over a type that is not built in (or an array of domains), generated as the domain over numeric' };
  const family = familyOf(base.type);
  if (family === 'numeric' || family === 'integer' || family === 'money') return { type: 'domain' };
  if (family === 'text') return { type: 'domain_email' };
  return { type: base.type, note: `a domain over ${baseType}, generated as its base type` };
}

function extensionType(type: string, extension: string | undefined): GeneratorType {
  const bare = type.replace(/^.*\./, '').replace(/"/g, '').replace(/\(.*\)$/, '');
  const nearest = EXTENSION_TYPES[bare];
  if (nearest === bare) return { type: nearest };
  if (nearest) return { type: nearest, note: `${bare} (extension ${extension ?? 'unknown'}), generated as ${nearest}` };
  return { type: 'text', note: `a type of extension ${extension ?? 'unknown'}, generated as text` };
}

const TIME = /^(timestamp|time)(?:\((\d)\))? (with|without) time zone$/;
const ARGUMENT_FORMS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^numeric\((\d+),(\d+)\)$/, (m) => (m[2] === '0' ? `numeric(${m[1]})` : `numeric(${m[1]},${m[2]})`)],
  [/^character varying\((\d+)\)$/, (m) => `varchar(${m[1]})`],
  [/^character varying$/, () => 'varchar'],
  [/^character\((\d+)\)$/, (m) => `char(${m[1]})`],
  [/^bit\((\d+)\)$/, (m) => `bit(${m[1]})`],
  [/^bit varying\((\d+)\)$/, (m) => `varbit(${m[1]})`],
  [/^bit varying$/, () => 'varbit'],
  [/^interval\((\d)\)$/, (m) => `interval(${m[1]})`],
  [TIME, (m) => `${m[1]}${m[3] === 'with' ? 'tz' : ''}${m[2] === undefined ? '' : `(${m[2]})`}`],
];

/** A built-in type's generator spelling, or its nearest family with a note; undefined when the type is not built in. */
function builtin(type: string): GeneratorType | undefined {
  if (SAME.has(type)) return { type };
  for (const [pattern, spell] of ARGUMENT_FORMS) {
    const m = pattern.exec(type);
    if (m) return { type: spell(m) };
  }
  if (/^interval /.test(type)) return { type: 'interval', note: `${type} generated as interval (field-restricted intervals are not generated)` };
  const nearest = NEAREST[type];
  if (nearest) return { type: nearest, note: `${type} generated as ${nearest}` };
  return undefined;
}

/** The generator's family id for a type text (integer, text, numeric…), or undefined when it does not resolve. */
export function familyOf(type: string): string | undefined {
  const req = parseTypeName(type);
  if (!req) return undefined;
  try {
    return resolveType({ ...req, arrayDims: 0 }).family;
  } catch {
    return undefined; // a type the generator does not know: the caller reports it as not generated
  }
}

/** Whether the generator can use the type in a primary key (btree-orderable). */
export function keyable(type: string): boolean {
  const req = parseTypeName(type);
  if (!req) return false;
  try {
    return resolveType(req).keyable;
  } catch {
    return false; // unknown to the generator, so not usable in a generated key
  }
}

function joinNotes(...notes: (string | undefined)[]): { note?: string } {
  const present = notes.filter((n): n is string => Boolean(n));
  return present.length ? { note: present.join('; ') } : {};
}
