import type pg from 'pg';
import type { PgEndpoint } from '../infra/endpoints.js';
import { connectPg } from '../infra/pg-connect.js';
import { sampleConnections, type ConnectionSample } from './activity-sampler.js';
import { sampleLocks, type LockSample } from './lock-sampler.js';
import { ObservationLog } from './observation-log.js';
import { sampleSlots, type SlotSample } from './slot-sampler.js';

export interface ObservationPoint {
  /** Seconds since the observer started. */
  t: number;
  slots: SlotSample[];
  connections: ConnectionSample[];
  locks: LockSample[];
}

export interface Observations {
  points: ObservationPoint[];
  maxWalRetainedBytes: number;
  maxConnections: number;
  strongestLock?: string;
}

/**
 * Samples slots, connections and locks about once a second, all on the observer's one
 * connection, each sample after pg_stat_clear_snapshot() (statistics views are cached for a
 * transaction otherwise). Runs beside a job; `stop()` returns what it saw (the points thinned on
 * a long job: see ObservationLog).
 */
export async function startObserver(endpoint: PgEndpoint, schemas: string | readonly string[], intervalMs = 1000, slotStem?: string): Promise<{ latest(): ObservationPoint | undefined; stop(): Promise<Observations> }> {
  const client = await connectPg(endpoint, { applicationName: 'cdc-sizer observer' });
  const log = new ObservationLog();
  const started = performance.now();
  let running = true;
  const sampleOnce = async (c: pg.Client) => {
    await c.query('SELECT pg_stat_clear_snapshot()');
    const [slots, connections, locks] = [await sampleSlots(c, slotStem), await sampleConnections(c), await sampleLocks(c, schemas)];
    log.add({ t: (performance.now() - started) / 1000, slots, connections, locks });
  };
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await sampleOnce(client).catch(() => undefined); // a failed sample is a gap, not a failed run
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (performance.now() - t0))));
    }
  })();
  let stopped: Promise<Observations> | undefined;
  return {
    latest: () => log.points.at(-1),
    stop() {
      stopped ??= (async () => {
        running = false;
        await loop;
        await sampleOnce(client).catch(() => undefined); // the last sample, a gap like any other when it fails
        await client.end();
        return log.summary();
      })();
      return stopped;
    },
  };
}
