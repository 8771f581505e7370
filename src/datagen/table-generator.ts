import { Rng } from '../scenario/rng.js';
import { COPY_NULL } from './copy-text.js';
import { keyWriter, type KeyWriter } from './keys/key-columns.js';
import type { PlannedTable } from './table-plan.js';
import type { PoolBank } from './pool-bank.js';
import type { ValuePool } from './value-pool.js';

/**
 * Makes the rows of one table. Everything random is seeded from the scenario seed and the table
 * name only, so a table's bytes do not depend on which tables were generated before or beside it.
 */
export class TableGenerator {
  readonly keys: KeyWriter;
  readonly pools: ValuePool[];
  private readonly rng: Rng;
  private readonly nullRatios: number[];
  private readonly fields: string[] = [];

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

  /** COPY text line of row i (with its newline). Rows must be asked for in order 0, 1, 2… */
  copyLine(i: number): string {
    const f = this.fields;
    f.length = 0;
    this.keys.write(i, this.rng, f);
    const n = this.pools.length;
    for (let c = 0; c < n; c++) {
      const k = this.pick(i, c);
      f.push(k < 0 ? COPY_NULL : this.pools[c]!.copy[k]!);
    }
    return f.join('\t') + '\n';
  }

  /** Canonical text of row i's fields (null for NULL); consumes randomness exactly as copyLine does. */
  canonicalRow(i: number): (string | null)[] {
    const keys: string[] = [];
    this.keys.write(i, this.rng, [], keys);
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
    return this.rng.int(0, pool.copy.length - 1);
  }
}
