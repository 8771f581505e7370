import { after, before } from 'node:test';
import type { Client } from 'pg';
import type { PgEndpoint } from '../../src/infra/endpoints.js';
import { connectPg } from '../../src/infra/pg-connect.js';
import { findLeftovers } from '../../src/verify/leftovers.js';
import { startTestPostgres } from './embedded.js';

/**
 * A private embedded server for one test file, made by plain SQL, standing in for a user's
 * database: its endpoint and an admin client, both usable once the file's `before` has run.
 */
export function existingDatabase(sql: string): { readonly pg: PgEndpoint; readonly admin: Client } {
  let server: Awaited<ReturnType<typeof startTestPostgres>> | undefined;
  let admin: Client | undefined;
  before(async () => {
    server = await startTestPostgres();
    // Its own session, ended at once: a backend reports its write statistics when it exits (an idle
    // one up to 10 s later), and a late report would read as a write during the first run.
    const setup = await connectPg(server.server.pg);
    await setup.query(sql);
    await setup.end();
    admin = await connectPg(server.server.pg);
  });
  after(async () => {
    await admin?.end();
    await server?.stop();
  });
  return {
    get pg() {
      return server!.server.pg;
    },
    get admin() {
      return admin!;
    },
  };
}

/** Every relation outside the system schemas, and the harness's slots and publications: what a run must leave as it found it. */
export async function footprint(c: Client) {
  const { rows } = await c.query<{ r: string }>(`SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' ORDER BY n.nspname, c.relname) AS r FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`);
  return { relations: rows[0]!.r, ...(await findLeftovers(c)), publications: (await c.query('SELECT pubname FROM pg_publication')).rows.length };
}

/** The server's URL, as a user would pass it to --pg-url, optionally as another role. */
export const urlOf = (e: PgEndpoint, as?: { user: string; password: string }): string => `postgres://${as?.user ?? e.user}:${encodeURIComponent(as?.password ?? e.password ?? '')}@127.0.0.1:${e.port}/${e.database}`;
