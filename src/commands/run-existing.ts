import type pg from 'pg';
import { blockingFindings, runPreflight } from '../catalog/preflight/preflight.js';
import { tablesInScope, type ScopedTable } from '../catalog/preflight/scope.js';
import { readPrimaryKeys, type KeyColumn } from '../catalog/primary-keys.js';
import { keyShape } from '../catalog/profile/keys.js';
import { readOnly } from '../catalog/read-only.js';
import { excludeOption, overmatchedTables, overmatchText, uncapturableTables, uncapturableText } from '../catalog/connector-names.js';
import { namePattern, selectTables, tablePattern, TablePatternError } from '../catalog/table-selection.js';
import { describeTables, type SourceTable } from '../engines/source-table.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Endpoints } from '../infra/endpoints.js';
import type { SourceTableFacts } from '../model/run-result.js';
import { readExpectations, readWriteCounters, SnapshotScanStopped, type ExpectedTable } from '../verify/source-expectations.js';
import { CheckFailedError } from './check-failed.js';
import { existingSubject, type ExistingSource } from './existing-subject.js';
import type { GridSubject } from './grid-subject.js';
import { sampleSelection, type PartialTable, type SampleRequest } from './run-sample.js';
import { UsageError } from './usage-error.js';
import { qualifiedName } from '../sql/identifiers.js';

export interface ExistingSelection {
  include: string[];
  exclude: string[];
  /** Tables without a primary key and without a chunk key column: leave them out, or stop. */
  noKey: 'skip' | 'stop';
  /** `schema.table=column` */
  chunkKeyColumns: string[];
  /** Only the raw-copy engine runs: replication is not needed, only reading. */
  rawCopyOnly: boolean;
  /** --sample: measure a stratified sample of the selection instead of all of it. */
  sample?: SampleRequest;
  /** --verify: counts and key fingerprints, or counts only. */
  verify: 'keys' | 'counts';
  /** --verify-timeout: the longest the verification snapshot may be held, as given and in ms (undefined: no limit). */
  verifyTimeout?: { text: string; ms: number };
}

/**
 * An existing database's tables, ready to measure: selected by pattern, checked by preflight
 * (nothing is created before it passes), keyed, and counted and fingerprinted in one snapshot.
 */
export async function prepareExisting(e: Endpoints, client: pg.Client, sel: ExistingSelection, log: (line: string) => void): Promise<{ subject: GridSubject; tables: SourceTable[]; catalog?: Catalog; partial?: PartialTable[] }> {
  const scoped = await selectedTables(client, sel);
  if (!sel.rawCopyOnly) await requireCapturableNames(client, scoped);
  // Whatever the engine: raw-copy too counts and verifies each table under its `schema.table` name.
  requireDistinctNames(scoped);
  if (!sel.rawCopyOnly) await noteOvermatchedNames(client, scoped, log);
  await requireNoBlockingFinding(client, scoped, sel.rawCopyOnly);
  if (!sel.rawCopyOnly) await requirePublicationRights(client, scoped);
  const { tables, measured, skipped, keys, sampled, partial } = await keyedTables(client, scoped, sel, log);
  const counters = await readWriteCounters(client, tables);
  const { tables: expected, snapshotSeconds } = await readExpectations(client, tables, { keys: sel.verify === 'keys', timeoutMs: sel.verifyTimeout?.ms, log }).catch((err: unknown) => {
    throw err instanceof SnapshotScanStopped ? new CheckFailedError(scanStoppedLine(err, sel)) : err;
  });
  const rows = expected.reduce((a, t) => a + t.rows, 0);
  log(`counted ${rows.toLocaleString('en-US')} rows of ${tables.length} tables${sel.verify === 'keys' ? ' and summed their keys' : ' (counts only: --verify counts)'} in one REPEATABLE READ snapshot, held ${snapshotSeconds.toFixed(1)} s`);
  const source: ExistingSource = {
    kind: 'existing',
    server: `${e.pg.host}:${e.pg.port}`,
    database: e.pg.database,
    include: sel.include,
    exclude: sel.exclude,
    noKey: sel.noKey,
    skippedTables: skipped,
    tables: await tableFacts(client, tables, measured, keys, expected, log),
    changedTables: [],
    ...(sampled ? { sample: sampled.record } : {}),
    verification: { method: sel.verify, isolation: 'repeatable read', snapshotSeconds, ...(sel.verifyTimeout ? { timeoutSeconds: sel.verifyTimeout.ms / 1000 } : {}) },
  };
  return { subject: existingSubject(e.pg, source, tables, counters, log), tables, ...(sampled ? { catalog: sampled.catalog } : {}), ...(partial.length > 0 ? { partial } : {}) };
}

