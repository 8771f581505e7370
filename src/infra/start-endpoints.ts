import type { Endpoints } from './endpoints.js';
import { EmbeddedPostgres } from './embedded/embedded-postgres.js';
import { externalPostgres } from './external/external-postgres.js';

export interface EndpointOptions {
  /** An existing server; without it the embedded server is started (or adopted from `db start`). */
  pgUrl?: string;
  log?: (line: string) => void;
}

/** The one place that picks a provider. Every command gets the same started Endpoints handle. */
export async function startEndpoints(opts: EndpointOptions): Promise<Endpoints> {
  if (opts.pgUrl) return externalPostgres(opts.pgUrl);
  const started = await new EmbeddedPostgres().withLog(opts.log ?? (() => undefined)).start();
  if (started.note) opts.log?.(started.note);
  opts.log?.(`embedded PostgreSQL ${started.ownsServer ? 'started' : 'already running (db start)'}: ${started.pg.display}, state in ${started.stateDir}`);
  return started;
}
