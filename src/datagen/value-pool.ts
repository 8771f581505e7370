import { copyEscape } from './copy-text.js';
import type { ResolvedType, ValueSource, WidthKnob } from './types/type-family.js';

/**
 * The distinct values of one column, generated once and picked by rows. Edges come first so
 * that the first rows of every table carry them. COPY fields are escaped once, here, so a row
 * costs only picks and a join.
 */
export interface ValuePool {
  copy: string[];
  edgeCount: number;
  /** Sum of the COPY fields' lengths (UTF-16 units; close to bytes for the ASCII-heavy pools). */
  chars: number;
  /** Canonical text of value k, computed on demand (verification only). */
  canonical(k: number): string;
}

/** At most this many characters per pool, so TOAST-sized columns keep few values and bounded memory. */
export const POOL_CHAR_BUDGET = 24 * 1024 * 1024;

export function buildPool(type: ResolvedType<unknown>, src: ValueSource, width: WidthKnob | undefined, size: number, charBudget = POOL_CHAR_BUDGET): ValuePool {
  const values: unknown[] = [];
  const copy: string[] = [];
  let chars = 0;
  const add = (v: unknown) => {
    const field = flatten(copyEscape(type.literal(v)));
    values.push(v);
    copy.push(field);
    chars += field.length;
  };
  for (const edge of type.edges()) add(edge);
  const edgeCount = values.length;
  const minimum = edgeCount + 8;
  while (values.length < Math.max(size, minimum) && (chars < charBudget || values.length < minimum)) add(type.generate(src, width));
  return { copy, edgeCount, chars, canonical: (k) => type.canonical(values[k]) };
}

/**
 * Values built by concatenation are V8 ropes; joining a rope into every row walks it again each
 * time (50 µs a row for jsonb). Converting to a number makes V8 flatten the string in place once.
 */
function flatten(s: string): string {
  Number(s);
  return s;
}
