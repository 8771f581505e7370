import type { Rng } from '../scenario/rng.js';
import type { KeyText } from './change-statements.js';

/**
 * The keys a table's changes pick from, with a Zipf skew over their positions (exponent 0: uniform).
 * Deleted keys leave the pool and inserted ones join it, so that a delete never aims at a row the
 * workload already removed, and new rows are changed too.
 */
export class KeyPool {
  private readonly keys: KeyText[];
  private cdf: number[] = [];
  private cdfSize = -1;

  constructor(
    keys: KeyText[],
    private readonly exponent: number,
    private readonly rng: Rng,
  ) {
    this.keys = [...keys];
  }

  get size(): number {
    return this.keys.length;
  }

  /** A key to change, or undefined when the pool is empty. */
  pick(): KeyText | undefined {
    const i = this.index();
    return i === undefined ? undefined : this.keys[i];
  }

  /** A key to delete: taken out of the pool. */
  take(): KeyText | undefined {
    const i = this.index();
    if (i === undefined) return undefined;
    const [key] = this.keys.splice(i, 1);
    return key;
  }

  add(key: KeyText): void {
    this.keys.push(key);
  }

  /** Puts back a key whose delete did not commit. */
  restore(key: KeyText): void {
    this.keys.push(key);
  }

  private index(): number | undefined {
    const n = this.keys.length;
    if (n === 0) return undefined;
    if (this.exponent === 0) return Math.floor(this.rng.next() * n);
    // The CDF is rebuilt only when the pool's size has moved by a tenth: skew over "about n" keys is what is asked.
    if (this.cdfSize < 0 || Math.abs(n - this.cdfSize) > this.cdfSize / 10) this.buildCdf(n);
    const u = this.rng.next() * this.cdf[this.cdf.length - 1]!;
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, n - 1);
  }

  private buildCdf(n: number): void {
    this.cdf = new Array<number>(n);
    let sum = 0;
    for (let i = 0; i < n; i++) this.cdf[i] = sum += 1 / Math.pow(i + 1, this.exponent);
    this.cdfSize = n;
  }
}
