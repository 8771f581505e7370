/**
 * What is to be snapshotted, as the capacity model sees it: tables with their rows and on-disk
 * bytes. Built from a profiled catalog (a user's database) or from a run result (a calibration).
 */
export interface WorkloadTable {
  name: string;
  rows: number;
  /** Heap + TOAST bytes: what a snapshot reads. */
  diskBytes: number;
  /** False for a table without a primary key: the connector needs a chunk key column for it. */
  hasKey: boolean;
  /** bigint-sequential, bigint-sparse, uuid, text, composite, none, other. */
  keyShape?: string;
  /** The connector's own chunk count, when its boundary queries were run on the table (a sampled sizing's largest tables). */
  chunks?: number;
  /** Server time of those boundary queries: the table's serial splitting, measured instead of modelled. */
  splitSeconds?: number;
  /** A p = 1 chunk cycle of this table, measured by reading it in part (a sampled sizing's steadyCycle): its chunks cost this, not the model's line. */
  chunkSeconds?: number;
}

export interface Workload {
  name: string;
  tables: WorkloadTable[];
  /** The source's WAL generation while the sync runs (bytes/s), when it was sampled. */
  walBytesPerSecond?: number;
  /** max_slot_wal_keep_size in bytes; undefined when unlimited (-1). */
  maxSlotWalKeepSizeBytes?: number;
  /** Free disk on the source's WAL volume, when the user said (no SQL tells it). */
  freeDiskBytes?: number;
}

/** Chunks the connector cuts a table into: one per chunk-size rows, at least one. */
export function chunksFor(rows: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(rows / chunkSize));
}

/** Chunks of a workload table: as probed when it was, else one per chunk-size rows. */
export function tableChunks(t: Pick<WorkloadTable, 'rows' | 'chunks'>, chunkSize: number): number {
  return t.chunks ?? chunksFor(t.rows, chunkSize);
}

export function workloadTotals(w: Workload, chunkSize: number) {
  return {
    tables: w.tables.length,
    rows: w.tables.reduce((a, t) => a + t.rows, 0),
    diskBytes: w.tables.reduce((a, t) => a + t.diskBytes, 0),
    chunks: w.tables.reduce((a, t) => a + tableChunks(t, chunkSize), 0),
  };
}
