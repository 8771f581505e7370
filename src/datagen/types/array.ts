import { TypeRequestError, type ResolvedType, type ValueSource, type WidthKnob } from './type-family.js';

/** An array value: nested lists (one level per dimension, rectangular), elements may be null. */
export type ArrayValue = (unknown | null)[];

const MAX_DIMS = 3;

/**
 * PostgreSQL's array_out quotes an element that is empty, spells NULL, or holds a brace, comma,
 * quote, backslash or whitespace; inside quotes, `"` and `\` get a backslash.
 */
export function arrayElementText(s: string): string {
  if (s === '' || s.toUpperCase() === 'NULL' || /[{},"\\ \t\n\r\v\f]/.test(s)) {
    return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  }
  return s;
}

export function formatArray(v: ArrayValue, dims: number, element: (e: unknown) => string): string {
  const parts = v.map((e) => (dims > 1 ? formatArray(e as ArrayValue, dims - 1, element) : e === null ? 'NULL' : arrayElementText(element(e))));
  return `{${parts.join(',')}}`;
}

/** Arrays of any element type (`integer[]`, `text[][]`, `numeric(10,2)[]`). */
export function resolveArray(element: ResolvedType<unknown>, dims: number): ResolvedType<ArrayValue> {
  if (dims > MAX_DIMS) throw new TypeRequestError(`arrays of up to ${MAX_DIMS} dimensions are supported, not ${dims}`);
  const edgeElements = element.edges();
  return {
    sql: `${element.sql}${'[]'.repeat(dims)}`,
    family: 'array',
    setup: element.setup,
    keyable: element.keyable,
    edges: () => {
      const nested = (leaf: ArrayValue): ArrayValue => (dims === 1 ? leaf : Array.from({ length: dims - 1 }).reduce<ArrayValue>((a) => [a], leaf));
      return [
        [],
        nested([null]),
        nested(edgeElements.slice(0, 16)),
        nested([...edgeElements.slice(0, 3), null, ...edgeElements.slice(3, 6)]),
      ];
    },
    generate: (src, width) => generateArray(element, dims, src, width),
    literal: (v) => formatArray(v, dims, (e) => element.literal(e)),
    canonical: (v) => formatArray(v, dims, (e) => element.canonical(e)),
  };
}

/** Small arrays (0–6 per dimension) normally; with a width, as many elements as reach it. */
function generateArray(element: ResolvedType<unknown>, dims: number, src: ValueSource, width: WidthKnob | undefined): ArrayValue {
  const { rng } = src;
  const elem = () => (rng.chance(0.08) ? null : element.generate(src, undefined));
  if (dims === 1) {
    if (!width) return Array.from({ length: rng.int(0, 6) }, elem);
    const target = rng.int(width.min, width.max);
    const out: ArrayValue = [];
    let chars = 2;
    while (chars < target) {
      const e = elem();
      out.push(e);
      chars += 1 + (e === null ? 4 : element.literal(e).length);
    }
    return out;
  }
  // Multi-dimensional arrays must be rectangular: every sub-array has the same shape.
  const shape = Array.from({ length: dims }, () => rng.int(1, width ? 12 : 3));
  const build = (d: number): ArrayValue => Array.from({ length: shape[d]! }, () => (d === dims - 1 ? elem() : build(d + 1)));
  return build(0);
}
