import { optionSetKey, optionSetText, type OptionSet } from '../model/option-set.js';
import { Rng } from '../scenario/rng.js';

/** One setting of the connector to measure: the source's parallelism, its chunk size and its options. */
export interface Candidate {
  /** Source readers in all: with k jobs, each job has parallelism / k. */
  parallelism: number;
  /** Jobs the captured tables are split into, each with its own slot and publication. */
  jobs: number;
  chunkSize: number;
  /** Connector builder options and debezium.* properties; empty: the connector's defaults. */
  options: OptionSet;
}

/** A dimension of the search: a name as --space gives it, its values, and why it is searched. */
export interface Dimension {
  name: string;
  /** Values as text; `default` leaves the option unset (the connector's own default). */
  values: string[];
  why: string;
}

export const DEFAULT_CHUNK_SIZE = 8096;
export const DEFAULT_VALUE = 'default';
export const CHUNK_SIZE = 'chunk-size';
export const PARALLELISM = 'parallelism';
export const JOBS = 'jobs';
export const BACKFILL_SKIP = 'scan.incremental.snapshot.backfill.skip';
export const POLL_INTERVAL = 'debezium.poll.interval.ms';
/**
 * Flink CDC's PostgreSQL source (3.4.0, 3.5.0) reads a chunk with Debezium's own snapshot fetch
 * size (PostgresScanFetchTask: connectorConfig.getSnapshotFetchSize()); the builder's
 * scan.snapshot.fetch.size reaches only JdbcSourceConfig, which the PostgreSQL reader never asks.
 */
export const FETCH_SIZE = 'debezium.snapshot.fetch.size';

/**
 * The space searched when --space does not replace a dimension. Each value list starts with the
 * connector's default. Reasons from the connector's code and this project's measurements
 * (docs/benchmarks.md, "Snapshot: hundreds of tables"):
 */
export function defaultSpace(parallelisms: readonly number[], allowAtLeastOnce: boolean): Dimension[] {
  return [
    { name: PARALLELISM, values: parallelisms.map(String), why: 'the source readers; fixed by --parallelism' },
    { name: JOBS, values: ['1', '2'].filter((k) => parallelisms.some((p) => p % Number(k) === 0)), why: 'the captured tables split into k jobs of their own (each its own slot and publication) at the same total readers: each chunk re-reads the schema of every table its job captures, so fewer tables a job make a cheaper chunk' },
    { name: CHUNK_SIZE, values: ['8096', '2048', '32768', '131072'], why: 'rows per chunk: fewer, larger chunks pay the per-chunk cost (a new fetcher, a backfill, the schema re-read of every captured table) fewer times' },
    { name: POLL_INTERVAL, values: [DEFAULT_VALUE, '100', '20'], why: "Debezium's queue hands over a batch when it is full or after this interval (500 ms): every chunk's last partial batch waits it out" },
    { name: FETCH_SIZE, values: [DEFAULT_VALUE, '65536'], why: 'the JDBC fetch size the PostgreSQL reader really uses for a chunk (scan.snapshot.fetch.size is ignored by this source)' },
    ...(allowAtLeastOnce ? [{ name: BACKFILL_SKIP, values: ['false', 'true'], why: 'skips the per-chunk backfill (a replication slot read after each chunk): at-least-once for changes made during the snapshot' }] : []),
  ];
}

/** The connector's defaults at a parallelism: what every candidate is compared with. */
export const defaultsAt = (parallelism: number): Candidate => ({ parallelism, jobs: 1, chunkSize: DEFAULT_CHUNK_SIZE, options: {} });

/** Every combination of the dimensions' values, as candidates. */
export function allCandidates(space: readonly Dimension[]): Candidate[] {
  let combos: Record<string, string>[] = [{}];
  for (const d of space) combos = combos.flatMap((c) => d.values.map((v) => ({ ...c, [d.name]: v })));
  return combos.map(toCandidate).filter((c) => c.parallelism % c.jobs === 0);
}

function toCandidate(values: Record<string, string>): Candidate {
  const options: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (k !== PARALLELISM && k !== JOBS && k !== CHUNK_SIZE && v !== DEFAULT_VALUE && !(k === BACKFILL_SKIP && v === 'false')) options[k] = v;
  return { parallelism: Number(values[PARALLELISM] ?? 1), jobs: Number(values[JOBS] ?? 1), chunkSize: Number(values[CHUNK_SIZE] ?? DEFAULT_CHUNK_SIZE), options };
}

/** The connector's defaults at the candidate's parallelism: one job, the default chunk size, no option set. */
export const isDefaults = (c: Candidate): boolean => c.jobs === 1 && c.chunkSize === DEFAULT_CHUNK_SIZE && Object.keys(c.options).length === 0;

export const candidateKey = (c: Candidate): string => `${c.parallelism}|${c.jobs}|${c.chunkSize}|${optionSetKey(c.options)}`;

export const candidateText = (c: Candidate): string => [`p=${c.parallelism}`, c.jobs > 1 ? `${c.jobs} jobs` : '', `chunk=${c.chunkSize}`, optionSetText(c.options)].filter((s) => s !== '').join(' ');

/**
 * `n` candidates in a seeded random order, the defaults at each parallelism first: the same seed
 * and space always give the same list, so a tune can be repeated and compared.
 */
export function drawCandidates(space: readonly Dimension[], n: number, seed: number): Candidate[] {
  const all = allCandidates(space);
  const parallelisms = space.find((d) => d.name === PARALLELISM)?.values.map(Number) ?? [1];
  const defaults = parallelisms.map(defaultsAt);
  const defaultKeys = new Set(defaults.map(candidateKey));
  const rest = all.filter((c) => !defaultKeys.has(candidateKey(c)));
  const rng = new Rng(`cdc-sizer tune ${seed}`);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [...defaults, ...rest].slice(0, Math.max(n, defaults.length));
}
