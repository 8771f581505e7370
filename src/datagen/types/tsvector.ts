import type { Rng } from '../../scenario/rng.js';
import { NASTY_STRINGS, prose, sortUtf8, utf8Length } from './text.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

export type TsWeight = 'A' | 'B' | 'C' | 'D';

export interface TsPosition {
  pos: number;
  weight: TsWeight;
}

export interface TsEntry {
  lexeme: string;
  positions: TsPosition[];
}

/**
 * A tsvector as written: entries in any order, the same lexeme possibly repeated. `style`
 * picks the input spelling (0: bare words where possible and upper-case weights; 1: every
 * lexeme quoted, lower-case weights and an explicit D; 2: alternating).
 */
export interface TsVectorValue {
  entries: TsEntry[];
  style: number;
}

/** Positions above this are clamped to it by tsvector input. */
export const MAX_TS_POSITION = 16383;
/** tsvector input keeps at most this many positions per lexeme (the lowest ones). */
export const MAX_TS_POSITIONS_PER_LEXEME = 256;

const WEIGHT_RANK: Record<TsWeight, number> = { D: 0, C: 1, B: 2, A: 3 };

function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function positionText(p: TsPosition, lowerCase: boolean, explicitD: boolean): string {
  const w = p.weight === 'D' ? (explicitD ? 'D' : '') : p.weight;
  return `${p.pos}${lowerCase ? w.toLowerCase() : w}`;
}

export function tsvectorLiteral(v: TsVectorValue): string {
  return v.entries
    .map((e, i) => {
      const quoted = v.style === 1 || (v.style === 2 && i % 2 === 1);
      const lex = !quoted && /^[a-z0-9]+$/.test(e.lexeme) ? e.lexeme : quoteLexeme(e.lexeme);
      if (e.positions.length === 0) return lex;
      return `${lex}:${e.positions.map((p) => positionText(p, quoted, quoted)).join(',')}`;
    })
    .join(' ');
}

/**
 * tsvector_in's uniquePos: positions sorted, a repeated position keeps its strongest weight.
 * The scan stops once 256 positions are kept or position 16383 (where larger ones were
 * clamped) is reached, so repeats of that last position are dropped without merging weights.
 * Which of several equal positions comes first there depends on PostgreSQL's qsort, which is
 * stable (like Array.prototype.sort) only below 7 positions: values avoid repeats at the limit.
 */
function uniquePositions(positions: readonly TsPosition[]): readonly TsPosition[] {
  if (positions.length <= 1 && (positions[0]?.pos ?? 0) <= MAX_TS_POSITION) return positions;
  const sorted = positions.map((p) => ({ pos: Math.min(p.pos, MAX_TS_POSITION), weight: p.weight })).sort((a, b) => a.pos - b.pos);
  const out = sorted.slice(0, 1);
  for (let i = 1; i < sorted.length; i++) {
    const cur = sorted[i]!;
    const last = out[out.length - 1]!;
    if (cur.pos !== last.pos) {
      out.push(cur);
      if (out.length >= MAX_TS_POSITIONS_PER_LEXEME || cur.pos === MAX_TS_POSITION) break;
    } else if (WEIGHT_RANK[cur.weight] > WEIGHT_RANK[last.weight]) last.weight = cur.weight;
  }
  return out;
}

/**
 * tsvectorout: lexemes merged and sorted bytewise, each in single quotes (quote and backslash
 * doubled); positions as uniquePositions leaves them; D is the default weight and not printed.
 */
export function tsvectorCanonical(v: TsVectorValue): string {
  const merged = new Map<string, readonly TsPosition[]>();
  for (const e of v.entries) {
    const list = merged.get(e.lexeme);
    merged.set(e.lexeme, list ? [...list, ...e.positions] : e.positions);
  }
  let out = '';
  for (const lexeme of sortUtf8([...merged.keys()])) {
    out += (out ? ' ' : '') + entryText(lexeme, uniquePositions(merged.get(lexeme)!));
  }
  return out;
}

/** One lexeme as tsvectorout prints it, given positions already made unique. */
function entryText(lexeme: string, positions: readonly TsPosition[]): string {
  let out = quoteLexeme(lexeme);
  for (let i = 0; i < positions.length; i++) out += (i === 0 ? ':' : ',') + positionText(positions[i]!, false, false);
  return out;
}

function weightFor(rng: Rng, pos: number): TsWeight {
  // Like setweight() on a title (A) concatenated with a body (D), with some B/C sections.
  if (pos <= 4) return 'A';
  const r = rng.next();
  return r < 0.8 ? 'D' : r < 0.9 ? 'C' : 'B';
}

/** Words of some prose as lexemes: lower-cased, punctuation stripped, like a simple parser. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * The tsvector of a short document: one entry per word occurrence (so repeated words appear
 * as separate entries, merged by the server), shuffled, plus sometimes a nasty lexeme.
 */
