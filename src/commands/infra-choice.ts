import type { EndpointOptions } from '../infra/start-endpoints.js';
import { imageSet, ImageSetError } from '../infra/testcontainers/image-set.js';
import { onCleanup } from './cleanup.js';
import { UsageError } from './usage-error.js';

/** --infra and the container options, shared by the commands that start their own servers (run, stream-capacity). */
export interface InfraOptions {
  /** embedded (default) | testcontainers. */
  infra?: string;
  /** official (default) | local. */
  images?: string;
  /** ROLE=IMAGE:TAG overrides, repeatable. */
  image?: string[];
  /** false with --no-starrocks. */
  starrocks?: boolean;
  pgUrl?: string;
  flinkUrl?: string;
}

/** The provider options a command line asks for; contradictions are bad input, said before anything starts. */
export function infraChoice(opts: InfraOptions, slots: number): Pick<EndpointOptions, 'infra' | 'containers'> {
  const infra = opts.infra ?? 'embedded';
  if (infra !== 'embedded' && infra !== 'testcontainers') throw new UsageError(`--infra must be embedded or testcontainers, got "${infra}"`);
  const containerOptions = opts.images !== undefined || (opts.image?.length ?? 0) > 0 || opts.starrocks === false;
  if (infra === 'embedded') {
    if (containerOptions) throw new UsageError('--images, --image and --no-starrocks choose the containers of --infra testcontainers: add it');
    return {};
  }
  if (opts.pgUrl !== undefined) throw new UsageError('--infra testcontainers starts its own PostgreSQL; --pg-url names an existing one: use one or the other');
  if (opts.flinkUrl !== undefined) throw new UsageError('--infra testcontainers starts its own Flink cluster; --flink-url names an existing one: use one or the other');
  try {
    return { infra, containers: { images: imageSet(opts.images ?? 'official', opts.image ?? []), slots, starrocks: opts.starrocks ?? true, registry: onCleanup } };
  } catch (err) {
    throw err instanceof ImageSetError ? new UsageError(err.message) : err;
  }
}
