import type pg from 'pg';
import { ident, qualified, qualifiedName } from '../sql/identifiers.js';
import { fingerprintable, fingerprintHex, KeyFingerprint } from './key-fingerprint.js';

/** A table whose snapshot is to be verified, with the columns the job's records are keyed (or chunked) by, in key order. */
export interface ExpectedTableInput {
  schema: string;
  name: string;
  key: { name: string; type: string }[];
}

export interface ExpectedTable {
  /** schema.table */
  table: string;
  rows: number;
  /** Sum of the keys' FNV-1a 64 hashes, 16 hex digits; absent when the key's type cannot be fingerprinted. */
  keyFingerprint?: string;
  /** Why there is no fingerprint. */
  fingerprintNote?: string;
}

/** Rows fetched per round trip while streaming keys. */
const FETCH_ROWS = 10_000;

export interface ExpectationOptions {
  /** false (--verify counts): count rows only, no key is read or hashed. */
  keys: boolean;
  /** The longest the snapshot may be held (--verify-timeout); undefined: no limit. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** The expectations, and how long their snapshot was held open. */
export interface Expectations {
  tables: ExpectedTable[];
  snapshotSeconds: number;
}

/**
 * The snapshot scan stopped before every table was read: the time limit ran out (or a table could not
 * be locked for reading soon enough). The tables from `table` on are not verified.
 */
export class SnapshotScanStopped extends Error {
  override name = 'SnapshotScanStopped';
  constructor(
    readonly reason: 'timeout' | 'lock',
    readonly table: string,
    readonly notRead: string[],
    readonly heldSeconds: number,
  ) {
    super(`${reason} on ${table}`);
  }
}

/**
 * Every table's count and key fingerprint, all read in one REPEATABLE READ snapshot, so that the
 * figures belong to one moment: the one the run started from. Read-only; keys are streamed through
 * a cursor (keys only, never whole rows) and hashed here. While the snapshot is open, vacuum of
 * every table in the database (and of the shared catalogs) keeps what it may still see, and every
 * table read stays AccessShare-locked until the end (DDL on them waits), so its age is bounded: every statement gets what is left of
 * `timeoutMs` as its statement_timeout (a FETCH of a cursor is its own statement, so the bound is on
 * the snapshot, not on one query). A lock we cannot get soon is given up.
 */
export async function readExpectations(client: pg.Client, tables: ExpectedTableInput[], opts: ExpectationOptions): Promise<Expectations> {
  const log = opts.log ?? (() => undefined);
  const started = performance.now();
  const held = () => (performance.now() - started) / 1000;
  const deadline = opts.timeoutMs === undefined ? undefined : started + opts.timeoutMs;
  // Before each statement: the time left becomes its timeout (the server cancels it, 57014), or none is left.
  const bound = async () => {
    if (deadline === undefined) return;
    const left = Math.floor(deadline - performance.now());
    if (left < 1) throw new Error('snapshot time limit reached', { cause: { code: '57014' } });
    await client.query("SELECT set_config('statement_timeout', $1, true)", [String(left)]);
  };
  await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const out: ExpectedTable[] = [];
  let current = '';
  try {
    await client.query("SELECT set_config('lock_timeout', '5s', true)");
    for (const t of tables) {
      current = qualifiedName(t);
      const tableStarted = performance.now();
      out.push(await expectationOf(client, t, opts.keys, bound));
      const seconds = (performance.now() - tableStarted) / 1000;
      if (seconds > 5) log(`  read ${out.at(-1)!.rows.toLocaleString('en-US')} ${opts.keys ? 'keys' : 'rows'} of ${current} in ${seconds.toFixed(1)} s`);
    }
    await client.query('COMMIT');
    return { tables: out, snapshotSeconds: held() };
  } catch (err) {
    // The read's error is the one to tell; a ROLLBACK that fails means the connection, and the transaction with it, is gone.
    await client.query('ROLLBACK').catch(() => undefined);
    const code = (err as { code?: string }).code ?? ((err as Error).cause as { code?: string } | undefined)?.code;
    // 57014 is also a cancel by hand (pg_cancel_backend): that one is not our limit.
    const limit = code === '57014' && !/user request/.test((err as Error).message);
    if (limit || code === '55P03') {
      const notRead = tables.slice(out.length).map((t) => qualifiedName(t));
      throw new SnapshotScanStopped(limit ? 'timeout' : 'lock', current, notRead, held());
    }
    throw err;
  }
}

async function expectationOf(client: pg.Client, t: ExpectedTableInput, keys: boolean, bound: () => Promise<void>): Promise<ExpectedTable> {
  const table = qualifiedName(t);
  const from = qualified(t.schema, t.name);
  const untyped = t.key.filter((k) => !fingerprintable(k.type));
  if (!keys || t.key.length === 0 || untyped.length > 0) {
    await bound();
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${from}`);
    const note = !keys ? 'counts only (--verify counts)' : t.key.length === 0 ? 'no key column' : `key column ${untyped.map((k) => `${k.name} (${k.type})`).join(', ')} is not an integer, text or uuid`;
    return { table, rows: Number(rows[0]!.n), fingerprintNote: note };
  }
  const fp = new KeyFingerprint();
  let rows = 0;
  await bound();
  await client.query(`DECLARE cdcsizer_keys NO SCROLL CURSOR FOR SELECT ${t.key.map((k) => `${ident(k.name)}::text`).join(', ')} FROM ${from}`);
  for (;;) {
    await bound();
    const batch = await client.query<string[]>({ text: `FETCH FORWARD ${FETCH_ROWS} FROM cdcsizer_keys`, rowMode: 'array' });
    for (const r of batch.rows) fp.add(r);
    rows += batch.rows.length;
    if (batch.rows.length < FETCH_ROWS) break;
  }
  await client.query('CLOSE cdcsizer_keys');
  return { table, rows, keyFingerprint: fingerprintHex(fp.value()) };
}

/**
 * Rows inserted, updated and deleted in each table since the statistics began (leaf partitions
 * summed into their parent). Read in a fresh statistics snapshot: inside a transaction the views
 * are frozen. A change reaches them when its backend next reports (up to about 10 s later for an
 * idle one), so a difference says the table changed; no difference is good evidence, not proof.
 */
export async function readWriteCounters(client: pg.Client, tables: { schema: string; name: string }[]): Promise<Map<string, bigint>> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ i: number; n: string }>(
    `SELECT t.i, coalesce(sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0)::text AS n
     FROM unnest($1::text[]) WITH ORDINALITY AS t(name, i)
     CROSS JOIN LATERAL (SELECT t.name::regclass AS relid UNION SELECT relid FROM pg_partition_tree(t.name::regclass)) p
     LEFT JOIN pg_stat_all_tables s ON s.relid = p.relid
     GROUP BY t.i ORDER BY t.i`,
    [tables.map((t) => qualified(t.schema, t.name))],
  );
  return new Map(rows.map((r) => [`${tables[Number(r.i) - 1]!.schema}.${tables[Number(r.i) - 1]!.name}`, BigInt(r.n)]));
}

/** Tables whose write counters moved between two readings. */
export function changedTables(before: Map<string, bigint>, after: Map<string, bigint>): string[] {
  return [...before].filter(([t, n]) => after.get(t) !== n).map(([t]) => t);
}
