import { z } from 'zod';
import { ddlSchema } from '../ddl/ddl-spec.js';
import { workloadSchema } from '../workload/workload-spec.js';

/**
 * The scenario file format. Objects are strict so that a misspelt key is an error with its
 * path, not a silently ignored setting.
 */

const rowCount = z.number().int().nonnegative();
const positive = z.number().positive();

const fixedSizes = z.strictObject({
  distribution: z.literal('fixed'),
  rows: rowCount,
});

const uniformSizes = z.strictObject({
  distribution: z.literal('uniform'),
  min: rowCount,
  max: rowCount,
});

/** Table k (k = 1…count, by size rank) gets total · k^-exponent / H(count, exponent) rows. */
const zipfSizes = z.strictObject({
  distribution: z.literal('zipf'),
  exponent: positive.max(5),
  total: rowCount,
  min: rowCount.default(0),
});

/** Sizes drawn as median · e^(sigma·Z), clamped to [min, max]; with `total`, rescaled to sum to it. */
const lognormalSizes = z.strictObject({
  distribution: z.literal('lognormal'),
  median: positive,
  sigma: positive.max(10),
  min: rowCount.default(0),
  max: rowCount.optional(),
  total: rowCount.optional(),
});

export const sizeSchema = z.discriminatedUnion('distribution', [fixedSizes, uniformSizes, zipfSizes, lognormalSizes], {
  error: 'distribution must be one of fixed, uniform, zipf, lognormal',
});

/** Byte-length presets for variable-width values; `toast` goes well past the 2 kB TOAST threshold. */
export const WIDTH_PRESETS = {
  small: { min: 4, max: 48 },
  medium: { min: 48, max: 400 },
  large: { min: 400, max: 1800 },
  toast: { min: 4096, max: 65536 },
} as const;

const widthSchema = z.union([
  z.enum(['small', 'medium', 'large', 'toast']),
  z.strictObject({ min: z.number().int().positive(), max: z.number().int().positive().max(64 * 1024 * 1024) }),
]);

const nullRatio = z.number().min(0).max(1);

const keyColumnSchema = z.strictObject({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/), type: z.string() });

export const keySchema = z.union([
  z.enum(['bigint-sequential', 'bigint-sparse', 'uuid', 'uuid-v4', 'uuid-v7', 'text', 'composite', 'none']),
  z.strictObject({ shape: z.literal('bigint-sequential') }),
  z.strictObject({ shape: z.literal('bigint-sparse'), gap: z.number().int().min(2).max(1_000_000_000) }),
  z.strictObject({ shape: z.literal('uuid'), version: z.union([z.literal(4), z.literal(7)]).default(4) }),
  z.strictObject({ shape: z.literal('text'), length: z.number().int().min(4).max(200).default(16) }),
  /** Leading columns of any key-capable type, then a bigint `seq` that makes each key unique. */
  z.strictObject({ shape: z.literal('composite'), leading: z.array(keyColumnSchema).min(1).max(8).optional() }),
  /** No primary key; a NOT NULL `row_no bigint` without index is kept for verification and as a chunk key. */
  z.strictObject({ shape: z.literal('none') }),
], {
  error:
    'must be one of bigint-sequential, bigint-sparse ({shape: bigint-sparse, gap: N}), uuid ({shape: uuid, version: 4|7}), text, composite, none',
});

const columnName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier (a-z, 0-9, _)');

const columnSchema = z.strictObject({
  name: columnName.optional(),
  type: z.string(),
  /** Repeat this column: names become `<name>_1`, `<name>_2`… */
  count: z.number().int().min(1).max(1000).default(1),
  nullRatio: nullRatio.optional(),
  width: widthSchema.optional(),
});

const mixSchema = z.strictObject({
  columns: z.number().int().min(1).max(1000),
  /** Type name → relative weight. */
  types: z.record(z.string(), z.number().positive()),
  width: widthSchema.optional(),
});

const partitionSchema = z.strictObject({
  by: z.enum(['hash', 'range']),
  count: z.number().int().min(2).max(1024),
  /**
   * Range only: the last partition reaches MAXVALUE (true, the default), or ends just past the
   * largest generated key, leaving room for a partition added later (a workload then cannot insert
   * past it until one is).
   */
  open: z.boolean().default(true),
});

export const tableGroupSchema = z.strictObject({
  /** Name pattern; `{i}` is the table's number in the group, `{i:3}` zero-pads it to 3 digits. */
  name: z.string().min(1),
  count: z.number().int().min(1).max(100_000).default(1),
  /** A row count, or a size distribution over the group's tables. */
  rows: z.union([rowCount, sizeSchema], {
    error: 'must be a non-negative whole number of rows or {distribution: fixed|uniform|zipf|lognormal, …}',
  }),
  key: keySchema.default('bigint-sequential'),
  columns: z.array(columnSchema).default([]),
  mix: mixSchema.optional(),
  nullRatio: nullRatio.default(0.05),
  width: widthSchema.optional(),
  partitions: partitionSchema.optional(),
});

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - and _'),
  description: z.string().optional(),
  seed: z.union([z.number().int(), z.string()]),
  scale: positive.default(1),
  schema: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('public'),
  /** Distinct values generated per column (edges included); rows pick from these pools. */
  poolSize: z.number().int().min(16).max(1_000_000).default(2048),
  tables: z.array(tableGroupSchema).min(1),
  /** Writes during `run --until caught-up` (see workload/workload-spec.ts); not part of the generated data. */
  workload: workloadSchema.optional(),
  /** DDL steps during `run --until caught-up` (see ddl/ddl-spec.ts); not part of the generated data. */
  ddl: ddlSchema.optional(),
});

export type ScenarioFile = z.infer<typeof scenarioSchema>;
export type TableGroup = z.infer<typeof tableGroupSchema>;
export type SizeSpec = z.infer<typeof sizeSchema>;
export type KeyInput = z.infer<typeof keySchema>;
export type WidthInput = z.infer<typeof widthSchema>;
