/**
 * bench:chunk-kinds — what makes one chunk's cycle dearer than another's, read off one full snapshot.
 *
 * A sampled sizing never reads the largest tables, so it costs their chunks from the small tables'
 * (docs/model.md, Sampled sizing). Whether that holds depends on what a cycle depends on: the
 * table's size, its key type, how the key is split, or the rows a chunk holds. On one embedded
 * server, schema `kinds`, every chunk kind beside the others in the same job:
 *   - `audit`: one table of 60 chunks, four narrow columns, bigint key (a large table's chunks);
 *   - `three_01`…`three_20` and `one_01`…`one_20`: the same columns in tables of 3 chunks and of one
 *     full chunk (small tables' chunks: a table switch at nearly every chunk);
 *   - `ids_01`…`ids_06`: (id integer, locale text, name text), integer key, 3 chunks each;
 *   - `loc_01`…`loc_06`: the same columns keyed (locale, id) with three locales, so the connector
 *     splits by locale: two chunks a table, a third and two thirds of its rows (0.8–5.9× the chunk
 *     size, 2.7× on average).
 * It runs the full snapshot through the CLI and prints, per kind, its chunks, rows per chunk and
 * mean cycle (the readers' cycles its records ended: result.json `tables[].cycles`), and per job
 * each reader's first 10 cycles apart from its later ones (`readers[].earlyCycles`).
 *
 *   npm run bench:chunk-kinds -- [--parallelism 1] [--writes-per-second 0]
 *
 * `--writes-per-second N`: meanwhile a client inserts N rows a second into a table of another
 * database on the same server (a busy server's WAL: the connector skips a chunk's backfill only
 * when no WAL was written while the chunk was read).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { probeChunkBoundaries } from '../src/catalog/chunk-boundaries.js';
import { using } from '../src/commands/cleanup.js';
import { EmbeddedPostgres } from '../src/infra/embedded/embedded-postgres.js';
import { ensureFlinkArtifacts } from '../src/infra/flink/maven-build.js';
import { connectPg } from '../src/infra/pg-connect.js';
import { runResultSchema, type RunResult } from '../src/model/run-result.js';
import { tableStyle } from '../src/report/terminal/format.js';
import { cli, commit, EARLY_CYCLES, earlyThenLater, log } from './bench-cli.js';

const { values: args } = parseArgs({ options: { parallelism: { type: 'string', default: '1' }, 'writes-per-second': { type: 'string', default: '0' } } });

const CHUNK = 8096;
const NARROW = 'id bigint NOT NULL PRIMARY KEY, ticket_no integer NOT NULL, at timestamptz NOT NULL, action smallint NOT NULL';
const narrowRows = (n: number) => `SELECT g, g / 4, timestamptz '2021-01-01' + g * interval '40 seconds', (g % 9)::smallint FROM generate_series(1, ${n}) g`;
const NAMED = 'id integer NOT NULL, locale text NOT NULL, name text NOT NULL';
const namedRows = (n: number) => `SELECT g, (ARRAY['en','de','fr'])[1 + g % 3], 'name ' || md5(g::text) FROM generate_series(1, ${n}) g`;
/** The (locale, id) tables' rows: two chunks each, of 10,000 to 36,000 rows on average. */
const LOC_ROWS = [20_000, 36_000, 48_000, 60_000, 24_000, 72_000];

interface KindTable {
  name: string;
  kind: 'audit' | 'three' | 'one' | 'ids' | 'loc';
  /** Its place among the tables of its kind, from 0. */
  index: number;
  split: { name: string; type: string };
}

function tables(): KindTable[] {
  const n = (i: number) => String(i).padStart(2, '0');
  const bigint = { name: 'id', type: 'bigint' };
  const of = (kind: KindTable['kind'], count: number, split: KindTable['split']): KindTable[] => Array.from({ length: count }, (_, index) => ({ name: `${kind}_${n(index + 1)}`, kind, index, split }));
  return [
    { name: 'audit', kind: 'audit', index: 0, split: bigint },
    ...of('three', 20, bigint),
    ...of('one', 20, bigint),
    ...of('ids', 6, { name: 'id', type: 'integer' }),
    ...of('loc', LOC_ROWS.length, { name: 'locale', type: 'text' }),
  ];
}

function sql(): string {
  const statements = ['CREATE SCHEMA kinds;'];
  for (const t of tables()) {
    const [ddl, rows] =
      t.kind === 'audit' ? [NARROW, narrowRows(60 * CHUNK)]
      : t.kind === 'three' ? [NARROW, narrowRows(3 * CHUNK)]
      : t.kind === 'one' ? [NARROW, narrowRows(CHUNK)]
      : t.kind === 'ids' ? [`${NAMED}, PRIMARY KEY (id)`, namedRows(3 * CHUNK)]
      : [`${NAMED}, PRIMARY KEY (locale, id)`, namedRows(LOC_ROWS[t.index]!)];
    statements.push(`CREATE TABLE kinds.${t.name} (${ddl}); INSERT INTO kinds.${t.name} ${rows};`);
  }
  return statements.join('\n');
}

