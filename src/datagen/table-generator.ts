import { Rng } from '../scenario/rng.js';
import type { ChunkWriter } from './chunk-writer.js';
import { COPY_NULL } from './copy-text.js';
import { keyWriter, type KeyWriter } from './keys/key-columns.js';
import type { PlannedTable } from './table-plan.js';
import type { PoolBank } from './pool-bank.js';
import type { ValuePool } from './value-pool.js';

const TAB = 9;
const NEWLINE = 10;
const COPY_NULL_BYTES = Buffer.from(COPY_NULL);

/**
 * Makes the rows of one table. Everything random is seeded from the scenario seed and the table
 * name only, so a table's bytes do not depend on which tables were generated before or beside it.
 */
export class TableGenerator {
  readonly keys: KeyWriter;
  readonly pools: ValuePool[];
  private readonly rng: Rng;
  private readonly nullRatios: number[];

  constructor(
    readonly table: PlannedTable,
    seed: string,
    bank: PoolBank,
  ) {
    const leading = table.leading.map((c) => ({ ...c, pool: bank.get(c.type, undefined) }));
    this.keys = keyWriter(table.spec.key, leading);
    this.pools = table.columns.map((c) => bank.get(c.type, c.spec.width));
    this.nullRatios = table.columns.map((c) => c.spec.nullRatio);
    this.rng = Rng.derive(seed, `rows:${table.spec.name}`);
  }

  get rowCount(): number {
    return this.table.spec.rows;
  }

  /** Column names in COPY order: key columns, then the others. */
  get columnNames(): string[] {
    return [...this.keys.columns.map((c) => c.name), ...this.table.columns.map((c) => c.spec.name)];
  }

  /** Writes row i's COPY text line (with its newline). Rows must be written in order 0, 1, 2… */
  writeRow(i: number, out: ChunkWriter): void {
    this.keys.write(i, this.rng, out);
    const pools = this.pools;
    for (let c = 0; c < pools.length; c++) {
      out.byte(TAB);
      const k = this.pick(i, c);
      if (k < 0) out.bytes(COPY_NULL_BYTES);
      else out.bytes(pools[c]!.fields[k]!);
    }
    out.byte(NEWLINE);
  }

  /** Canonical text of row i's fields (null for NULL); consumes randomness exactly as writeRow does. */
  canonicalRow(i: number): (string | null)[] {
    const keys: string[] = [];
    this.keys.write(i, this.rng, undefined, keys);
    const out: (string | null)[] = keys;
    for (let c = 0; c < this.pools.length; c++) {
      const k = this.pick(i, c);
      out.push(k < 0 ? null : this.pools[c]!.canonical(k));
    }
    return out;
  }

  /** Pool index for row i, column c, or -1 for NULL. The first rows carry the edge values, never NULL. */
  private pick(i: number, c: number): number {
    const pool = this.pools[c]!;
    if (i < pool.edgeCount) return i;
    if (this.rng.next() < this.nullRatios[c]!) return -1;
    return this.rng.int(0, pool.fields.length - 1);
  }
}
