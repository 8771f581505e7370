import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from '../../infra/infra-error.js';
import { POLL_RETRY, retryTransient, type OutageNotes, type RetryPolicy } from './transient-retry.js';

/**
 * The only way the harness talks to Flink: its REST API. The same client drives the local
 * cluster the harness starts (infra/flink/local-flink.ts) and a user's own cluster (`--flink-url`).
 */
export type JobState = 'INITIALIZING' | 'CREATED' | 'RUNNING' | 'FAILING' | 'FAILED' | 'CANCELLING' | 'CANCELED' | 'FINISHED' | 'RESTARTING' | 'SUSPENDED' | 'RECONCILING';

export const TERMINAL_STATES: ReadonlySet<string> = new Set(['FINISHED', 'FAILED', 'CANCELED', 'SUSPENDED']);

export interface JobVertex {
  id: string;
  name: string;
  parallelism: number;
  status: string;
  'start-time': number;
  'end-time': number;
  duration: number;
}

export interface JobDetail {
  jid: string;
  name: string;
  state: JobState;
  'start-time': number;
  'end-time': number;
  duration: number;
  timestamps?: Record<string, number>;
  vertices: JobVertex[];
}

export interface Overview {
  'flink-version': string;
  taskmanagers: number;
  'slots-total': number;
  'slots-available': number;
}

export interface UserAccumulator {
  name: string;
  type: string;
  value: string;
}

/** How a job is watched through an outage: what to say, and how long to keep trying (POLL_RETRY by default). */
export interface JobWatchOptions {
  onNotice?: (line: string) => void;
  retry?: RetryPolicy;
}

export class FlinkRest {
  constructor(
    readonly baseUrl: string,
    /** Injected in tests, which replay responses recorded from a real Flink. */
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  overview(): Promise<Overview> {
    return this.call('GET', '/overview');
  }

  /** The task managers' CPU cores, summed, and how many there are, from /taskmanagers (the slots are in /overview). */
  async taskManagerCores(): Promise<{ cores: number; taskManagers: number }> {
    const tms = await this.call<{ taskmanagers?: { hardware?: { cpuCores?: number } }[] }>('GET', '/taskmanagers');
    const list = tms.taskmanagers ?? [];
    return { cores: list.reduce((a, t) => a + (t.hardware?.cpuCores ?? 0), 0), taskManagers: list.length };
  }

  /**
   * Waits until the cluster offers `slots` task slots. A fresh cluster answers REST before its
   * TaskManager has registered, and then reports 0 slots (or 503) for a moment.
   */
  async waitForSlots(slots: number, timeoutMs = 60_000): Promise<Overview> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // A fresh cluster also answers 503 for a moment while its JobManager elects itself leader.
      const overview = await this.overview().catch((err: unknown) => {
        if (err instanceof FlinkRestError && err.status === 503 && Date.now() < deadline) return undefined;
        throw err;
      });
      if (overview && (overview['slots-total'] >= slots || Date.now() > deadline)) return overview;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Uploads a job jar; returns the jar id that `run` takes. */
  async uploadJar(file: string): Promise<string> {
    const form = new FormData();
    form.append('jarfile', new Blob([await readFile(file)], { type: 'application/x-java-archive' }), path.basename(file));
    const res = await this.call<{ filename: string; status: string }>('POST', '/jars/upload', form);
    return path.basename(res.filename);
  }

  async deleteJar(jarId: string): Promise<void> {
    await this.call('DELETE', `/jars/${encodeURIComponent(jarId)}`);
  }

  async run(jarId: string, opts: { entryClass: string; args: string[]; parallelism: number; savepointPath?: string }): Promise<string> {
    const res = await this.call<{ jobid: string }>('POST', `/jars/${encodeURIComponent(jarId)}/run`, {
      entryClass: opts.entryClass,
      programArgsList: opts.args,
      parallelism: opts.parallelism,
      ...(opts.savepointPath ? { savepointPath: opts.savepointPath } : {}),
    });
    return res.jobid;
  }

  /**
   * Stops a job with a savepoint (into `targetDirectory`, or the cluster's state.savepoints.dir)
   * and returns the savepoint's location once it is complete.
   */
  async stopWithSavepoint(jobId: string, targetDirectory?: string, timeoutMs = 120_000): Promise<string> {
    const { 'request-id': trigger } = await this.call<{ 'request-id': string }>('POST', `/jobs/${jobId}/stop`, { drain: false, ...(targetDirectory ? { targetDirectory } : {}) });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.call<{ status: { id: string }; operation?: { location?: string; 'failure-cause'?: { 'stack-trace'?: string } } }>('GET', `/jobs/${jobId}/savepoints/${trigger}`, undefined, POLL_REQUEST_TIMEOUT_MS);
      if (r.status.id === 'COMPLETED') {
        if (r.operation?.location) return r.operation.location;
        throw new FlinkRestError(`Flink could not stop job ${jobId} with a savepoint: ${rootCause(r.operation?.['failure-cause']?.['stack-trace']) ?? 'no cause given'}`, 500);
      }
      if (Date.now() > deadline) throw new FlinkRestError(`job ${jobId}'s savepoint did not complete within ${timeoutMs / 1000} s`, 504);
      await new Promise((res) => setTimeout(res, 250));
    }
  }

