import type pg from 'pg';
import type { ServerFacts } from '../server-facts.js';
import type { Finding } from './finding.js';
import type { Scope } from './scope.js';

/** What every catalog check gets: a client inside the read-only transaction, the server's facts, the tables in scope. */
export interface CheckContext {
  client: pg.Client;
  facts: ServerFacts;
  scope: Scope;
  /** Rows per incremental-snapshot chunk the key checks reason with. */
  chunkSize: number;
}

/** A named check; its name is listed as passed when it finds nothing. */
export interface Check {
  name: string;
  run(ctx: CheckContext): Promise<Finding[]> | Finding[];
}

/** The connector's default rows per chunk (scan.incremental.snapshot.chunk.size). */
export const DEFAULT_CHUNK_SIZE = 8096;

/** The scope's table oids, as a query parameter. */
export const scopeOids = (ctx: CheckContext): number[] => ctx.scope.tables.map((t) => t.oid);
