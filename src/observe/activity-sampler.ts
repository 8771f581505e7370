import type pg from 'pg';

export interface ConnectionSample {
  pid: number;
  application: string;
  backendType: string;
  state: string | null;
  waitEvent: string | null;
  query: string;
}

/** Connections to the database that are not the harness's own: the connector's readers and WAL senders. */
export async function sampleConnections(client: pg.Client): Promise<ConnectionSample[]> {
  const { rows } = await client.query<{ pid: number; application: string; backend_type: string; state: string | null; wait: string | null; query: string }>(
    `SELECT pid, application_name AS application, backend_type, state,
            CASE WHEN wait_event IS NULL THEN NULL ELSE wait_event_type || ':' || wait_event END AS wait,
            left(query, 200) AS query
     FROM pg_stat_activity
     WHERE pid <> pg_backend_pid() AND (datname = current_database() OR backend_type = 'walsender')
       AND backend_type IN ('client backend', 'walsender') AND NOT starts_with(application_name, 'cdc-sizer')`,
  );
  return rows.map((r) => ({ pid: r.pid, application: r.application, backendType: r.backend_type, state: r.state, waitEvent: r.wait, query: r.query }));
}

/** Tables the connector is reading a chunk of right now: its active `SELECT * FROM "schema"."table"` queries. */
export function tablesBeingRead(connections: ConnectionSample[]): string[] {
  const tables = connections
    .filter((c) => c.state === 'active')
    .map((c) => /^SELECT \* FROM "((?:[^"]|"")+)"\."((?:[^"]|"")+)"/.exec(c.query))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]!.replaceAll('""', '"')}.${m[2]!.replaceAll('""', '"')}`);
  return [...new Set(tables)].sort();
}