  job(jobId: string): Promise<JobDetail> {
    return this.call('GET', `/jobs/${jobId}`);
  }

  /** A job's counts, read once it has ended: an outage then would lose the whole measurement, so it is ridden out as a poll's is. */
  async accumulators(jobId: string, opts: JobWatchOptions = {}): Promise<UserAccumulator[]> {
    const policy = opts.retry ?? POLL_RETRY;
    const res = await retryTransient(() => this.call<{ 'user-task-accumulators': UserAccumulator[] }>('GET', `/jobs/${jobId}/accumulators`, undefined, POLL_REQUEST_TIMEOUT_MS), isTransient, policy, this.outageNotes(jobId, policy, opts.onNotice));
    return res['user-task-accumulators'];
  }

  /**
   * Metrics of a vertex's operator coordinator (the CDC source's split enumerator). Without `ids`
   * it lists the metric ids; with them it returns their values. Flink's metric store refreshes
   * these at most once per `metrics.fetcher.update-interval`.
   */
  jmOperatorMetrics(jobId: string, vertexId: string, ids?: string[]): Promise<{ id: string; value?: string }[]> {
    const query = ids ? `?get=${ids.map(encodeURIComponent).join(',')}` : '';
    return this.call('GET', `/jobs/${jobId}/vertices/${vertexId}/jm-operator-metrics${query}`);
  }

  /** The root cause of a failed job: the innermost `Caused by:` of Flink's root exception. */
  async rootException(jobId: string): Promise<string | undefined> {
    const res = await this.call<{ 'root-exception'?: string; exceptionHistory?: { entries?: { stacktrace?: string }[] } }>('GET', `/jobs/${jobId}/exceptions`);
    return rootCause(res['root-exception'] ?? res.exceptionHistory?.entries?.[0]?.stacktrace);
  }

  /** With `watch`, an outage is ridden out as a poll's is (a cancel at --max-job-time); without, one attempt (teardown). */
  async cancel(jobId: string, watch?: JobWatchOptions): Promise<void> {
    const attempt = () => this.call('PATCH', `/jobs/${jobId}?mode=cancel`, undefined, POLL_REQUEST_TIMEOUT_MS);
    if (!watch) {
      await attempt();
      return;
    }
    const policy = watch.retry ?? POLL_RETRY;
    await retryTransient(attempt, isTransient, policy, this.outageNotes(jobId, policy, watch.onNotice));
  }

  /**
   * Polls until the job reaches a terminal state; `onPoll` sees every answer. No bound unless
   * `timeoutMs` is given (a snapshot of a big database runs for days): past it, a
   * JobTimeLimitError, and the job is left to the caller to cancel. A cluster that stops answering
   * is polled again with backoff (`retry`) and said once to `onNotice`, when it goes and when it
   * comes back; an InfraError only when it stays away beyond the policy's bound.
   */
  async waitForEnd(jobId: string, opts: JobWatchOptions & { pollMs?: number; timeoutMs?: number; onPoll?: (j: JobDetail) => void } = {}): Promise<JobDetail> {
    const deadline = opts.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.timeoutMs;
    const policy = opts.retry ?? POLL_RETRY;
    const notes = this.outageNotes(jobId, policy, opts.onNotice);
    for (;;) {
      const job = await retryTransient(() => this.call<JobDetail>('GET', `/jobs/${jobId}`, undefined, POLL_REQUEST_TIMEOUT_MS), isTransient, policy, notes);
      opts.onPoll?.(job);
      if (TERMINAL_STATES.has(job.state)) return job;
      if (Date.now() > deadline) throw new JobTimeLimitError(jobId, opts.timeoutMs!, job.state);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    }
  }