/** One line: why the verification snapshot stopped, what is not verified, what to do. Nothing has been created yet. */
function scanStoppedLine(e: SnapshotScanStopped, sel: ExistingSelection): string {
  const cause = e.reason === 'timeout' ? `reached --verify-timeout ${sel.verifyTimeout?.text} (held ${e.heldSeconds.toFixed(0)} s)` : 'could not lock it for reading within 5 s (a session holds or waits for an exclusive lock on it)';
  const list = `${e.notRead.slice(0, 5).join(', ')}${e.notRead.length > 5 ? ` and ${e.notRead.length - 5} more` : ''}`;
  const fix = e.reason === 'timeout' ? `raise --verify-timeout, leave big tables out (--exclude)${sel.verify === 'keys' ? ', or count rows only (--verify counts)' : ''}` : 'run again when the lock is released, or leave the table out (--exclude)';
  return `the verification snapshot ${cause} while reading ${e.table}: ${e.notRead.length} table(s) not verified (${list}); nothing was measured or created; ${fix}`;
}

/** The tables with the key each is chunked by: its primary key, or its --chunk-key-column; the others skipped or refused. */
async function keyedTables(client: pg.Client, scoped: ScopedTable[], sel: ExistingSelection, log: (line: string) => void) {
  const chunkKeys = await chunkKeyColumns(client, sel.chunkKeyColumns, scoped);
  const keys = await readOnly(client, (c) => readPrimaryKeys(c, scoped.map((t) => t.oid)));
  for (const t of scoped) if (keys.has(t.oid) && chunkKeys.has(t.qualified)) log(`--chunk-key-column ${t.qualified}=${chunkKeys.get(t.qualified)} ignored: the table has a primary key, which chunks it`);
  const { kept, skipped } = keyless(scoped, keys, chunkKeys, sel.noKey, log);
  // A sample reads (and counts) only its tables; the catalog of the whole selection goes beside the result.
  const sampled = sel.sample ? await sampleSelection(client, kept, chunkKeys, sel.sample, log) : undefined;
  const measured = sampled?.measured ?? kept;
  const tables = await readOnly(client, (c) => describeTables(c, measured, (t) => chunkKeys.get(qualifiedName(t))));
  // Read in part after the sample's jobs (run-sample.ts, readPartially): neither counted nor verified.
  const described = sampled && sampled.partial.length > 0 ? await readOnly(client, (c) => describeTables(c, sampled.partial.map((p) => p.table), (t) => chunkKeys.get(qualifiedName(t)))) : [];
  const partial: PartialTable[] = described.flatMap((table) => sampled!.partial.filter((p) => p.table.qualified === qualifiedName(table)).map((p) => ({ table, chunks: p.chunks })));
  return { tables, measured, skipped, keys, sampled, partial };
}

/** Ordinary and partitioned tables (never a partition) matching the patterns; a pattern matching nothing is a typo. */
export async function selectedTables(client: pg.Client, sel: Pick<ExistingSelection, 'include' | 'exclude' | 'rawCopyOnly'>): Promise<ScopedTable[]> {
  const scope = await readOnly(client, (c) => tablesInScope(c));
  const names = scope.tables.map(namePattern);
  if (names.length === 0) {
    // A server that cannot run CDC at all says so before it says that it has nothing to measure.
    await requireNoBlockingFinding(client, [], sel.rawCopyOnly);
    throw new UsageError(`database "${client.database}" holds no tables outside the system schemas that this user can see`);
  }
  const { selected, unmatched } = selectTables(scope.tables, sel.include, sel.exclude);
  if (unmatched.length > 0) throw new UsageError(`--${sel.include.includes(unmatched[0]!) ? 'tables' : 'exclude'} pattern "${unmatched[0]}" matches no table; tables there include ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` (and ${names.length - 5} more)` : ''}`);
  if (selected.length === 0) throw new UsageError(`--exclude leaves no table to measure`);
  return selected;
}

/**
 * Names the connector would misread (see connector-names.ts) stop the run before anything is
 * created, with the table, the reason and the way out.
 */
