/**
 * One status line for long work: rewritten in place on a terminal, printed every `everyMs` when
 * the output is a file or a CI log (so logs stay readable and still show the run is alive).
 */
export class LiveLine {
  private last = '';
  private printedAt = 0;
  private readonly tty: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly everyMs = 15_000,
  ) {
    this.tty = stream.isTTY === true;
  }

  update(text: string): void {
    this.last = text;
    if (this.tty) {
      this.stream.write(`\r\x1b[K${text.slice(0, Math.max(20, (this.stream.columns ?? 120) - 1))}`);
      return;
    }
    const now = Date.now();
    if (now - this.printedAt < this.everyMs) return;
    if (this.printedAt === 0) {
      // The first reading of a short job is noise; start printing once the job has run a while.
      this.printedAt = now;
      return;
    }
    this.printedAt = now;
    this.stream.write(`${text}\n`);
  }

  /** Clears the line on a terminal so the next log line starts clean. */
  done(): void {
    if (this.tty && this.last) this.stream.write('\r\x1b[K');
    this.last = '';
    this.printedAt = 0;
  }
}
