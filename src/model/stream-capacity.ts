import { z } from 'zod';
import { RESULT_SCHEMA_VERSION } from './run-result.js';

/**
 * The stream's capacity: the highest change rate a single-slot consumer keeps up with. Each step
 * writes at one rate for a while, then stops with a final change; the consumer kept up when it
 * receives that change soon after (a backlog that grew during the step takes long to drain). The
 * rate doubles until a step is not kept up with, then one step between the last rate kept up with
 * and the first not narrows it.
 */
export const capacityStep = z.object({
  askedPerSecond: z.number().nonnegative().describe('row changes per second the workload was asked for'),
  committedPerSecond: z.number().nonnegative().describe('row changes per second it committed'),
  walMBPerSecond: z.number().nonnegative().describe('WAL the server wrote per second during the step (MB)'),
  seconds: z.number().nonnegative(),
  drainSeconds: z.number().nonnegative().nullable().describe('from the workload\'s stop to the consumer receiving its final change; null: not within the grace'),
  keptUp: z.boolean(),
  generatorBehind: z.boolean().describe('the workload committed less than 95 % of the rate asked: the source (or the generator) could not go faster'),
});

export const capacityEngine = z.object({
  engine: z.enum(['stream-ceiling', 'flink-cdc']),
  connectorVersion: z.string().optional(),
  steps: z.array(capacityStep),
  latencySeconds: z.number().nonnegative().nullable().describe('how long one change took to arrive with nothing else written (the consumer\'s own delay: polling, batching, the sink\'s counts reaching the harness); null when it never arrived'),
  /** The highest committed rate a step was kept up with (0 when none was). */
  sustainedPerSecond: z.number().nonnegative(),
  sustainedWalMBPerSecond: z.number().nonnegative(),
  bound: z.enum(['measured', 'generator', 'max-rate']).describe('measured: a higher rate was not kept up with; generator: the workload could not write faster, the capacity is at least this; max-rate: the search stopped at --max-rate'),
  drain: z
    .object({
      backlogChanges: z.number().int().nonnegative().describe('row changes written while the consumer was stopped'),
      backlogWalBytes: z.number().nonnegative(),
      seconds: z.number().nonnegative().nullable().describe("the backlog's first change to arrive to its last, by the consumer's clock; null: not drained within the grace"),
      changesPerSecond: z.number().nonnegative().optional(),
      walMBPerSecond: z.number().nonnegative().optional(),
    })
    .optional()
    .describe('the consumer stopped (the connector with a savepoint), a backlog written at the workload\'s fastest, the consumer started again: how fast it reads a backlog, whatever the workload can write'),
  failure: z.string().optional(),
});

export const streamCapacityResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  kind: z.literal('stream-capacity'),
  createdAt: z.string(),
  subject: z.string(),
  source: z
    .object({
      provider: z.enum(['embedded', 'external', 'testcontainers']).describe('embedded: the PostgreSQL cdc-sizer ran on the measuring machine; external: a server given by --pg-url; testcontainers: a PostgreSQL container cdc-sizer started'),
      server: z.string().describe('host:port'),
      database: z.string(),
      postgres: z.string().describe('server_version'),
      scale: z.number().positive().describe("the scenario's scale"),
    })
    .optional()
    .describe('the server the capacity was measured on (absent in results written before it was recorded)'),
  stepSeconds: z.number().positive(),
  engines: z.array(capacityEngine),
  /** The connector's sustained rate over the ceiling's, when both were measured and bounded by a measurement. */
  connectorShare: z.number().nonnegative().optional(),
});

export type CapacityStep = z.infer<typeof capacityStep>;
export type CapacityEngine = z.infer<typeof capacityEngine>;
export type StreamCapacityResult = z.infer<typeof streamCapacityResultSchema>;

/**
 * How late the final change may arrive and the step still count as kept up with: the consumer's
 * own delay with nothing written (measured before the steps: the connector's is seconds of polling
 * and batching whatever the rate), plus a second and a tenth of the step. A backlog that grew
 * through the step drains on top of that, for longer the further the rate is past the capacity.
 */
export const drainAllowance = (stepSeconds: number, latencySeconds: number): number => latencySeconds + 1 + 0.1 * stepSeconds;

export function judgeStep(step: Omit<CapacityStep, 'keptUp' | 'generatorBehind'>, heldShare: number, latencySeconds: number): CapacityStep {
  return { ...step, keptUp: step.drainSeconds !== null && step.drainSeconds <= drainAllowance(step.seconds, latencySeconds), generatorBehind: heldShare < 0.95 };
}

/** The next rate to try, or undefined when the search is done. */
export function nextRate(steps: readonly CapacityStep[], start: number, maxRate: number): number | undefined {
  if (steps.length === 0) return start;
  const last = steps.at(-1)!;
  if (last.generatorBehind) return undefined;
  const failed = steps.filter((s) => !s.keptUp);
  if (failed.length === 0) return last.askedPerSecond * 2 <= maxRate ? last.askedPerSecond * 2 : undefined;
  const firstFail = Math.min(...failed.map((s) => s.askedPerSecond));
  const kept = steps.filter((s) => s.keptUp && s.askedPerSecond < firstFail).map((s) => s.askedPerSecond);
  if (kept.length === 0) return steps.length < 6 && firstFail / 2 >= 1 ? firstFail / 2 : undefined;
  const best = Math.max(...kept);
  // One narrowing step between the last rate kept up with and the first not.
  if (firstFail / best <= 1.5) return undefined;
  return Math.round(Math.sqrt(best * firstFail));
}

/** What the steps say: the highest rate kept up with, and what bounds it. */
export function capacityOf(steps: readonly CapacityStep[], maxRate: number): Pick<CapacityEngine, 'sustainedPerSecond' | 'sustainedWalMBPerSecond' | 'bound'> {
  const kept = steps.filter((s) => s.keptUp);
  const best = kept.length ? kept.reduce((a, s) => (s.committedPerSecond > a.committedPerSecond ? s : a)) : undefined;
  const bound = steps.some((s) => !s.keptUp) ? 'measured' : steps.at(-1)?.generatorBehind ? 'generator' : steps.at(-1) && steps.at(-1)!.askedPerSecond * 2 > maxRate ? 'max-rate' : 'measured';
  return { sustainedPerSecond: best?.committedPerSecond ?? 0, sustainedWalMBPerSecond: best?.walMBPerSecond ?? 0, bound };
}

export function streamCapacityResultJsonSchema(): object {
  return { title: 'cdc-sizer stream-capacity result', ...z.toJSONSchema(streamCapacityResultSchema) };
}
