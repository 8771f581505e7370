/**
 * Zipf table sizes: the table of rank k (1 = largest) gets total · k^-s / H(n, s) rows, so
 * log(size) against log(rank) is a line of slope -s. Rounding keeps the sum equal to total.
 */
export function zipfSizes(count: number, exponent: number, total: number, min: number): number[] {
  let harmonic = 0;
  for (let k = 1; k <= count; k++) harmonic += k ** -exponent;
  const exact = Array.from({ length: count }, (_, i) => (total * (i + 1) ** -exponent) / harmonic);
  return largestRemainder(exact, total).map((n) => Math.max(n, min));
}

/** Rounds each share down, then hands the leftover units to the largest fractional parts. */
export function largestRemainder(exact: number[], total: number): number[] {
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left--;
  }
  return floors;
}
