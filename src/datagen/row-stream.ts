import { Readable } from 'node:stream';
import { ChunkWriter } from './chunk-writer.js';
import type { TableGenerator } from './table-generator.js';

/** Large chunks: one CopyData message and one socket write per megabyte. */
const CHUNK_BYTES = 256 * 1024;

/** A table's rows as a COPY text stream; back-pressure from the COPY stream paces generation. */
export class RowStream extends Readable {
  private next = 0;
  private readonly writer = new ChunkWriter(CHUNK_BYTES);

  constructor(
    private readonly gen: TableGenerator,
    private readonly onRows: (rows: number, bytes: number) => void = () => undefined,
  ) {
    super({ highWaterMark: 2 * CHUNK_BYTES });
  }

  override _read(): void {
    const total = this.gen.rowCount;
    if (this.next >= total) {
      this.push(null);
      return;
    }
    const w = this.writer;
    const start = this.next;
    while (this.next < total && w.pos < CHUNK_BYTES) this.gen.writeRow(this.next++, w);
    const chunk = w.take();
    this.onRows(this.next - start, chunk.length);
    this.push(chunk);
  }
}