async function requireCapturableNames(client: pg.Client, tables: ScopedTable[]): Promise<void> {
  const found = await readOnly(client, (c) => uncapturableTables(c, tables.map((t) => t.oid)));
  const first = found[0];
  if (first) {
    const more = found.length > 1 ? `; ${found.length - 1} more: ${found.slice(1, 4).map((t) => namePattern(t)).join(', ')}${found.length > 4 ? ', …' : ''}` : '';
    throw new UsageError(`Flink CDC cannot capture ${uncapturableText(first)}${more}; leave ${found.length > 1 ? 'them' : 'it'} out with ${excludeOption(found.map((t) => t.partitionOf ?? t))} (raw-copy alone reads ${found.length > 1 ? 'them' : 'it'}: --engine raw-copy)`);
  }
}

/** A name whose chunk filter also matches a look-alike table is said in a note: read right when nothing writes, so said, not refused (see preflight's table-name-overlap). */
async function noteOvermatchedNames(client: pg.Client, tables: ScopedTable[], log: (line: string) => void): Promise<void> {
  for (const x of await readOnly(client, (c) => overmatchedTables(c, tables.map((t) => t.oid)))) {
    log(`note: Flink CDC's filter for each chunk of ${overmatchText(x)} (it compares names case-insensitively and reads a dot as any character): ${x.alsoMatches.length > 1 ? 'they join' : 'it joins'} the run's publication while those chunks are read`);
  }
}

/**
 * Two selected tables that results would name alike (`"a.b"."c"` and `"a"."b.c"` are both a.b.c
 * there, in the job's counts and in raw-copy's) stop the run before anything is created, whatever
 * the engine: their rows would be merged under one name and verification would fail falsely.
 */
function requireDistinctNames(tables: ScopedTable[]): void {
  const alike = tables.find((t, i) => tables.findIndex((u) => u.qualified === t.qualified) !== i);
  if (alike) {
    const both = tables.filter((t) => t.qualified === alike.qualified);
    throw new UsageError(`tables ${both.map(namePattern).join(' and ')} would both be named ${alike.qualified} in the job's counts and the results; measure them in separate runs (${excludeOption([both[1]!])})`);
  }
}

/** Preflight over exactly the selected tables: what would make the job fail stops the run before anything is created. */
async function requireNoBlockingFinding(client: pg.Client, tables: ScopedTable[], rawCopyOnly: boolean): Promise<void> {
  // By schema and name as a pair: no other table whose `schema.table` spelling or bare name is the same.
  const report = await runPreflight(client, { tables: tables.map(({ schema, name }) => ({ schema, name })), sampleSeconds: 0 });
  // raw-copy only reads: replication settings and privileges do not concern it.
  const blocking = blockingFindings(report).filter((f) => !rawCopyOnly || f.id === 'select-privilege');
  const f = blocking[0];
  if (f) throw new CheckFailedError(`preflight: ${f.title} (${f.evidence}); fix: ${f.fix}${blocking.length > 1 ? `; ${blocking.length - 1} more blocking finding(s): cdc-sizer preflight lists them` : ''}`);
}

/**
 * The job creates its publication FOR TABLE the selected tables, which PostgreSQL allows only to a
 * superuser or the owner of every one of them; otherwise every job would fail at its start (and the
 * grid would probe table by table for a cause that is the role's).
 */
async function requirePublicationRights(client: pg.Client, tables: ScopedTable[]): Promise<void> {
  const { rows } = await readOnly(client, (c) =>
    c.query<{ superuser: boolean; user: string; others: string[] }>(
      `SELECT r.rolsuper AS superuser, current_user AS user,
              coalesce((SELECT array_agg(c.oid::int8 ORDER BY c.oid) FROM pg_class c WHERE c.oid = ANY($1::oid[]) AND NOT pg_has_role(c.relowner, 'USAGE')), '{}') AS others
       FROM pg_roles r WHERE r.rolname = current_user`,
      [tables.map((t) => t.oid)],
    ),
  );
  const { superuser, user } = rows[0]!;
  const others = tables.filter((t) => rows[0]!.others.map(Number).includes(t.oid)).map((t) => t.qualified);
  if (superuser || others.length === 0) return;
  throw new CheckFailedError(`role ${user} may not create the run's publication: it is neither a superuser nor the owner of ${others.length} selected table(s), e.g. ${others.slice(0, 3).join(', ')}; fix: run as the tables' owner or a superuser, or leave those tables out (--exclude)`);
}

