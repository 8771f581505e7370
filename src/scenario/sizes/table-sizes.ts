import type { Rng } from '../rng.js';
import type { SizeSpec } from '../schema.js';
import { lognormalSizes } from './lognormal.js';
import { zipfSizes } from './zipf.js';

/**
 * Row counts for the `count` tables of a group, before scaling. Zipf ranks are shuffled over
 * the group so that the biggest table is not always the first name.
 */
export function tableSizes(spec: SizeSpec | number, count: number, rng: Rng): number[] {
  if (typeof spec === 'number') return Array.from({ length: count }, () => spec);
  switch (spec.distribution) {
    case 'fixed':
      return Array.from({ length: count }, () => spec.rows);
    case 'uniform':
      return Array.from({ length: count }, () => rng.int(spec.min, spec.max));
    case 'zipf':
      return shuffle(zipfSizes(count, spec.exponent, spec.total, spec.min), rng);
    case 'lognormal':
      return lognormalSizes(rng, count, spec);
  }
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
