import mysql from 'mysql2/promise';
import { InfraError } from '../infra-error.js';
import type { PgEndpoint } from '../endpoints.js';
import { connectPg } from '../pg-connect.js';
import type { ContainerSpec, Readiness } from './container-specs.js';

/** What a readiness check needs of a started container: where its ports are, whether it still runs, its last log lines. */
export interface Probed {
  spec: ContainerSpec;
  hostPort(port: number): number;
  running(): Promise<boolean>;
  lastLogLines(n: number): Promise<string[]>;
}

export interface ReadyAddresses {
  pg?: PgEndpoint;
  flinkUrl?: string;
}

/**
 * Polls until the container answers as its spec says, or fails with one line: the timeout (or the
 * container's exit) and its last log lines, so the reason is on the screen without `docker logs`.
 */
export async function waitUntilReady(c: Probed, where: ReadyAddresses, timeoutMs = c.spec.readyTimeoutMs, pollMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const note = await check(c, c.spec.readiness, where);
      if (note === undefined) return;
      last = note;
    } catch (err) {
      last = oneLine((err as Error).message || String(err));
    }
    if (!(await c.running())) throw new InfraError(`the ${c.spec.role} container (${c.spec.image}) exited before it was ready (${last}); its last log lines: ${await logTail(c)}`);
    if (Date.now() >= deadline) throw new InfraError(`${readyNoun(c.spec.readiness, c.spec.role)} within ${Math.round(timeoutMs / 1000)} s (${last}); its last log lines: ${await logTail(c)}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

function readyNoun(r: Readiness, role: string): string {
  return r.kind === 'starrocks-backend' ? `StarRocks (${role}) had no live BE` : `the ${role} container was not ready`;
}

async function logTail(c: Probed): Promise<string> {
  const lines = await c.lastLogLines(5).catch(() => [] as string[]);
  return lines.length ? lines.map(oneLine).join(' | ') : '(none)';
}

/** undefined: ready; a string: why not yet. */
async function check(c: Probed, r: Readiness, where: ReadyAddresses): Promise<string | undefined> {
  switch (r.kind) {
    case 'started':
      return undefined;
    case 'postgres-query': {
      const client = await connectPg(where.pg!, { applicationName: 'cdc-sizer readiness' });
      try {
        const { rows } = await client.query<{ wal_level: string }>('SHOW wal_level');
        return rows[0]!.wal_level === 'logical' ? undefined : `wal_level is ${rows[0]!.wal_level}`;
      } finally {
        await client.end();
      }
    }
    case 'mysql-query':
      return withMysql(c.hostPort(3306), async (m) => {
        await m.query('SELECT 1');
        return undefined;
      });
    case 'starrocks-backend':
      return withMysql(c.hostPort(9030), async (m) => {
        const [rows] = await m.query('SHOW BACKENDS');
        const backends = rows as { Alive?: string }[];
        if (!backends.some((b) => String(b.Alive).toLowerCase() === 'true')) return `SHOW BACKENDS: ${backends.length} BE, none alive`;
        await m.query('SELECT 1');
        return undefined;
      });
    case 'flink-slots': {
      const res = await fetch(`${where.flinkUrl}/overview`, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) return `REST /overview answered ${res.status}`;
      const o = (await res.json()) as { 'slots-total': number; taskmanagers: number };
      return o['slots-total'] >= r.slots ? undefined : `${o.taskmanagers} TaskManager(s), ${o['slots-total']} of ${r.slots} task slots`;
    }
  }
}

async function withMysql<T>(port: number, body: (m: mysql.Connection) => Promise<T>): Promise<T> {
  const m = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 5_000 });
  try {
    return await body(m);
  } finally {
    await m.end().catch(() => undefined);
  }
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