/** `--chunk-key-column schema.table=column`: a selected table (named as --tables names one) and a NOT NULL column of it. */
async function chunkKeyColumns(client: pg.Client, specs: string[], tables: ScopedTable[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const spec of specs) {
    const m = /^(.+)=([^=]+)$/.exec(spec);
    const matching = m ? tables.filter(chunkKeyTable(m[1]!)) : [];
    const table = matching.length === 1 ? matching[0] : undefined;
    if (!m || !table) throw new UsageError(`--chunk-key-column needs schema.table=column for ${matching.length > 1 ? 'one' : 'a'} selected table, got "${spec}"${matching.length > 1 ? ` (it names ${matching.map(namePattern).join(', ')})` : ''}`);
    const { rows } = await readOnly(client, (c) => c.query<{ notnull: boolean }>('SELECT attnotnull AS notnull FROM pg_attribute WHERE attrelid = $1 AND attname = $2 AND attnum > 0 AND NOT attisdropped', [table.oid, m[2]]));
    if (rows.length === 0) throw new UsageError(`--chunk-key-column ${spec}: ${table.qualified} has no column "${m[2]}"`);
    if (!rows[0]!.notnull) throw new UsageError(`--chunk-key-column ${spec}: column "${m[2]}" may be NULL; the connector chunks only by a NOT NULL column`);
    out.set(table.qualified, m[2]!);
  }
  return out;
}

/** Tables without a primary key and without a chunk key column: skipped with a warning, or the run stops. */
function keyless(tables: ScopedTable[], keys: Map<number, KeyColumn[]>, chunkKeys: Map<string, string>, noKey: 'skip' | 'stop', log: (line: string) => void) {
  const without = tables.filter((t) => !keys.has(t.oid) && !chunkKeys.has(t.qualified));
  if (without.length > 0 && noKey === 'stop') {
    throw new UsageError(`${without.length} selected table(s) without a primary key: ${without.map((t) => t.qualified).join(', ')}; name a NOT NULL (ideally unique) column to chunk by with --chunk-key-column ${without[0]!.qualified}=COLUMN, or leave them out with --no-key skip`);
  }
  if (without.length > 0) log(`skipping ${without.length} table(s) without a primary key (--no-key skip): ${without.map((t) => t.qualified).join(', ')}`);
  const kept = tables.filter((t) => !without.includes(t));
  if (kept.length === 0) throw new UsageError('no selected table has a primary key or a --chunk-key-column; nothing to measure');
  return { kept, skipped: without.map((t) => ({ table: t.qualified, reason: 'no primary key and no --chunk-key-column' })) };
}

/** What result.json records per table, with the key shape as profile classifies it (estimate matches catalogs on it). */
async function tableFacts(client: pg.Client, tables: SourceTable[], scoped: ScopedTable[], keys: Map<number, KeyColumn[]>, expected: ExpectedTable[], log: (line: string) => void): Promise<SourceTableFacts[]> {
  const out: SourceTableFacts[] = [];
  for (const t of tables) {
    const s = scoped.find((x) => x.schema === t.schema && x.name === t.name)!;
    const x = expected.find((y) => y.table === s.qualified)!;
    const relation = { oid: s.oid, schema: s.schema, name: s.name, partitioned: s.partitioned, parentOid: null, reltuples: x.rows, relpages: 0, replicaIdentity: 'default' as const };
    const shape = await keyShape(client, relation, keys.get(s.oid), x.rows, log);
    out.push({
      table: s.qualified,
      keyColumns: t.key.map((k) => k.name),
      ...(t.keyIsChunkColumn ? { chunkKeyColumn: t.key[0]!.name } : {}),
      keyShape: shape.shape,
      rows: x.rows,
      ...(x.keyFingerprint ? { keyFingerprint: x.keyFingerprint } : {}),
      ...(x.fingerprintNote ? { fingerprintNote: x.fingerprintNote } : {}),
    });
  }
  return out;
}

/** The table part of --chunk-key-column, read as a --tables pattern ("Sales.EU"."Order.Items" quoted as there). */
function chunkKeyTable(pattern: string): (t: ScopedTable) => boolean {
  try {
    return tablePattern(pattern);
  } catch (err) {
    if (err instanceof TablePatternError) throw new UsageError(`--chunk-key-column: ${err.message}`);
    throw err;
  }
}
