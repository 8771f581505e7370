import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from '../../infra/infra-error.js';

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

export class FlinkRest {
  constructor(
    readonly baseUrl: string,
    /** Injected in tests, which replay responses recorded from a real Flink. */
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  overview(): Promise<Overview> {
    return this.call('GET', '/overview');
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

  async run(jarId: string, opts: { entryClass: string; args: string[]; parallelism: number }): Promise<string> {
    const res = await this.call<{ jobid: string }>('POST', `/jars/${encodeURIComponent(jarId)}/run`, {
      entryClass: opts.entryClass,
      programArgsList: opts.args,
      parallelism: opts.parallelism,
    });
    return res.jobid;
  }

  job(jobId: string): Promise<JobDetail> {
    return this.call('GET', `/jobs/${jobId}`);
  }

  async accumulators(jobId: string): Promise<UserAccumulator[]> {
    const res = await this.call<{ 'user-task-accumulators': UserAccumulator[] }>('GET', `/jobs/${jobId}/accumulators`);
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

  async cancel(jobId: string): Promise<void> {
    await this.call('PATCH', `/jobs/${jobId}?mode=cancel`);
  }

  /** Polls until the job reaches a terminal state; `onPoll` sees every answer. */
  async waitForEnd(jobId: string, opts: { pollMs?: number; timeoutMs?: number; onPoll?: (j: JobDetail) => void } = {}): Promise<JobDetail> {
    const deadline = Date.now() + (opts.timeoutMs ?? 6 * 3600_000);
    for (;;) {
      const job = await this.job(jobId);
      opts.onPoll?.(job);
      if (TERMINAL_STATES.has(job.state)) return job;
      if (Date.now() > deadline) throw new InfraError(`Flink job ${jobId} did not end within ${Math.round((opts.timeoutMs ?? 0) / 1000)} s (state ${job.state})`);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    }
  }

  private async call<T>(method: string, route: string, body?: FormData | object): Promise<T> {
    const url = `${this.baseUrl.replace(/\/$/, '')}${route}`;
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        ...(body instanceof FormData ? { body } : body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new InfraError(`cannot reach Flink's REST API at ${this.baseUrl} (${cause}); is the cluster running and is --flink-url right?`);
    }
    const text = await res.text();
    if (!res.ok) {
      const errors = safeJson<{ errors?: string[] }>(text)?.errors;
      // Flink wraps the job's own error in handler exceptions; the innermost cause is the one to show.
      const first = errors?.map((e) => rootCause(e) ?? e).join('; ') ?? text.slice(0, 300);
      throw new FlinkRestError(`Flink REST ${method} ${route} answered ${res.status}: ${first}`, res.status);
    }
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
