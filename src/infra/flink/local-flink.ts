import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { InfraError } from '../infra-error.js';
import { LeftBehindError } from '../left-behind-error.js';
import type { FlinkArtifacts } from './maven-build.js';

const MAIN_CLASS = 'dev.cdcsizer.cluster.LocalCluster';
const READY = 'cdc-sizer local cluster ready: rest=';

/**
 * A real Flink cluster in one local JVM (JobManager, TaskManager, REST with jar upload), started
 * from the Maven-resolved Flink jars. Configured with `withX()`; `start()` returns the started
 * handle, the only thing that knows the REST address. The JVM watches its stdin, so it also
 * ends when this process dies without cleaning up.
 */
export class LocalFlink {
  private slots = 2;
  private heap = '1g';
  private workDir?: string;
  private environment: Record<string, string> = {};
  private log: (line: string) => void = () => undefined;

  constructor(private readonly artifacts: FlinkArtifacts) {}

  withSlots(n: number): this {
    this.slots = n;
    return this;
  }

  withHeap(size: string): this {
    this.heap = size;
    return this;
  }

  withWorkDir(dir: string): this {
    this.workDir = dir;
    return this;
  }

  /** A variable of the JVM's environment: how a secret reaches the cluster without a command line. */
  withEnvironment(name: string, value: string): this {
    this.environment[name] = value;
    return this;
  }

  withLog(log: (line: string) => void): this {
    this.log = log;
    return this;
  }

  async start(timeoutMs = 120_000): Promise<StartedLocalFlink> {
    const flags = (await readFile(this.artifacts.jvmFlagsFile, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const classpath = `${this.artifacts.clusterJar}:${(await readFile(this.artifacts.clusterClasspathFile, 'utf8')).trim()}`;
    const args = [...flags, `-Xmx${this.heap}`, '-cp', classpath, MAIN_CLASS, '--port', '0', '--slots', String(this.slots), '--watch-stdin', ...(this.workDir ? ['--work-dir', this.workDir] : [])];
    const started = Date.now();
    const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...this.environment } });
    const { restUrl, logFile } = await waitForReady(child, timeoutMs);
    this.log(`local Flink cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${restUrl}, ${this.slots} slots`);
    return new StartedLocalFlink(child, restUrl, this.slots, logFile);
  }
}

export class StartedLocalFlink {
  constructor(
    private readonly child: ChildProcess,
    readonly restUrl: string,
    readonly slots: number,
    /** The cluster's log, in its work folder: removed with the cluster unless the folder was given (withWorkDir). */
    readonly logFile?: string,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The JVM's peak resident memory so far (Linux VmHWM); undefined where /proc cannot tell. */
  async peakRssBytes(): Promise<number | undefined> {
    // No /proc (not Linux) or the JVM just ended: the peak is unknown, which the caller allows.
    const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8').catch(() => '');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  }

  /**
   * Stops the JVM: SIGTERM, then SIGKILL if it has not exited after 20 s. One that outlives SIGKILL
   * by 10 s more (a process stuck in the kernel) is said with its PID, not waited for forever.
   */
  async release(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<boolean>((resolve) => this.child.once('exit', () => resolve(true)));
    this.child.kill('SIGTERM');
    const timers: NodeJS.Timeout[] = [];
    const stuck = new Promise<boolean>((resolve) => {
      timers.push(setTimeout(() => this.child.kill('SIGKILL'), 20_000));
      timers.push(setTimeout(() => resolve(false), 30_000));
    });
    const ended = await Promise.race([exited, stuck]);
    for (const t of timers) clearTimeout(t);
    if (!ended) throw new LeftBehindError({ what: 'cluster', name: `local Flink cluster (PID ${this.child.pid})`, error: 'still running 10 s after SIGKILL', remedy: `kill -9 ${this.child.pid}` });
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<{ restUrl: string; logFile?: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new InfraError(`the local Flink cluster did not answer within ${timeoutMs / 1000} s${stderr ? `: ${lastLine(stderr)}` : ''}`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith(READY));
      if (line) {
        clearTimeout(timer);
        const logFile = / log=(\S+)/.exec(line)?.[1];
        resolve({ restUrl: line.slice(READY.length).split(/\s/)[0]!, ...(logFile ? { logFile } : {}) });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new InfraError(`cannot start java for the local Flink cluster (${err.message}); install Java 17 or newer`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new InfraError(`the local Flink cluster exited (code ${code}) before it was ready${stderr ? `: ${lastLine(stderr)}` : ''}`));
    });
  });
}

const lastLine = (s: string): string => s.trim().split('\n').at(-1) ?? '';
