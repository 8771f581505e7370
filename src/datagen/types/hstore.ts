import { NASTY_STRINGS, compareLengthThenUtf8, prose, utf8Length } from './text.js';
import { TypeRequestError, type ResolvedType, type SetupObject, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

export type HstorePair = readonly [key: string, value: string | null];

/**
 * An hstore as written: pairs in input order, keys possibly repeated. `style` picks the input
 * spelling (0: the output form; 1: compact, bare words where possible; 2: loose whitespace).
 */
export interface HstoreValue {
  pairs: HstorePair[];
  style: number;
}

export const HSTORE_EXTENSION: SetupObject = {
  key: 'extension:hstore',
  kind: 'extension',
  name: 'hstore',
  createSql: 'CREATE EXTENSION IF NOT EXISTS hstore',
};

function quote(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** Bare words are safe only without hstore syntax in them, and a bare NULL means SQL NULL. */
function bare(s: string, isValue: boolean): string {
  return /^[A-Za-z0-9_.]+$/.test(s) && !(isValue && /^null$/i.test(s)) ? s : quote(s);
}

export function hstoreLiteral(v: HstoreValue): string {
  const compact = v.style === 1;
  const loose = v.style === 2;
  const pair = ([k, val]: HstorePair): string => {
    const key = compact ? bare(k, false) : quote(k);
    const value = val === null ? (compact ? 'null' : 'NULL') : compact ? bare(val, true) : quote(val);
    return loose ? ` ${key} => ${value} ` : `${key}=>${value}`;
  };
  return v.pairs.map(pair).join(compact ? ',' : loose ? ',\n' : ', ');
}

/**
 * hstore_out: pairs sorted by key byte length and then bytewise, every key and value
 * double-quoted with `"` and `\` backslash-escaped, NULL bare.
 *
 * Repeated keys: hstore_in sorts the pairs with qsort, whose comparator ties on equal keys, and
 * keeps the first of each run. PostgreSQL's qsort is an insertion sort (stable) below 7
 * elements, so there the first occurrence wins; with 7 or more pairs which one survives depends
 * on the quicksort's partitioning (`a=>1, b=>2, c=>3, d=>4, e=>5, f=>6, a=>7` prints `"a"=>"7"`). So the
 * first-wins rule here is exact only for fewer than 7 pairs, and values never repeat a key in
 * a longer hstore.
 */
export function hstoreCanonical(v: HstoreValue): string {
  const first = new Map<string, string | null>();
  for (const [k, val] of v.pairs) if (!first.has(k)) first.set(k, val);
  return [...first.keys()]
    .sort(compareLengthThenUtf8)
    .map((k) => {
      const val = first.get(k)!;
      return `${quote(k)}=>${val === null ? 'NULL' : quote(val)}`;
    })
    .join(', ');
}

/** Product attributes: the typical hstore column. */
function realistic(src: ValueSource): HstoreValue {
  const { rng, faker } = src;
  const candidates: Array<() => HstorePair> = [
    () => ['color', faker.color.human()],
    () => ['size', rng.pick(['XS', 'S', 'M', 'L', 'XL', '42', '10.5'])],
    () => ['weight_kg', (rng.int(1, 5000) / 100).toFixed(2)],
    () => ['brand', faker.company.name()],
    () => ['material', faker.commerce.productMaterial()],
    () => ['origin', faker.location.country()],
    () => ['discontinued', null],
    () => ['warranty', rng.chance(0.5) ? null : `${rng.int(1, 5)} years`],
    () => ['tags', `${faker.word.adjective()},${faker.word.noun()}`],
    () => ['note', faker.lorem.sentence()],
  ];
  const pairs: HstorePair[] = [];
  for (const c of candidates) if (rng.chance(0.45)) pairs.push(c());
  if (rng.chance(0.08)) pairs.push([rng.pick(NASTY_STRINGS), rng.chance(0.2) ? null : rng.pick(NASTY_STRINGS)]);
  // A repeated key in the input. Only in short hstores: see hstoreCanonical.
  if (pairs.length > 0 && pairs.length < 6 && rng.chance(0.05)) pairs.push([rng.pick(pairs)[0], 'repeated']);
  return { pairs, style: rng.int(0, 2) };
}

/** Many attributes, canonical text exactly `bytes` long: `"attr_N"=>"…"` pairs and a padded note. */
function wide(src: ValueSource, bytes: number): HstoreValue {
  const { rng, faker } = src;
  const pairs: HstorePair[] = [];
  // `"note"=>""` is 10 bytes; each further pair adds `, ` too.
  let size = 10;
  for (let n = 1; ; n++) {
    const pair: HstorePair = [`attr_${n}`, rng.chance(0.1) ? null : `${faker.word.noun()} ${rng.nextUint32().toString(36)}`];
    const pairSize = 2 + utf8Length(hstoreCanonical({ pairs: [pair], style: 0 }));
    if (size + pairSize > bytes) break;
    pairs.push(pair);
    size += pairSize;
  }
  pairs.push(['note', prose(src, Math.max(0, bytes - size), { plain: true })]);
  return { pairs, style: rng.int(0, 2) };
}

const EDGES: HstoreValue[] = [
  { pairs: [], style: 0 },
  { pairs: [['a', null]], style: 1 },
  { pairs: [['a', 'NULL'], ['b', 'null'], ['c', null]], style: 0 },
  { pairs: [['a', '1'], ['a', '2'], ['b', null], ['b', 'x']], style: 1 },
  // Key order: by byte length first, so "c" < "bb" < "aaa" and "z" < "é" (2 bytes).
  { pairs: [['aaa', '3'], ['bb', '2'], ['c', '1'], ['é', '4'], ['z', '5'], ['', 'empty key']], style: 2 },
  { pairs: [['say "hi"', 'back\\slash'], ['a=>b', 'x, y'], ['=>', ','], ['key"=>"value', '"']], style: 0 },
  { pairs: [['ключ', 'значение'], ['😀', '日本語'], ['tab\tkey', 'nl\nvalue']], style: 2 },
  { pairs: NASTY_STRINGS.map((s, i) => [s, i % 5 === 0 ? null : s] as const), style: 0 },
];

export const hstoreFamily: TypeFamily = {
  id: 'hstore',
  names: ['hstore'],
  resolve(req: TypeRequest): ResolvedType<HstoreValue> {
    if (req.base !== 'hstore') throw new TypeRequestError(`unknown hstore type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError('hstore takes no arguments');
    return {
      sql: 'hstore',
      family: 'hstore',
      setup: [HSTORE_EXTENSION],
      // hstore ships a btree operator class (btree_hstore_ops).
      keyable: true,
      edges: () => EDGES,
      generate(src, width) {
        if (width && width.max > 0) return wide(src, src.rng.int(Math.max(0, width.min), Math.max(width.min, width.max)));
        return realistic(src);
      },
      literal: hstoreLiteral,
      canonical: hstoreCanonical,
    };
  },
};
