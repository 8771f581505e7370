import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { PgEndpoint } from '../../infra/endpoints.js';
import { connectPg } from '../../infra/pg-connect.js';
import type { SourceTable } from '../source-table.js';
import { rangeQuery, splitByKey, type KeyRange } from './key-ranges.js';
import { qualifiedName } from '../../sql/identifiers.js';

export interface RawCopyOptions {
  parallelism: number;
  chunkSize: number;
  onChunk?: (done: number, total: number, table: string) => void;
}

export interface TableReadTiming {
  table: string;
  rows: number;
  bytes: number;
  chunks: number;
  /** From its first chunk's start to its last chunk's end. */
  seconds: number;
}

export interface RawCopyResult {
  engine: 'raw-copy';
  parallelism: number;
  chunkSize: number;
  wallSeconds: number;
  splitSeconds: number;
  readSeconds: number;
  rows: number;
  bytes: number;
  /** Milliseconds each chunk's COPY took, in completion order. */
  chunkMillis: number[];
  tables: TableReadTiming[];
}

/**
 * The source ceiling: the same tables split into key ranges of the connector's chunk size, read
 * with `COPY (SELECT …) TO STDOUT` by `parallelism` connections, bytes counted and discarded.
 * It says what PostgreSQL can serve, so the connector can be judged against it.
 */
export async function runRawCopy(endpoint: PgEndpoint, tables: SourceTable[], opts: RawCopyOptions): Promise<RawCopyResult> {
  const started = performance.now();
  const splitter = await connectPg(endpoint, { applicationName: 'cdc-sizer raw-copy' });
  const ranges: KeyRange[] = [];
  try {
    for (const t of tables) ranges.push(...(await splitByKey(splitter, t, opts.chunkSize)));
  } finally {
    await splitter.end();
  }
  const splitSeconds = (performance.now() - started) / 1000;
  const readStart = performance.now();
  const chunkMillis: number[] = [];
  const perTable = new Map<string, TableReadTiming & { first: number; last: number }>();
  let next = 0;
  const worker = async () => {
    const client = await connectPg(endpoint, { applicationName: 'cdc-sizer raw-copy' });
    try {
      while (next < ranges.length) {
        const range = ranges[next++]!;
        const t0 = performance.now();
        const { rows, bytes } = await copyRange(client, range);
        const t1 = performance.now();
        chunkMillis.push(t1 - t0);
        const key = qualifiedName(range.table);
        const acc = perTable.get(key) ?? { table: key, rows: 0, bytes: 0, chunks: 0, seconds: 0, first: t0, last: t1 };
        acc.rows += rows;
        acc.bytes += bytes;
        acc.chunks++;
        acc.first = Math.min(acc.first, t0);
        acc.last = Math.max(acc.last, t1);
        perTable.set(key, acc);
        opts.onChunk?.(chunkMillis.length, ranges.length, key);
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.parallelism) }, worker));
  const tablesOut = [...perTable.values()].map(({ first, last, ...t }) => ({ ...t, seconds: (last - first) / 1000 }));
  return {
    engine: 'raw-copy',
    parallelism: opts.parallelism,
    chunkSize: opts.chunkSize,
    wallSeconds: (performance.now() - started) / 1000,
    splitSeconds,
    readSeconds: (performance.now() - readStart) / 1000,
    rows: tablesOut.reduce((a, t) => a + t.rows, 0),
    bytes: tablesOut.reduce((a, t) => a + t.bytes, 0),
    chunkMillis,
    tables: tablesOut,
  };
}

/** Reads one range as COPY text, counting rows (line ends) and bytes, keeping nothing. */
async function copyRange(client: pg.Client, range: KeyRange): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  const counter = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      done();
    },
  });
  await pipeline(client.query(copyTo(`COPY (${rangeQuery(range)}) TO STDOUT`)), counter);
  return { rows, bytes };
}
