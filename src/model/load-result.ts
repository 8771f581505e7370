/**
 * What `generate` loaded, table by table: defined here rather than in datagen/ so that the
 * report that prints it (report/terminal/generation-table.ts) depends on the result, not on the loader.
 */
export interface TableLoadResult {
  name: string;
  rows: number;
  /** COPY text bytes sent. */
  bytes: number;
  /** Heap + TOAST + indexes after the load (partitions summed). */
  diskBytes: number;
  seconds: number;
  /** Distinct values available per non-key column (pool sizes). */
  distinct: Record<string, number>;
}

export interface LoadResult {
  tables: TableLoadResult[];
  rows: number;
  bytes: number;
  diskBytes: number;
  /** Wall time of the COPY phase only. */
  loadSeconds: number;
  keySeconds: number;
  totalSeconds: number;
}
