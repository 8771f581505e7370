import { GenericContainer, type StartedTestContainer, type WaitStrategy, type BoundPorts } from 'testcontainers';

/**
 * A GenericContainer whose published ports listen on 127.0.0.1 only: the stack's servers run with
 * throwaway credentials (MariaDB's root has none) and must answer this machine alone, never the
 * network it is on. Testcontainers itself publishes on every interface.
 */
export class LoopbackContainer extends GenericContainer {
  withLoopbackPorts(...ports: number[]): this {
    this.withExposedPorts(...ports);
    for (const port of ports) this.hostConfig.PortBindings![`${port}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: '0' }];
    return this;
  }

  /** The bytes of /dev/shm (PostgreSQL's shared memory); Docker's default is 64 MB. */
  withShm(bytes: number): this {
    this.hostConfig.ShmSize = bytes;
    return this;
  }
}

/**
 * Testcontainers' own wait is not used: readiness is checked from the harness (readiness.ts), the
 * same way for official and local images, with one message and the container's last log lines
 * when it times out.
 */
export class StartedOnly implements WaitStrategy {
  private timeout = 60_000;
  async waitUntilReady(_container: unknown, _ports: BoundPorts): Promise<void> {}
  withStartupTimeout(ms: number): this {
    this.timeout = ms;
    return this;
  }
  isStartupTimeoutSet(): boolean {
    return true;
  }
  getStartupTimeout(): number {
    return this.timeout;
  }
}

export type { StartedTestContainer };
