import { Readable } from 'node:stream';
import type { TableGenerator } from './table-generator.js';

const CHUNK_CHARS = 256 * 1024;

/** A table's rows as a COPY text stream; back-pressure from the COPY stream paces generation. */
export class RowStream extends Readable {
  private next = 0;

  constructor(
    private readonly gen: TableGenerator,
    private readonly onRows: (rows: number, bytes: number) => void = () => undefined,
  ) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _read(): void {
    const total = this.gen.rowCount;
    if (this.next >= total) {
      this.push(null);
      return;
    }
    let chunk = '';
    const start = this.next;
    while (this.next < total && chunk.length < CHUNK_CHARS) chunk += this.gen.copyLine(this.next++);
    const buf = Buffer.from(chunk, 'utf8');
    this.onRows(this.next - start, buf.length);
    this.push(buf);
  }
}
