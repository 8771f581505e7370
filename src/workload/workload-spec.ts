import { z } from 'zod';

/**
 * A write workload: what the source's applications do to the captured tables while the connector
 * snapshots and then streams them. Rates are row changes per second over a group of tables (each
 * transaction changes rows of one table of the group, picked uniformly), so a group of 100 tables
 * at 500 updates/s is ≈ 5 updates/s on each.
 */
const perSecond = z.number().min(0).max(1_000_000);

export const workloadGroupSchema = z.strictObject({
  /** Table patterns as `--tables` writes them (schema.table, * and ?, comma-separated). */
  tables: z.string().min(1),
  inserts: perSecond.default(0),
  updates: perSecond.default(0),
  deletes: perSecond.default(0),
  /** Row changes per transaction. */
  transactionSize: z.number().int().min(1).max(10_000).default(1),
  /**
   * Skew of the rows changed: a Zipf exponent over the table's keys (0: uniform; 1: the hottest
   * key about 10 % of changes in a pool of 5,000; 2: almost all on a handful).
   */
  hotKeys: z.number().min(0).max(4).default(0),
  /**
   * What an update rewrites: `narrow` one small column (TOASTed values stay where they are, as
   * most application updates leave them), `wide` also the table's widest text, json or bytea
   * column (its out-of-line value is written again and shipped whole).
   */
  updateColumns: z.enum(['narrow', 'wide']).default('narrow'),
}).refine((g) => g.inserts + g.updates + g.deletes > 0, { message: 'a group needs inserts, updates or deletes above 0 per second' });

export const workloadSchema = z.strictObject({
  /** Connections the generator writes on (transactions of all groups share them). */
  connections: z.number().int().min(1).max(64).default(2),
  /** Starts at `from` × the rates and reaches them after `seconds`. */
  ramp: z.strictObject({ seconds: z.number().positive(), from: z.number().min(0).max(1).default(0) }).optional(),
  /** Seeds which rows are changed and the keys of inserted rows. */
  seed: z.union([z.number().int(), z.string()]).default(1),
  groups: z.array(workloadGroupSchema).min(1),
});

export type WorkloadSpec = z.infer<typeof workloadSchema>;
export type WorkloadGroup = z.infer<typeof workloadGroupSchema>;

export type ChangeKind = 'insert' | 'update' | 'delete';
export const CHANGE_KINDS: readonly ChangeKind[] = ['insert', 'update', 'delete'];

/** A group's row changes per second, all kinds. */
export const groupRate = (g: WorkloadGroup): number => g.inserts + g.updates + g.deletes;
