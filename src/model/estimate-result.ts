import { z } from 'zod';
import { syncEstimateSchema } from './sync-estimate.js';
import { RESULT_SCHEMA_VERSION } from './run-result.js';
import { LIMITS, type Limit } from './estimate.js';

/**
 * result.json of `estimate`: the same envelope as a run's (schemaVersion, kind, createdAt), so CI
 * reads both with one check. The schema is the definition; schemas/estimate-result.schema.json is
 * generated from it by `npm run schema`.
 */
const seconds = z.number().nonnegative();

export const estimateResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  kind: z.literal('estimate'),
  createdAt: z.string().describe('ISO 8601'),
  calibration: z.object({
    files: z.array(z.string()),
    scenarios: z.array(z.string()).describe('name@scale of every calibration run'),
    sourceOptions: z.record(z.string(), z.string()),
    costs: z.object({ perChunkSeconds: seconds, perGbSeconds: seconds, perTableSeconds: seconds, perChunkPerTableSeconds: seconds.describe('the part of a chunk\'s cost that grows with the captured tables') }),
    fixedSeconds: seconds.describe('job start-up and harness overhead'),
    splitting: z.object({ millisPerChunkByShape: z.record(z.string(), z.number().nonnegative()), meanMillisPerTable: z.number().nonnegative() }).describe("chunk splitting: server time of the enumerator's boundary queries per chunk, by key shape"),
    law: z.object({ sigma: z.number().nonnegative(), kappa: z.number().nonnegative() }).describe('Universal Scalability Law: S(p) = p / (1 + σ(p−1) + κp(p−1))'),
    measuredParallelisms: z.array(z.number().int().positive()),
    measuredChunkSizes: z.array(z.number().int().positive()),
    cores: z.number().int().positive(),
    fit: z.object({ maxRelativeError: z.number().nonnegative(), rmsRelativeError: z.number().nonnegative() }),
    explanation: z.array(z.string()),
    unusedSamples: z
      .array(z.object({ scenario: z.string(), parallelism: z.number().int().positive(), chunkSize: z.number().int().positive(), repeat: z.number().int().positive(), left: z.enum(['sample', 'splitting']), reason: z.string() }))
      .optional()
      .describe("successful calibration samples the fit could not use (left: sample), or used without their splitting time (left: splitting), and why; the explanation says it too"),
  }),
  workload: z.object({
    name: z.string(),
    tables: z.number().int().nonnegative(),
    rows: z.number().nonnegative(),
    diskBytes: z.number().nonnegative(),
    chunks: z.number().int().nonnegative(),
    tablesWithoutKey: z.array(z.string()),
  }),
  chunkSize: z.number().int().positive(),
  predictions: z.array(z.object({ parallelism: z.number().int().positive(), seconds, low: seconds, high: seconds, extrapolated: z.boolean(), limitedBy: z.enum(LIMITS as [Limit, ...Limit[]]).optional().describe('what sets the point: measured, or the bound limiting the extrapolation (source-scaling: raw-copy\'s measured speedup of the source; cluster-slots; long-pole; serial-splitting; chunks-per-reader; model: the fitted law alone)') })),
  recommended: z.number().int().positive().describe('among the parallelisms the evidence supports (measured on the connector, or measured on the source by raw-copy with the cluster\'s slots for it), the smallest after which the next one saves less than 10 %'),
  nextMeasurement: z.string().optional().describe('what to measure, and how, to support a parallelism beyond the recommended'),
  bounds: z
    .object({
      sourceScaling: z.array(z.object({ parallelism: z.number().int().positive(), readSeconds: seconds })).optional(),
      cluster: z.object({ where: z.enum(['local', 'remote']), slots: z.number().int().nonnegative(), cores: z.number().int().nonnegative() }).optional(),
      schemaReads: z
        .object({ points: z.array(z.object({ tables: z.number().int().positive(), seconds })), fixedSeconds: seconds, perTableSeconds: seconds })
        .optional()
        .describe("the connector's schema reads, measured with its own code: T(n) before each table the enumerator splits with n tables captured (the point at n, else fixedSeconds + perTableSeconds · n)"),
    })
    .optional()
    .describe('the measurements bounding extrapolation, from the calibration'),
  longPoles: z.array(z.object({ table: z.string(), seconds, chunks: z.number().int().positive(), boundsTotal: z.boolean() })),
  wal: z.object({
    walBytesPerSecond: z.number().nonnegative().optional(),
    retainedBytes: z.number().nonnegative().optional(),
    maxSlotWalKeepSizeBytes: z.number().nonnegative().optional(),
    freeDiskBytes: z.number().nonnegative().optional(),
    level: z.enum(['ok', 'warning', 'danger', 'unknown']),
    note: z.string(),
  }),
  extrapolations: z.array(z.string()).describe('what the estimate carries beyond what was measured'),
  sampling: z
    .object({
      spec: z.string().describe('--sample of the calibration run'),
      measuredTables: z.array(z.string()).describe('catalog tables the connector read in the sampled run'),
      probedTables: z
        .array(z.object({ table: z.string(), chunks: z.number().int().positive(), chunksByRows: z.number().int().positive().describe('rows / chunk size, what the estimate would have assumed'), splitSeconds: seconds, complete: z.boolean() }))
        .describe("the probed tables (the largest and every table of two chunks or more by rows): chunk counts and splitting time from the connector's boundary queries run by the harness"),
      extrapolatedTables: z.array(z.string()).describe('catalog tables not read: estimated by the model fitted on the measured ones'),
      uncovered: z.array(z.string()).describe('classes (dimension=value) of the selection no measured table stood for'),
      note: z.string(),
    })
    .optional()
    .describe('the calibration was a sampled run (run --sample) of the database this catalog describes'),
  sync: syncEstimateSchema.optional().describe('the whole sync (snapshot, then the stream reader catching up), with --stream-capacity'),
  verdict: z.string(),
});

export type EstimateResult = z.infer<typeof estimateResultSchema>;

export function estimateResultJsonSchema(): object {
  return { title: 'cdc-sizer estimate result', ...z.toJSONSchema(estimateResultSchema) };
}
