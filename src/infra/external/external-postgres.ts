import type { Endpoints } from '../endpoints.js';
import { pgEndpointFromUrl } from '../endpoints.js';
import { connectPg } from '../pg-connect.js';

/** A server the user already runs (`--pg-url`). We only check that it answers; nothing to stop. */
/** The URL's form was checked where the user gave it (cli.ts): a malformed one is bad input, exit 2. */
export async function externalPostgres(url: string): Promise<Endpoints> {
  const pg = pgEndpointFromUrl(url);
  const client = await connectPg(pg);
  await client.end();
  return { provider: 'external', pg, release: async () => undefined };
}
