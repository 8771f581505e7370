import type { FlinkRest } from './flink-rest.js';

/** Where the connector's split enumerators stand, summed over the job's sources. */
export interface EnumeratorProgress {
  /** Chunks the enumerators have handed to readers (`numSnapshotSplitsProcessed`). */
  chunksAssigned: number;
  /** Chunks split off but not yet handed out (`numSnapshotSplitsRemaining`). */
  chunksRemaining: number;
  tablesSnapshotted: number;
  tablesRemaining: number;
  /** The stream split has been handed out: every snapshot chunk is done (`isStreamReading`, a job that streams after its snapshot). */
  streamReading: boolean;
}

const AGGREGATES = ['numSnapshotSplitsProcessed', 'numSnapshotSplitsRemaining', 'numTablesSnapshotted', 'numTablesRemaining', 'isStreamReading'] as const;

/**
 * Reads the incremental source's enumerator metrics from every source vertex. Only the
 * job-wide aggregates are fetched: per-table ids for hundreds of tables overflow a GET URL.
 * Returns undefined while no vertex has registered them yet (before the enumerator starts).
 */
export async function readEnumeratorProgress(rest: FlinkRest, jobId: string, vertexIds: string[]): Promise<EnumeratorProgress | undefined> {
  const values: { id: string; value?: string }[] = [];
  for (const vertex of vertexIds) {
    const ids = (await rest.jmOperatorMetrics(jobId, vertex)).map((m) => m.id).filter(isAggregate);
    if (ids.length > 0) values.push(...(await rest.jmOperatorMetrics(jobId, vertex, ids)));
  }
  return values.length === 0 ? undefined : sumAggregates(values);
}

function isAggregate(id: string): boolean {
  return id.includes('.enumerator.') && !id.includes('.namespace.') && AGGREGATES.some((name) => id.endsWith(`.enumerator.${name}`));
}

export function sumAggregates(values: { id: string; value?: string }[]): EnumeratorProgress {
  const sum = (name: (typeof AGGREGATES)[number]) => values.filter((v) => isAggregate(v.id) && v.id.endsWith(`.${name}`)).reduce((a, v) => a + (Number(v.value) || 0), 0);
  return {
    chunksAssigned: sum('numSnapshotSplitsProcessed'),
    chunksRemaining: sum('numSnapshotSplitsRemaining'),
    tablesSnapshotted: sum('numTablesSnapshotted'),
    tablesRemaining: sum('numTablesRemaining'),
    // One source per chunk-key group: the stream has started when every one of them reads it.
    streamReading: sources(values) > 0 && sum('isStreamReading') >= sources(values),
  };
}

/** Sources that report an `isStreamReading` gauge. */
function sources(values: { id: string }[]): number {
  return values.filter((v) => isAggregate(v.id) && v.id.endsWith('.isStreamReading')).length;
}

/**
 * Reads the enumerators every `intervalMs` while a job runs, reporting each reading; `stop()`
 * takes one last reading (the metric store keeps a finished job's last values) and returns the
 * latest. A failed reading is skipped: progress is a view, not a measurement the run depends on.
 */
export function watchEnumerators(rest: FlinkRest, jobId: string, sourceVertices: () => string[], onProgress: (p: EnumeratorProgress) => void, intervalMs = 2000) {
  let latest: EnumeratorProgress | undefined;
  let running = true;
  let wake: () => void = () => undefined;
  const readOnce = async () => {
    const vertices = sourceVertices();
    if (vertices.length === 0) return;
    // Progress is for the live line and the chunk count; a missed poll keeps the previous figures, the next one catches up.
    const p = await readEnumeratorProgress(rest, jobId, vertices).catch(() => undefined);
    if (p) {
      latest = p;
      onProgress(p);
    }
  };
  const loop = (async () => {
    while (running) {
      await readOnce();
      if (!running) break;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, intervalMs);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
  })();
  let stopped: Promise<EnumeratorProgress | undefined> | undefined;
  return {
    stop(): Promise<EnumeratorProgress | undefined> {
      stopped ??= (async () => {
        running = false;
        wake();
        await loop;
        await readOnce();
        return latest;
      })();
      return stopped;
    },
  };
}
