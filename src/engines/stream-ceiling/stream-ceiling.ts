import { setTimeout as sleep } from 'node:timers/promises';
import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import type { PgEndpoint } from '../../infra/endpoints.js';
import { connectPg } from '../../infra/pg-connect.js';
import { ident, qualified } from '../../sql/identifiers.js';
import { lsnValue } from '../flink-cdc/stream-accumulators.js';
import type { SourceTable } from '../source-table.js';

/** What a stream consumer has received so far. */
export interface StreamProgress {
  /** Row changes (inserts, updates, deletes). */
  changes: number;
  /** WAL position of the furthest change received; 0n before any. */
  maxLsn: bigint;
  /** Wall-clock ms of the first and the last change received since the consumer (last) started reading. */
  firstMs?: number;
  lastMs?: number;
  /** Changes received since then. */
  changesSinceStart: number;
}

export interface StreamConsumer {
  progress(): Promise<StreamProgress>;
  /** Stops reading, keeping its place in the slot (which holds the WAL meanwhile)… */
  pause(): Promise<void>;
  /** …and reads on from there: a backlog written meanwhile is drained as fast as the consumer can. */
  resume(): Promise<void>;
  /** Stops reading. The caller drops the slot and publication it read from, by the run's stem. */
  stop(): Promise<void>;
}

/**
 * The stream ceiling: the run's own slot and publication read with the pgoutput protocol as fast
 * as the server sends, every message decoded and discarded. The most any single-slot consumer can
 * read from this source, as raw-copy is for the snapshot; the connector's stream reader is judged
 * against it. Acknowledges once a second so its slot does not pin WAL.
 */
export async function startStreamCeiling(endpoint: PgEndpoint, tables: SourceTable[], stem: string): Promise<StreamConsumer> {
  const admin = await connectPg(endpoint, { applicationName: 'cdc-sizer stream-ceiling' });
  const captured = tables.flatMap((t) => (t.partitions ?? [t.name]).map((n) => qualified(t.schema, n)));
  let service: LogicalReplicationService | undefined;
  try {
    await admin.query(`CREATE PUBLICATION ${ident(stem)} FOR TABLE ${captured.join(', ')}`);
    await admin.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [stem]);
    let changes = 0;
    let maxLsn = 0n;
    let since = 0;
    let firstMs: number | undefined;
    let lastMs: number | undefined;
    let failure: Error | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const subscribe = () => {
      const svc = new LogicalReplicationService(
        { host: endpoint.host, port: endpoint.port, database: endpoint.database, user: endpoint.user, ...(endpoint.password !== undefined ? { password: endpoint.password } : {}), application_name: 'cdc-sizer stream-ceiling' },
        { acknowledge: { auto: true, timeoutSeconds: 1 } },
      );
      svc.on('data', (lsn: string, log: { tag: string }) => {
        if (log.tag !== 'insert' && log.tag !== 'update' && log.tag !== 'delete') return;
        changes++;
        since++;
        lastMs = Date.now();
        firstMs ??= lastMs;
        const at = lsnValue(lsn);
        if (at > maxLsn) maxLsn = at;
      });
      svc.on('error', (err: Error) => (failure = err));
      running = svc.subscribe(new PgoutputPlugin({ protoVersion: 1, publicationNames: [stem] }), stem).catch((err: Error) => (failure = err));
      return svc;
    };
    service = subscribe();
    const halt = async () => {
      await service?.stop().catch(() => undefined);
      await running;
    };
    return {
      progress: async () => {
        if (failure) throw new Error(`the stream ceiling's replication connection failed: ${failure.message}`);
        return { changes, maxLsn, changesSinceStart: since, ...(firstMs !== undefined ? { firstMs } : {}), ...(lastMs !== undefined ? { lastMs } : {}) };
      },
      pause: halt,
      resume: async () => {
        // The slot stays active for a moment after its connection ends; a new START_REPLICATION waits for that.
        for (let i = 0; i < 50; i++) {
          const { rows } = await admin.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [stem]);
          if (!rows[0]?.active) break;
          await sleep(100);
        }
        since = 0;
        firstMs = undefined;
        lastMs = undefined;
        service = subscribe();
      },
      stop: async () => {
        await halt();
        await admin.end();
      },
    };
  } catch (err) {
    await service?.stop().catch(() => undefined);
    await admin.end();
    throw err;
  }
}
