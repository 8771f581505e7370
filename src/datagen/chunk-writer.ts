/**
 * Assembles COPY text into one Buffer: pooled values are copied as bytes already encoded, so a
 * row costs no string building and no UTF-8 encoding.
 */
const SHORT = 48;

export class ChunkWriter {
  buf: Buffer;
  pos = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Makes room for n more bytes (a TOAST-sized row may exceed the chunk size). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Writes a short string (a key). ASCII byte by byte: a native call per key costs more than the copy. */
  text(s: string): void {
    const n = s.length;
    this.ensure(n * 3);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 127) {
        this.pos += buf.write(s, this.pos, 'utf8');
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  /** Short values are copied in JavaScript (most fields are a few bytes); long ones natively. */
  bytes(b: Buffer): void {
    const n = b.length;
    this.ensure(n);
    if (n > SHORT) {
      b.copy(this.buf, this.pos);
      this.pos += n;
      return;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = b[i]!;
    this.pos = pos;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** The bytes written so far, as a Buffer of their own; the writer starts over. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    return out;
  }
}
