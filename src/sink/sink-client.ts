import mysql from 'mysql2/promise';
import pg from 'pg';
import { InfraError } from '../infra/infra-error.js';
import { sinkDisplay, type SinkAddress } from './sink-url.js';

/**
 * The harness's own connection to the sink: creating and dropping what the run owns, and reading
 * rows back for the fidelity check. MySQL and StarRocks' FE over the MySQL protocol (mysql2),
 * PostgreSQL with pg. Every value comes back as text (binary columns as bytes), as the fidelity
 * check compares texts.
 */
export interface SinkClient {
  readonly address: SinkAddress;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  end(): Promise<void>;
}

/** Connects to the sink (to `database`, or to none: the server); one line when it does not answer or refuses the user. */
export async function connectSink(address: SinkAddress, database?: string): Promise<SinkClient> {
  try {
    return address.kind === 'postgres' ? await connectPostgres(address, database) : await connectMysql(address, database);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw new InfraError(`the sink at ${sinkDisplay(address)} ${e.code === 'ECONNREFUSED' || e.code === 'ETIMEDOUT' || e.code === 'ENOTFOUND' || e.code === 'EHOSTUNREACH' ? 'does not answer' : 'refused the connection'} (${(e.message ?? String(err)).split('\n')[0]})`);
  }
}

async function connectMysql(address: SinkAddress, database?: string): Promise<SinkClient> {
  const conn = await mysql.createConnection({
    host: address.host,
    port: address.port,
    user: address.user,
    ...(address.password ? { password: address.password } : {}),
    ...(database ? { database } : {}),
    connectTimeout: 10_000,
    // Text as the server prints it: no Date objects, no doubles for DECIMAL or BIGINT, JSON unparsed; binary columns come as bytes.
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    jsonStrings: true,
  });
  // A server that goes away between queries emits 'error' on the idle connection; the next query reports it.
  conn.on('error', () => undefined);
  return {
    address,
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => {
      const [rows] = await conn.query(sql, params);
      // Small integers and floats come as numbers: printed back as text, as every other value is.
      return (Array.isArray(rows) ? rows : []).map((r) => Object.fromEntries(Object.entries(r as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]))) as T[];
    },
    end: () => conn.end(),
  };
}

async function connectPostgres(address: SinkAddress, database?: string): Promise<SinkClient> {
  const client = new pg.Client({
    host: address.host,
    port: address.port,
    user: address.user,
    ...(address.password ? { password: address.password } : {}),
    database: database ?? address.maintenanceDatabase ?? 'postgres',
    application_name: 'cdc-sizer sink',
    connectionTimeoutMillis: 10_000,
    // Every value as the server's text: the fidelity check compares texts.
    types: { getTypeParser: () => (value: string) => value },
  });
  client.on('error', () => undefined);
  await client.connect();
  return {
    address,
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
    end: () => client.end(),
  };
}
