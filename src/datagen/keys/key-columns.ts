import type { KeySpec } from '../../scenario/table-spec.js';
import type { Rng } from '../../scenario/rng.js';
import type { ResolvedType } from '../types/type-family.js';
import { uuidV4, uuidV7 } from '../types/uuid.js';
import type { ChunkWriter } from '../chunk-writer.js';
import type { ValuePool } from '../value-pool.js';

const TAB = 9;

/** A key column's DDL. */
export interface KeyColumnPlan {
  name: string;
  sql: string;
  /** Part of the PRIMARY KEY constraint (false for the `row_no` of key-less tables). */
  inPrimaryKey: boolean;
}

/**
 * Writes the key fields of row i. Keys are computed per row rather than drawn from pools, since
 * they must be unique; apart from composite leading columns they are plain ASCII, so the COPY
 * field and the canonical text coincide.
 */
export interface KeyWriter {
  columns: KeyColumnPlan[];
  /** Writes the key fields of row `i` (0-based), tab-separated, to `out`, and their canonical text to `canonical` when asked. */
  write(i: number, rng: Rng, out: ChunkWriter | undefined, canonical?: string[]): void;
}

export interface LeadingKeyColumn {
  name: string;
  type: ResolvedType<unknown>;
  pool: ValuePool;
}

const UUID_V7_EPOCH_MS = Date.UTC(2024, 0, 1);
const TEXT_KEY_PREFIXES = ['acct', 'order', 'cust', 'inv', 'sku', 'evt', 'usr', 'shp', 'pay', 'txn', 'doc', 'ref'];

export function keyColumnPlans(key: KeySpec, leading: readonly { name: string; type: ResolvedType<unknown> }[]): KeyColumnPlan[] {
  switch (key.shape) {
    case 'bigint-sequential':
    case 'bigint-sparse':
      return [{ name: 'id', sql: 'bigint', inPrimaryKey: true }];
    case 'uuid':
      return [{ name: 'id', sql: 'uuid', inPrimaryKey: true }];
    case 'text':
      return [{ name: 'id', sql: `varchar(${key.length})`, inPrimaryKey: true }];
    case 'composite':
      return [...leading.map((c) => ({ name: c.name, sql: `${c.type.sql} NOT NULL`, inPrimaryKey: true })), { name: 'seq', sql: 'bigint', inPrimaryKey: true }];
    case 'none':
      return [{ name: 'row_no', sql: 'bigint NOT NULL', inPrimaryKey: false }];
  }
}

export function keyWriter(key: KeySpec, leading: readonly LeadingKeyColumn[]): KeyWriter {
  const columns = keyColumnPlans(key, leading);
  const simple = (value: (i: number, rng: Rng) => string): KeyWriter => ({
    columns,
    write: (i, rng, out, canonical) => {
      const v = value(i, rng);
      out?.text(v);
      canonical?.push(v);
    },
  });
  switch (key.shape) {
    case 'bigint-sequential':
    case 'none':
      return simple((i) => String(i + 1));
    case 'bigint-sparse': {
      const gap = key.gap;
      // Each id lands somewhere in its own gap-wide slot: unique, increasing, and as sparse as asked.
      return simple((i, rng) => String(i * gap + 1 + rng.int(0, gap - 1)));
    }
    case 'uuid':
      return simple(key.version === 7 ? (i, rng) => uuidV7(rng, UUID_V7_EPOCH_MS + i) : (_i, rng) => uuidV4(rng));
    case 'text': {
      const length = key.length;
      // A random prefix then the row number in base 36: unique, and unevenly spread over the key space.
      return simple((i, rng) => {
        const suffix = i.toString(36);
        const prefix = rng.pick(TEXT_KEY_PREFIXES).slice(0, Math.max(0, length - suffix.length - 1));
        return prefix ? `${prefix}-${suffix}` : suffix;
      });
    }
    case 'composite':
      return {
        columns,
        write: (i, rng, out, canonical) => {
          for (const c of leading) {
            const k = rng.int(c.pool.edgeCount, c.pool.fields.length - 1);
            out?.bytes(c.pool.fields[k]!);
            out?.byte(TAB);
            canonical?.push(c.pool.canonical(k));
          }
          out?.text(String(i + 1));
          canonical?.push(String(i + 1));
        },
      };
  }
}