function realistic(src: ValueSource): TsVectorValue {
  const { rng, faker } = src;
  const ws = words(`${faker.commerce.productName()} ${faker.lorem.sentences(rng.int(1, 3))}`);
  const entries: TsEntry[] = ws.map((lexeme, i) => ({
    lexeme,
    positions: rng.chance(0.15) ? [] : [{ pos: i + 1, weight: weightFor(rng, i + 1) }],
  }));
  if (rng.chance(0.1)) {
    const nasty = rng.pick(NASTY_STRINGS);
    if (nasty !== '') entries.push({ lexeme: nasty, positions: [{ pos: rng.int(1, 20), weight: 'B' }] });
  }
  for (let i = entries.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return { entries, style: rng.int(0, 2) };
}

/**
 * A tsvector whose canonical text is exactly `bytes` long. A long document's tsvector is much
 * smaller than the document (words repeat), so distinct lexemes are needed for size: prose
 * words plus the identifiers real documents carry (order numbers, codes). Each entry is
 * written once with unique positions, so its canonical size is known as it is added.
 */
function wide(src: ValueSource, bytes: number): TsVectorValue {
  const { rng } = src;
  const seen = new Set<string>();
  const entries: TsEntry[] = [];
  let size = 0;
  let pos = 1;
  let pool = words(prose(src, 4096, { plain: true }));
  let next = 0;
  for (;;) {
    if (next >= pool.length) {
      pool = words(prose(src, 4096, { plain: true }));
      next = 0;
    }
    let lexeme = pool[next++]!;
    if (seen.has(lexeme) || rng.chance(0.3)) lexeme = `${lexeme}${rng.nextUint32().toString(36)}`;
    if (seen.has(lexeme)) continue;
    const positions: TsPosition[] = [];
    if (pos <= MAX_TS_POSITION && rng.chance(0.9)) {
      for (let k = rng.int(1, 3); k > 0 && pos <= MAX_TS_POSITION; k--) {
        positions.push({ pos, weight: weightFor(rng, pos) });
        pos += rng.int(1, 40);
      }
    }
    const entry: TsEntry = { lexeme, positions };
    // +1 for the separating space; the final `'_…_'` pad needs at least 4 more bytes.
    const entrySize = utf8Length(entryText(lexeme, positions)) + (entries.length > 0 ? 1 : 0);
    if (size + entrySize > bytes - 4) break;
    seen.add(lexeme);
    entries.push(entry);
    size += entrySize;
  }
  // Underscores never occur in the words above, so the pad lexeme is distinct.
  const padLen = bytes - size - (entries.length > 0 ? 1 : 0) - 2;
  if (padLen > 0) entries.push({ lexeme: '_'.repeat(padLen), positions: [] });
  return { entries, style: rng.int(0, 2) };
}

const p = (pos: number, weight: TsWeight = 'D'): TsPosition => ({ pos, weight });

const EDGES: TsVectorValue[] = [
  { entries: [], style: 0 },
  { entries: [{ lexeme: 'a', positions: [] }], style: 0 },
  // Duplicates, unsorted: merged to 'a':1,3B 'b':1A,2 'c'.
  {
    entries: [
      { lexeme: 'b', positions: [p(2), p(1, 'A')] },
      { lexeme: 'c', positions: [] },
      { lexeme: 'a', positions: [p(3, 'B')] },
      { lexeme: 'a', positions: [p(1)] },
    ],
    style: 0,
  },
  // One position with several weights: the strongest (A) survives.
  { entries: [{ lexeme: 'x', positions: [p(1, 'C'), p(1, 'A'), p(1, 'B'), p(1)] }], style: 1 },
  { entries: [{ lexeme: 'x', positions: [] }, { lexeme: 'x', positions: [p(7, 'C')] }], style: 2 },
  // 20000 is clamped to 16383, and the scan stops there: 'far':1,16383 (the A is lost).
  { entries: [{ lexeme: 'far', positions: [p(16383), p(20000, 'A'), p(1)] }], style: 0 },
  { entries: [{ lexeme: 'end', positions: [p(16383, 'B'), p(16383, 'A')] }], style: 0 },
  { entries: [{ lexeme: 'many', positions: Array.from({ length: 300 }, (_, i) => p(300 - i)) }], style: 0 },
  {
    entries: [
      { lexeme: "it's", positions: [p(1)] },
      { lexeme: 'back\\slash', positions: [p(2)] },
      { lexeme: "''", positions: [] },
      { lexeme: '\\', positions: [] },
      { lexeme: 'two words', positions: [p(3, 'B')] },
      { lexeme: 'colon:1', positions: [] },
      { lexeme: 'comma,', positions: [] },
      { lexeme: '"dq"', positions: [] },
      { lexeme: ' ', positions: [] },
      { lexeme: 'tab\there', positions: [] },
      { lexeme: 'nl\nhere', positions: [] },
    ],
    style: 2,
  },
  // Bytewise, not UTF-16 order: U+FF5E sorts before the astral 😀 in UTF-8, after it in JS.
  {
    entries: ['😀', '～', 'é', 'e', 'E', 'Z', 'ab', 'a', '日本', 'z'].map((lexeme, i) => ({ lexeme, positions: [p(i + 1)] })),
    style: 1,
  },
  { entries: NASTY_STRINGS.filter((s) => s !== '').map((lexeme, i) => ({ lexeme, positions: [p(i + 1, 'C')] })), style: 1 },
];

export const tsvectorFamily: TypeFamily = {
  id: 'tsvector',
  names: ['tsvector'],
  resolve(req: TypeRequest): ResolvedType<TsVectorValue> {
    if (req.base !== 'tsvector') throw new TypeRequestError(`unknown text search type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError('tsvector takes no arguments');
    return {
      sql: 'tsvector',
      family: 'tsvector',
      setup: [],
      keyable: true,
      edges: () => EDGES,
      generate(src, width) {
        if (width && width.max > 0) return wide(src, src.rng.int(Math.max(0, width.min), Math.max(width.min, width.max)));
        return realistic(src);
      },
      literal: tsvectorLiteral,
      canonical: tsvectorCanonical,
    };
  },
};
