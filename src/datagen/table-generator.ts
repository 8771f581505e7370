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
/** Fields up to this many bytes are copied in JavaScript; a native copy call costs more for them. */
const SHORT_FIELD = 48;

/**
 * Makes the rows of one table. Everything random is seeded from the scenario seed and the table
 * name only, so a table's bytes do not depend on which tables were generated before or beside it.
 */
export class TableGenerator {
  readonly keys: KeyWriter;
  readonly pools: ValuePool[];
  private readonly rng: Rng;
  private readonly nullRatios: number[];
  private readonly fields: Buffer[][];
  private readonly edgeCounts: number[];

  constructor(
    readonly table: PlannedTable,
    seed: string,
    bank: PoolBank,
  ) {
    const leading = table.leading.map((c) => ({ ...c, pool: bank.get(c.type, undefined) }));
    this.keys = keyWriter(table.spec.key, leading);
    this.pools = table.columns.map((c) => bank.get(c.type, c.spec.width));
    this.nullRatios = table.columns.map((c) => c.spec.nullRatio);
    this.fields = this.pools.map((p) => p.fields);
    this.edgeCounts = this.pools.map((p) => p.edgeCount);
    this.rng = Rng.derive(seed, `rows:${table.spec.name}`);
  }

  get rowCount(): number {
    return this.table.spec.rows;
  }

  /** Column names in COPY order: key columns, then the others. */
  get columnNames(): string[] {
    return [...this.keys.columns.map((c) => c.name), ...this.table.columns.map((c) => c.spec.name)];
  }

  /**
   * Writes row i's COPY text line (with its newline). Rows must be written in order 0, 1, 2…
   * This is the generator's hot loop, so it works on the writer's buffer directly: at ~10 fields a
   * row, a function call per field costs more than the bytes it copies.
   */
  writeRow(i: number, out: ChunkWriter): void {
    this.keys.write(i, this.rng, out);
    const { fields, nullRatios } = this;
    let buf = out.buf;
    let pos = out.pos;
    for (let c = 0; c < fields.length; c++) {
      const k = this.pick(i, c, nullRatios[c]!);
      const field = k < 0 ? COPY_NULL_BYTES : fields[c]![k]!;
      const n = field.length;
      if (pos + n + 2 > buf.length) {
        out.pos = pos;
        out.ensure(n + 2);
        buf = out.buf;
      }
      buf[pos++] = TAB;
      if (n > SHORT_FIELD) field.copy(buf, pos);
      else for (let b = 0; b < n; b++) buf[pos + b] = field[b]!;
      pos += n;
    }
    buf[pos++] = NEWLINE;
    out.pos = pos;
  }

  /** Canonical text of row i's fields (null for NULL); consumes randomness exactly as writeRow does. */
  canonicalRow(i: number): (string | null)[] {
    const keys: string[] = [];
    this.keys.write(i, this.rng, undefined, keys);
    const out: (string | null)[] = keys;
    for (let c = 0; c < this.pools.length; c++) {
      const k = this.pick(i, c, this.nullRatios[c]!);
      out.push(k < 0 ? null : this.pools[c]!.canonical(k));
    }
    return out;
  }

  /**
   * Pool index for row i, column c, or -1 for NULL. The first rows carry the edge values, never
   * NULL. One draw decides both: below the NULL ratio it is NULL, above it is rescaled to an index.
   */
  private pick(i: number, c: number, nullRatio: number): number {
    if (i < this.edgeCounts[c]!) return i;
    const u = this.rng.next();
    if (u < nullRatio) return -1;
    return Math.floor(((u - nullRatio) / (1 - nullRatio)) * this.fields[c]!.length);
  }
}