async function main(): Promise<void> {
  const writesPerSecond = Number(args['writes-per-second']);
  if (!Number.isFinite(writesPerSecond) || writesPerSecond < 0) throw new Error(`--writes-per-second ${args['writes-per-second']}: a number ≥ 0`);
  const work = await mkdtemp(path.join(tmpdir(), 'cdc-sizer-bench-kinds-'));
  await chmod(work, 0o755); // as root the server runs as the postgres user, which must reach its state
  const server = await new EmbeddedPostgres()
    .withStateDir(path.join(work, 'state'))
    .withLog(log)
    .start()
    .catch(async (err: unknown) => {
      await rm(work, { recursive: true, force: true });
      throw err;
    });
  await using({ release: async () => { await server.release(); await rm(work, { recursive: true, force: true }); } }, async () => {
    const admin = await connectPg(server.pg);
    const chunks = new Map<string, { chunks: number; rows: number }>();
    try {
      await admin.query(sql());
      await admin.query('VACUUM (ANALYZE)');
      for (const t of tables()) {
        const rows = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM kinds.${t.name}`)).rows[0]!.n);
        const probe = await probeChunkBoundaries(admin, { schema: 'kinds', name: t.name, column: t.split, rows }, CHUNK);
        chunks.set(`kinds.${t.name}`, { chunks: probe.chunks, rows });
      }
      if (writesPerSecond > 0) await admin.query('CREATE DATABASE other');
    } finally {
      await admin.end();
    }
    await ensureFlinkArtifacts(undefined, log);
    const writer = writesPerSecond > 0 ? await backgroundWrites(server.pg, writesPerSecond) : undefined;
    try {
      const full = await cli(['run', '--pg-url', server.pg.url, '--engine', 'flink-cdc', '--parallelism', args.parallelism!, '--chunk-size', String(CHUNK), '--fidelity-rows', '0', '--json']);
      const writes = writer ? await writer.stop() : 0;
      process.stdout.write(`${report(runResultSchema.parse(JSON.parse(full.out)), chunks, writes)}\n`);
    } finally {
      await writer?.stop().catch(() => undefined); // after a failed run, the run's error is the one to show
    }
  });
}

/**
 * Inserts into a table of another database at a steady rate until stopped; stop() says how many,
 * or throws the insert's error once the client is closed (an error mid-run waits for stop(), so
 * the run's cleanup still happens).
 */
async function backgroundWrites(pg: Parameters<typeof connectPg>[0], perSecond: number): Promise<{ stop: () => Promise<number> }> {
  const client = await connectPg({ ...pg, database: 'other' });
  try {
    await client.query('CREATE TABLE IF NOT EXISTS writes (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
  } catch (err) {
    await client.end();
    throw err;
  }
  let running = true;
  let writes = 0;
  const loop = (async () => {
    while (running) {
      await client.query('INSERT INTO writes DEFAULT VALUES');
      writes++;
      await new Promise((r) => setTimeout(r, 1000 / perSecond));
    }
  })();
  const failed = loop.then(() => undefined, (err: unknown) => err);
  let stopped: Promise<number> | undefined;
  const stop = async (): Promise<number> => {
    running = false;
    const err = await failed;
    await client.end();
    if (err !== undefined) throw err;
    return writes;
  };
  return { stop: () => (stopped ??= stop()) };
}

function report(result: RunResult, chunks: Map<string, { chunks: number; rows: number }>, writes: number): string {
  const lines = [`bench:chunk-kinds at ${commit()}, ${result.environment.cores} cores, chunk size ${CHUNK}${writes > 0 ? `; ${writes} inserts into another database meanwhile` : ''}`];
  for (const point of result.points) {
    for (const job of point.samples.filter((s) => s.ok)) {
      lines.push(`p=${point.settings.parallelism}: ${job.wallSeconds.toFixed(1)} s, ${job.chunks} chunks`, kindsTable(job.tables ?? [], chunks), `  each reader's first ${EARLY_CYCLES} cycles, then its later ones: ${earlyThenLater(job.readers ?? [])}`);
    }
  }
  return lines.join('\n');
}

/** Per kind: its tables, chunks (as the connector cuts them), rows per chunk and the mean of the cycles its records ended. */
function kindsTable(tables: NonNullable<RunResult['points'][number]['samples'][number]['tables']>, chunks: Map<string, { chunks: number; rows: number }>): string {
  const table = new Table({ head: ['kind', 'tables', 'chunks', 'rows per chunk', 'cycles', 'mean cycle'], style: tableStyle() });
  const kinds = new Map<string, { tables: number; chunks: number; rows: number; cycles: number; seconds: number }>();
  for (const t of tables) {
    const kind = t.table.replace(/^kinds\./, '').replace(/_\d+$/, '');
    const k = kinds.get(kind) ?? { tables: 0, chunks: 0, rows: 0, cycles: 0, seconds: 0 };
    const c = chunks.get(t.table);
    kinds.set(kind, { tables: k.tables + 1, chunks: k.chunks + (c?.chunks ?? 0), rows: k.rows + (c?.rows ?? 0), cycles: k.cycles + (t.cycles ?? 0), seconds: k.seconds + (t.cycleSeconds ?? 0) });
  }
  for (const [kind, k] of kinds) table.push([kind, k.tables, k.chunks, Math.round(k.rows / Math.max(1, k.chunks)), k.cycles, k.cycles > 0 ? `${(k.seconds / k.cycles).toFixed(3)} s` : '']);
  return table.toString();
}

main().catch((err: unknown) => {
  log(`bench:chunk-kinds failed: ${(err as Error).message}`);
  process.exitCode = 1;
});
