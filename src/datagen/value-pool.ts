import { copyEscape } from './copy-text.js';
import type { ResolvedType, ValueSource, WidthKnob } from './types/type-family.js';

/**
 * The distinct values of one column, generated once and picked by rows. Edges come first so
 * that the first rows of every table carry them. COPY fields are escaped and UTF-8 encoded once,
 * here, so a row costs only picks and byte copies.
 */
export interface ValuePool {
  /** COPY text fields, UTF-8. */
  fields: Buffer[];
  edgeCount: number;
  /** Sum of the fields' bytes. */
  bytes: number;
  /** Canonical text of value k, computed on demand (verification only). */
  canonical(k: number): string;
}

/** At most this many bytes per pool, so TOAST-sized columns keep few values and bounded memory. */
export const POOL_BYTE_BUDGET = 24 * 1024 * 1024;

export function buildPool(type: ResolvedType<unknown>, src: ValueSource, width: WidthKnob | undefined, size: number, byteBudget = POOL_BYTE_BUDGET): ValuePool {
  const values: unknown[] = [];
  const fields: Buffer[] = [];
  let bytes = 0;
  const add = (v: unknown) => {
    const field = Buffer.from(copyEscape(type.literal(v)), 'utf8');
    values.push(v);
    fields.push(field);
    bytes += field.length;
  };
  for (const edge of type.edges()) add(edge);
  const edgeCount = values.length;
  const minimum = edgeCount + 8;
  while (values.length < Math.max(size, minimum) && (bytes < byteBudget || values.length < minimum)) add(type.generate(src, width));
  return { fields, edgeCount, bytes, canonical: (k) => type.canonical(values[k]) };
}

