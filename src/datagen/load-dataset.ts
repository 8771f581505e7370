import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PgEndpoint } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import type { LoadResult, TableLoadResult } from '../model/load-result.js';
import { copyColumnList, createTableSql, partitionNames, primaryKeySql } from './ddl.js';
import { ident, qualified, qualifiedName } from '../sql/identifiers.js';
import { UnsafeTargetError } from './generate-error.js';
import { listTables, markerComment, typeOwnership } from './ownership.js';
import { PoolBank } from './pool-bank.js';
import { RowStream } from './row-stream.js';
import { TableGenerator } from './table-generator.js';
import type { GenerationPlan, PlannedTable } from './table-plan.js';
import { PINNED_SESSION_SETTINGS } from './types/type-family.js';

export interface LoadOptions {
  concurrency: number;
  allowExisting: boolean;
  progress?: LoadProgress;
}

export interface LoadProgress {
  phase(name: 'prepare' | 'load' | 'keys'): void;
  rows(table: string, rows: number, bytes: number): void;
  tableDone(name: string): void;
}

/** Creates the scenario's types and tables in the database and loads every table with COPY. */
export async function loadDataset(endpoint: PgEndpoint, plan: GenerationPlan, opts: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const admin = await connectPg(endpoint, { settings: sessionSettings(plan) });
  try {
    opts.progress?.phase('prepare');
    await prepareTarget(admin, plan, opts.allowExisting);
    opts.progress?.phase('load');
    const loadStart = performance.now();
    const bank = new PoolBank(plan.scenario.seed, plan.scenario.poolSize);
    const loaded = await forEachConcurrently(largestFirst(plan.tables), opts.concurrency, endpoint, plan, (client, t) => copyTable(client, t, plan, bank, opts.progress));
    const loadSeconds = (performance.now() - loadStart) / 1000;
    opts.progress?.phase('keys');
    const keyStart = performance.now();
    await forEachConcurrently(plan.tables, opts.concurrency, endpoint, plan, (client, t) => finishTable(client, t, plan));
    const keySeconds = (performance.now() - keyStart) / 1000;
    const tables: TableLoadResult[] = [];
    for (const r of loaded) tables.push({ ...r, diskBytes: await diskBytes(admin, plan.scenario.schema, r.name) });
    return {
      tables,
      rows: sum(tables.map((t) => t.rows)),
      bytes: sum(tables.map((t) => t.bytes)),
      diskBytes: sum(tables.map((t) => t.diskBytes)),
      loadSeconds,
      keySeconds,
      totalSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await admin.end();
  }
}

export function sessionSettings(plan: GenerationPlan): Record<string, string> {
  return { ...PINNED_SESSION_SETTINGS, search_path: `${plan.scenario.schema}, public` };
}

/** Refuses foreign tables (unless allowed), drops this scenario's earlier tables, creates types and tables. */
export async function prepareTarget(client: pg.Client, plan: GenerationPlan, allowExisting: boolean): Promise<void> {
  const { schema, name: scenario, hash } = plan.scenario;
  const existing = await listTables(client);
  const foreign = existing.filter((t) => !t.marker && !t.isPartition);
  if (foreign.length > 0 && !allowExisting) {
    const names = foreign.slice(0, 3).map((t) => qualifiedName(t)).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
    throw new UnsafeTargetError(`database "${client.database}" holds ${foreign.length} table${foreign.length > 1 ? 's' : ''} cdc-sizer did not create (${names}); point --pg-url at an empty database, or pass --allow-existing (nothing of theirs is ever dropped)`);
  }
  const wanted = new Set(plan.tables.flatMap((t) => [t.spec.name, ...partitionNames(t)]));
  const clash = existing.find((t) => t.schema === schema && wanted.has(t.name) && !t.marker);
  if (clash) throw new UnsafeTargetError(`table ${qualifiedName({ schema, name: clash.name })} exists and was not created by cdc-sizer, and the scenario needs that name; rename the scenario's tables or use another database`);
  const ours = existing.filter((t) => t.schema === schema && t.marker && !t.isPartition && (t.marker.scenario === scenario || wanted.has(t.name)));
  for (const t of ours) await client.query(`DROP TABLE IF EXISTS ${qualified(t.schema, t.name)} CASCADE`);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
  for (const obj of plan.setup) await createSetupObject(client, schema, obj, markerComment({ scenario, hash }));
  for (const t of plan.tables) {
    for (const sql of createTableSql(t)) await client.query(sql);
    for (const name of [t.spec.name, ...partitionNames(t)]) {
      await client.query(`COMMENT ON TABLE ${qualified(schema, name)} IS ${pg.escapeLiteral(markerComment({ scenario, hash }))}`);
    }
  }
}

async function createSetupObject(client: pg.Client, schema: string, obj: GenerationPlan['setup'][number], marker: string): Promise<void> {
  if (obj.kind === 'extension') {
    await client.query(obj.createSql);
    return;
  }
  const state = await typeOwnership(client, schema, obj.name);
  if (state === 'foreign') throw new UnsafeTargetError(`type ${qualifiedName({ schema, name: obj.name })} exists and was not created by cdc-sizer; drop or rename it, or use another database`);
  if (state === 'ours') return;
  await client.query(obj.createSql);
  await client.query(`COMMENT ON ${obj.kind === 'domain' ? 'DOMAIN' : 'TYPE'} ${qualified(schema, obj.name)} IS ${pg.escapeLiteral(marker)}`);
}

async function copyTable(client: pg.Client, table: PlannedTable, plan: GenerationPlan, bank: PoolBank, progress?: LoadProgress): Promise<Omit<TableLoadResult, 'diskBytes'>> {
  const started = performance.now();
  const gen = new TableGenerator(table, plan.scenario.seed, bank);
  const name = table.spec.name;
  let bytes = 0;
  const stream = new RowStream(gen, (rows, b) => {
    bytes += b;
    progress?.rows(name, rows, b);
  });
  await pipeline(stream, client.query(copyFrom(`COPY ${qualified(table.spec.schema, name)} (${copyColumnList(table)}) FROM STDIN`)));
  progress?.tableDone(name);
  const distinct = Object.fromEntries(table.columns.map((c, i) => [c.spec.name, gen.pools[i]!.fields.length]));
  return { name, rows: table.spec.rows, bytes, seconds: (performance.now() - started) / 1000, distinct };
}

async function finishTable(client: pg.Client, table: PlannedTable, plan: GenerationPlan): Promise<void> {
  const pk = primaryKeySql(table);
  if (pk) await client.query(pk);
  const target = qualified(table.spec.schema, table.spec.name);
  await client.query(`ANALYZE ${target}`);
  const marker = markerComment({ scenario: plan.scenario.name, hash: plan.scenario.hash, rows: table.spec.rows });
  await client.query(`COMMENT ON TABLE ${target} IS ${pg.escapeLiteral(marker)}`);
}

async function diskBytes(client: pg.Client, schema: string, table: string): Promise<number> {
  // pg_partition_tree lists a plain table as its own single member, a partitioned one with its partitions.
  const { rows } = await client.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_total_relation_size(relid)), pg_total_relation_size($1::regclass))::bigint AS bytes FROM pg_partition_tree($1::regclass)`,
    [qualified(schema, table)],
  );
  return Number(rows[0]!.bytes);
}

/** Runs `work` over items with `concurrency` connections; each worker keeps its own connection. */
export async function forEachConcurrently<R>(items: PlannedTable[], concurrency: number, endpoint: PgEndpoint, plan: GenerationPlan, work: (client: pg.Client, t: PlannedTable) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    const client = await connectPg(endpoint, { settings: sessionSettings(plan), applicationName: 'cdc-sizer generate' });
    try {
      while (next < items.length) {
        const item = items[next++]!;
        results.push(await work(client, item));
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

/** Biggest tables first, so the long poles start early and the workers finish together. */
export function largestFirst(tables: PlannedTable[]): PlannedTable[] {
  return [...tables].sort((a, b) => b.spec.rows - a.spec.rows);
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
