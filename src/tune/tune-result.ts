import { z } from 'zod';

/** result.json of `cdc-sizer tune`: the search, the recommendation and the proof, versioned like the other envelopes. */
export const TUNE_SCHEMA_VERSION = 1;

const seconds = z.number().nonnegative();

const candidate = z.object({
  parallelism: z.number().int().positive().describe('source readers in all'),
  jobs: z.number().int().positive().describe('jobs the tables are split into, each with parallelism / jobs readers and its own slot and publication'),
  chunkSize: z.number().int().positive(),
  options: z.record(z.string(), z.string()).describe('connector builder options and debezium.* properties; empty: the connector\'s defaults'),
});

const trial = z.object({
  candidate,
  rung: z.number().int().nonnegative().describe('0: the cheapest workload; the last: the whole one'),
  seconds: seconds.describe('submit to the job\'s end, as the harness saw it'),
  verified: z.boolean().describe('row counts and key fingerprints matched the source'),
  failure: z.string().optional(),
  peakRssBytes: z.number().nonnegative().optional().describe("the local Flink JVM's peak resident memory while it ran this candidate alone (VmHWM); absent on a remote cluster"),
  rejected: z.string().optional().describe('why it went no further: not verified, over --memory, or not among the best of its rung'),
});

export const tuneResultSchema = z.object({
  schemaVersion: z.literal(TUNE_SCHEMA_VERSION),
  kind: z.literal('tune'),
  createdAt: z.string(),
  cdcSizer: z.string(),
  connectorVersion: z.string(),
  subject: z.object({ name: z.string(), tables: z.number().int().nonnegative(), rows: z.number().int().nonnegative() }),
  seed: z.number().int(),
  budgetSeconds: seconds,
  searchSeconds: seconds.describe('what the search took (the proof comes after it, outside the budget)'),
  memoryBytes: z.number().nonnegative().optional(),
  allowAtLeastOnce: z.boolean(),
  space: z.array(z.object({ name: z.string(), values: z.array(z.string()), why: z.string() })),
  rungs: z.array(z.object({ workload: z.string(), growth: z.number().positive().describe('expected time against the rung below') })),
  trials: z.array(trial),
  unmeasured: z.array(candidate).describe('drawn but not measured: the budget would not have held them'),
  stoppedByBudget: z.boolean(),
  recommendation: z
    .object({
      candidate,
      measuredOn: z.string().describe('the workload of the highest rung it was verified on: the whole one, or only a part when the budget stopped the search before'),
      jobTables: z.array(z.array(z.string())).describe('with more than one job: the tables of each (schema.table)'),
      risks: z.array(z.string()),
      snippets: z.array(z.object({ pipelineYaml: z.string(), flinkSql: z.string(), dataStream: z.string() })).describe('one set per job'),
    })
    .optional(),
  proof: z
    .object({
      workload: z.string(),
      defaultsSeconds: z.array(seconds).describe('the connector\'s defaults, in the order measured (alternating with the winner: A B A B …)'),
      winnerSeconds: z.array(seconds),
      allVerified: z.boolean(),
      ratio: z.number().positive().describe('median(winner) / median(defaults)'),
      interval: z.object({ low: z.number(), high: z.number() }).optional().describe('95 % bootstrap interval of the ratio; absent below three runs a side'),
    })
    .optional(),
  wholeSelection: z
    .object({
      tables: z.number().int().nonnegative().describe('the selection the sample was drawn from'),
      parallelism: z.number().int().positive(),
      seconds: seconds.optional().describe("estimate's prediction of the whole selection's snapshot at the recommended settings"),
      low: seconds.optional(),
      high: seconds.optional(),
      note: z.string().describe('where the figure comes from (calibration/ and estimate/ beside result.json), or why there is none'),
    })
    .optional()
    .describe('with --sample: the whole selection at the recommended settings, from a sampled run at them and estimate'),
});

export type TuneResult = z.infer<typeof tuneResultSchema>;
export type TuneTrial = z.infer<typeof trial>;

export function tuneResultJsonSchema(): object {
  return { title: 'cdc-sizer tune result', ...z.toJSONSchema(tuneResultSchema) };
}
