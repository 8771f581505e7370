import type { Endpoints } from '../endpoints.js';
import { pgEndpointFromUrl } from '../endpoints.js';
import { InfraError } from '../infra-error.js';
import { connectPg } from '../pg-connect.js';

/** A server the user already runs (`--pg-url`). We only check that it answers; nothing to stop. */
export async function externalPostgres(url: string): Promise<Endpoints> {
  let pg;
  try {
    pg = pgEndpointFromUrl(url);
  } catch {
    throw new InfraError(`--pg-url is not a URL; expected postgres://user:password@host:port/database`);
  }
  if (!/^postgres(ql)?:$/.test(new URL(url).protocol)) throw new InfraError(`--pg-url must start with postgres:// (got ${new URL(url).protocol}//)`);
  const client = await connectPg(pg);
  await client.end();
  return { provider: 'external', pg, release: async () => undefined };
}
