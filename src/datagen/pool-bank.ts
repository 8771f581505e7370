import { Faker, base, en } from '@faker-js/faker';
import { Rng } from '../scenario/rng.js';
import type { ResolvedType, WidthKnob } from './types/type-family.js';
import { buildPool, type ValuePool } from './value-pool.js';

/**
 * Value pools shared by every table of a scenario, one per (type, width). Building a pool costs
 * tens of milliseconds (Faker), so building one per column of hundreds of tables would make Node,
 * not PostgreSQL, the bottleneck. Each pool is seeded from the scenario seed and its own key only,
 * so its content does not depend on which table asked first.
 */
export class PoolBank {
  private readonly pools = new Map<string, ValuePool>();
  private readonly faker = new Faker({ locale: [en, base] });

  constructor(
    private readonly seed: string,
    private readonly poolSize: number,
  ) {}

  get(type: ResolvedType<unknown>, width: WidthKnob | undefined): ValuePool {
    const key = `${type.family}:${type.sql}:${width ? `${width.min}-${width.max}` : ''}`;
    let pool = this.pools.get(key);
    if (!pool) {
      const rng = Rng.derive(this.seed, `pool:${key}`);
      this.faker.seed(rng.seed());
      pool = buildPool(type, { rng, faker: this.faker }, width, this.poolSize);
      this.pools.set(key, pool);
    }
    return pool;
  }
}