  /** What is said when the cluster stops answering about a job, comes back, or stays away. */
  private outageNotes(jobId: string, policy: RetryPolicy, onNotice?: (line: string) => void): OutageNotes {
    return {
      down: (err) => onNotice?.(`Flink at ${this.baseUrl} did not answer a poll of job ${jobId} (${reasonOf(err)}); retrying for up to ${minutesText(policy.giveUpAfterMs)}`),
      back: (ms) => onNotice?.(`Flink at ${this.baseUrl} answers again after ${Math.round(ms / 1000)} s; job ${jobId} is still watched`),
      giveUp: (err, ms) =>
        new InfraError(`Flink's REST API at ${this.baseUrl} did not answer for ${minutesText(ms)} while job ${jobId} ran (${reasonOf(err)}); the job may still be running there: once the cluster is back, cancel it with curl -X PATCH '${this.baseUrl.replace(/\/$/, '')}/jobs/${jobId}?mode=cancel'`),
    };
  }

  /**
   * The task managers' logs (/taskmanagers/:id/log), one after the other: the connector's and the
   * tasks' lines. Grows as the cluster runs, so a length read earlier marks where later lines start.
   */
  async taskManagerLogs(): Promise<string> {
    const tms = await this.call<{ taskmanagers?: { id: string }[] }>('GET', '/taskmanagers');
    const logs = await Promise.all((tms.taskmanagers ?? []).map((t) => this.call<string>('GET', `/taskmanagers/${encodeURIComponent(t.id)}/log`, undefined, 30_000, 'text')));
    return logs.join('\n');
  }

  /** `timeoutMs`: how long to wait for the answer (none when absent: an upload may take long on a slow link). */
  private async call<T>(method: string, route: string, body?: FormData | object, timeoutMs?: number, answer: 'json' | 'text' = 'json'): Promise<T> {
    const url = `${this.baseUrl.replace(/\/$/, '')}${route}`;
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(url, {
        method,
        ...(body instanceof FormData ? { body } : body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
        ...(timeoutMs !== undefined ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      });
      text = await res.text();
    } catch (err) {
      const cause = (err as Error).name === 'TimeoutError' ? `no answer within ${Math.round((timeoutMs ?? 0) / 1000)} s` : ((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
      throw new FlinkUnreachableError(`cannot reach Flink's REST API at ${this.baseUrl} (${cause}); is the cluster running and is --flink-url right?`, cause);
    }
    if (!res.ok) {
      const errors = safeJson<{ errors?: string[] }>(text)?.errors;
      // Flink wraps the job's own error in handler exceptions; the innermost cause is the one to show.
      const first = errors?.map((e) => rootCause(e) ?? e).join('; ') ?? text.slice(0, 300);
      throw new FlinkRestError(`Flink REST ${method} ${route} answered ${res.status}: ${first}`, res.status);
    }
    if (answer === 'text') return text as T;
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export class FlinkRestError extends Error {
  override name = 'FlinkRestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** No answer at all: refused, reset, timed out. An InfraError (exit 3) unless a retry rides it out. */
export class FlinkUnreachableError extends InfraError {
  override name = 'FlinkUnreachableError';
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** The job ran past the bound its caller set (`--max-job-time`); it is still running. */
export class JobTimeLimitError extends Error {
  override name = 'JobTimeLimitError';
  constructor(
    readonly jobId: string,
    readonly limitMs: number,
    readonly state: string,
  ) {
    super(`Flink job ${jobId} was still ${state} after ${Math.round(limitMs / 1000)} s`);
  }
}

/** Worth another attempt: no answer, or the server's own trouble (5xx). A 4xx is an answer. */
export const isTransient = (err: unknown): boolean => err instanceof FlinkUnreachableError || (err instanceof FlinkRestError && err.status >= 500);

/** A poll that has not answered in this long is taken for a lost connection and retried. */
const POLL_REQUEST_TIMEOUT_MS = 30_000;

const reasonOf = (err: unknown): string => (err instanceof FlinkUnreachableError ? err.reason : err instanceof FlinkRestError ? `HTTP ${err.status}` : String((err as Error)?.message ?? err));

const minutesText = (ms: number): string => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

function safeJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined; // an answer that is not JSON (a proxy's HTML page): the caller quotes the raw text
  }
}

/** The last `Caused by:` line of a Java stack trace (the first line when there is none), without the class prefix noise. */
export function rootCause(trace: string | undefined): string | undefined {
  if (!trace) return undefined;
  const lines = trace.split('\n').map((l) => l.trim());
  const causes = lines.filter((l) => l.startsWith('Caused by: '));
  return (causes.at(-1)?.slice('Caused by: '.length) ?? lines.find((l) => l.length > 0))?.trim();
}
