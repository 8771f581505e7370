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

/**
 * Every table's count and key fingerprint, all read in one REPEATABLE READ snapshot, so that the
 * figures belong to one moment: the one the run started from. Read-only; keys are streamed through
 * a cursor (keys only, never whole rows) and hashed here. No statement timeout: a big table's keys
 * take as long as they take; a lock we cannot get soon is given up.
 */
export async function readExpectations(client: pg.Client, tables: ExpectedTableInput[], log: (line: string) => void = () => undefined): Promise<ExpectedTable[]> {
  await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await client.query("SELECT set_config('lock_timeout', '5s', true)");
    const out: ExpectedTable[] = [];
    for (const t of tables) {
      const started = performance.now();
      out.push(await expectationOf(client, t));
      const seconds = (performance.now() - started) / 1000;
      if (seconds > 5) log(`  read ${out.at(-1)!.rows.toLocaleString('en-US')} keys of ${qualifiedName(t)} in ${seconds.toFixed(1)} s`);
    }
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function expectationOf(client: pg.Client, t: ExpectedTableInput): Promise<ExpectedTable> {
  const table = qualifiedName(t);
  const from = qualified(t.schema, t.name);
  const untyped = t.key.filter((k) => !fingerprintable(k.type));
  if (t.key.length === 0 || untyped.length > 0) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${from}`);
    const note = t.key.length === 0 ? 'no key column' : `key column ${untyped.map((k) => `${k.name} (${k.type})`).join(', ')} is not an integer, text or uuid`;
    return { table, rows: Number(rows[0]!.n), fingerprintNote: note };
  }
  const fp = new KeyFingerprint();
  let rows = 0;
  await client.query(`DECLARE cdcsizer_keys NO SCROLL CURSOR FOR SELECT ${t.key.map((k) => `${ident(k.name)}::text`).join(', ')} FROM ${from}`);
  for (;;) {
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
