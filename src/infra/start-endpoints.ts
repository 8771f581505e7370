import type { Endpoints } from './endpoints.js';
import { EmbeddedPostgres } from './embedded/embedded-postgres.js';
import { externalPostgres } from './external/external-postgres.js';
import { ContainerStack, type TeardownRegistry } from './testcontainers/container-stack.js';
import type { ImageSet } from './testcontainers/image-set.js';

export type InfraName = 'embedded' | 'testcontainers';

export interface EndpointOptions {
  /** An existing server; without it the embedded server is started (or adopted from `db start`). */
  pgUrl?: string;
  /** embedded (default) | testcontainers: a Docker network of PostgreSQL, Flink, MariaDB and StarRocks. */
  infra?: InfraName;
  /** testcontainers: the images, and the TaskManager's task slots (the run's largest parallelism). */
  containers?: { images: ImageSet; slots: number; starrocks: boolean; registry: TeardownRegistry };
  log?: (line: string) => void;
}

/** The one place that picks a provider. Every command gets the same started Endpoints handle. */
export async function startEndpoints(opts: EndpointOptions): Promise<Endpoints> {
  if (opts.pgUrl) return externalPostgres(opts.pgUrl);
  if (opts.infra === 'testcontainers') {
    const c = opts.containers!;
    return new ContainerStack().withImages(c.images).withSlots(c.slots).withStarRocks(c.starrocks).withTeardownRegistry(c.registry).withLog(opts.log ?? (() => undefined)).start();
  }
  const started = await new EmbeddedPostgres().withLog(opts.log ?? (() => undefined)).start();
  if (started.note) opts.log?.(started.note);
  opts.log?.(`embedded PostgreSQL ${started.ownsServer ? 'started' : 'already running (db start)'}: ${started.pg.display}, state in ${started.stateDir}`);
  return started;
}
