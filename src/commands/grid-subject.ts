import type pg from 'pg';
import type { GenerationPlan } from '../datagen/table-plan.js';
import type { SourceTable } from '../engines/source-table.js';
import type { RunResult, RunSample } from '../model/run-result.js';
import { failureLine, judgeTables, type Expected, type Verdicts } from '../verify/table-verdicts.js';
import { qualifiedName } from '../sql/identifiers.js';

/**
 * What a grid measures, as far as the grid loop needs to know: a generated scenario, or an
 * existing database's selected tables. The loop runs engines; the subject names the jobs, tells
 * the observers where to look, verifies each sample and describes itself in result.json.
 */
export interface GridSubject {
  /** In job names and the report folder's name. */
  name: string;
  /** Schemas of the measured tables, where the observers sample locks and statements. */
  schemas: string[];
  /** Expected rows (and key fingerprints) per table, schema.table. */
  expected: ReadonlyMap<string, Expected>;
  /** Judges a sample against the source; `skipped` tables were left out of its point. Sets ok, failure and the mismatch lists. */
  verify(sample: RunSample, skipped: ReadonlySet<string>): Promise<void>;
  /** The result's `scenario` and `source` sections, once every point is measured. */
  describe(client: pg.Client, tables: SourceTable[]): Promise<Pick<RunResult, 'scenario' | 'source'>>;
}

/** Writes the verdicts into a sample; a failure already there (the job's own) comes first. */
export function applyVerdicts(sample: RunSample, v: Verdicts): void {
  sample.countMismatches = v.countMismatches;
  if (v.fingerprintMismatches.length > 0) sample.fingerprintMismatches = v.fingerprintMismatches;
  if (v.unverified.length > 0) sample.changedTables = v.unverified;
  const failure = failureLine(v);
  if (failure) {
    sample.ok = false;
    sample.failure ??= failure;
  }
}

/** A generated scenario: its tables hold exactly the rows the plan says, and nobody else writes to them. */
export function scenarioSubject(plan: GenerationPlan): GridSubject {
  const expected = new Map(plan.tables.map((t) => [qualifiedName(t.spec), { rows: t.spec.rows }]));
  return {
    name: plan.scenario.name,
    schemas: [plan.scenario.schema],
    expected,
    async verify(sample, skipped) {
      applyVerdicts(sample, judgeTables(new Map([...expected].filter(([t]) => !skipped.has(t))), sample.tables));
    },
    async describe(client, tables) {
      const disk = await client.query<{ b: string }>(`SELECT coalesce(sum(pg_table_size(c.oid)), 0)::bigint AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`, [plan.scenario.schema]);
      return {
        source: { kind: 'scenario' },
        scenario: {
          name: plan.scenario.name,
          hash: plan.scenario.hash,
          scale: plan.scenario.scale,
          tables: plan.tables.length,
          keyShapes: Object.fromEntries(plan.tables.map((t) => [qualifiedName(t.spec), t.spec.key.shape])),
          capturedTables: tables.reduce((a, t) => a + (t.partitions?.length ?? 1), 0),
          rows: plan.tables.reduce((a, t) => a + t.spec.rows, 0),
          diskBytes: Number(disk.rows[0]!.b),
        },
      };
    },
  };
}
