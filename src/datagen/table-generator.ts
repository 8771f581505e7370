import { Rng } from '../scenario/rng.js';
import { ChunkWriter } from './chunk-writer.js';
import { COPY_NULL } from './copy-text.js';
import { copyColumnNames } from './ddl.js';
import { keyWriter, type KeyWriter } from './keys/key-columns.js';
import type { PlannedTable } from './table-plan.js';
import type { PoolBank } from './pool-bank.js';
import type { ValuePool } from './value-pool.js';

const TAB = 9;
const NEWLINE = 10;
const COPY_NULL_BYTES = Buffer.from(COPY_NULL);
/** Row tails: how many per table, and for which tables (enough rows to reuse them, narrow enough to keep). */
const TAIL_COUNT = 4096;
const TAIL_MIN_ROWS = 4 * TAIL_COUNT;
const TAIL_MAX_BYTES = 2048;

interface RowTails {
  /** Tab-led non-key fields and the newline, COPY text. */
  bytes: Buffer[];
  /** Pool index (or -1 for NULL) of each tail's fields, tail-major. */
  picks: Int32Array;
}

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
  /** Rows before this one carry edge values and are assembled field by field. */
  private readonly edgeRows: number;
  private readonly tails: RowTails | undefined;

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
    this.edgeRows = Math.max(0, ...this.edgeCounts);
    this.tails = this.wantsTails() ? this.buildTails(Rng.derive(seed, `tails:${table.spec.name}`)) : undefined;
  }

  /** Whether rows past the edges come from pre-assembled row tails (big tables of narrow rows). */
  get usesRowTails(): boolean {
    return this.tails !== undefined;
  }

  get rowCount(): number {
    return this.table.spec.rows;
  }

  /** Column names in COPY order: key columns, then the others. */
  get columnNames(): string[] {
    return copyColumnNames(this.table);
  }

  /**
   * Writes row i's COPY text line (with its newline). Rows must be written in order 0, 1, 2…
   * This is the generator's hot loop, so it works on the writer's buffer directly: at ~10 fields a
   * row, a function call per field costs more than the bytes it copies.
   */
  writeRow(i: number, out: ChunkWriter): void {
    this.keys.write(i, this.rng, out);
    if (this.tails && i >= this.edgeRows) {
      out.bytes(this.tails.bytes[this.rng.int(0, this.tails.bytes.length - 1)]!);
      return;
    }
    this.writeFields(i, this.rng, out);
  }

  /** The non-key fields of a row, tab-led, then the newline. */
  private writeFields(i: number, rng: Rng, out: ChunkWriter, picks?: Int32Array, at = 0): void {
    const { fields, nullRatios } = this;
    let buf = out.buf;
    let pos = out.pos;
    for (let c = 0; c < fields.length; c++) {
      const k = this.pick(i, c, nullRatios[c]!, rng);
      if (picks) picks[at + c] = k;
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
    const tails = this.tails;
    const t = tails && i >= this.edgeRows ? this.rng.int(0, tails.bytes.length - 1) : -1;
    for (let c = 0; c < this.pools.length; c++) {
      const k = t >= 0 ? tails!.picks[t * this.pools.length + c]! : this.pick(i, c, this.nullRatios[c]!, this.rng);
      out.push(k < 0 ? null : this.pools[c]!.canonical(k));
    }
    return out;
  }

  /**
   * Big tables of narrow rows take each row's non-key fields from a pool of pre-assembled row
   * tails: one copy a row instead of one per field, so generation costs about what reading the
   * same bytes from a file would. Columns keep their full pools of distinct values; what repeats
   * is a combination of values, which no CDC pipeline or columnar sink can exploit.
   */
  private wantsTails(): boolean {
    const avgTail = this.pools.reduce((a, p) => a + p.bytes / p.fields.length + 1, 1);
    return this.table.spec.rows >= TAIL_MIN_ROWS && avgTail <= TAIL_MAX_BYTES;
  }

  private buildTails(rng: Rng): RowTails {
    const count = TAIL_COUNT;
    const columns = this.pools.length;
    const picks = new Int32Array(count * columns);
    const w = new ChunkWriter(count * 256);
    const ends: number[] = [];
    // Past the edge row count, so pick() draws random values instead of edges.
    for (let t = 0; t < count; t++) {
      this.writeFields(this.edgeRows, rng, w, picks, t * columns);
      ends.push(w.pos);
    }
    const all = w.take();
    const bytes = ends.map((end, t) => all.subarray(t === 0 ? 0 : ends[t - 1]!, end));
    return { bytes, picks };
  }

  /**
   * Pool index for row i, column c, or -1 for NULL. The first rows carry the edge values, never
   * NULL. One draw decides both: below the NULL ratio it is NULL, above it is rescaled to an index.
   */
  private pick(i: number, c: number, nullRatio: number, rng: Rng): number {
    if (i < this.edgeCounts[c]!) return i;
    const u = rng.next();
    if (u < nullRatio) return -1;
    return Math.floor(((u - nullRatio) / (1 - nullRatio)) * this.fields[c]!.length);
  }
}
