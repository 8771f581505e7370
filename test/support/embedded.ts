import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres, type StartedEmbeddedPostgres } from '../../src/infra/embedded/embedded-postgres.js';

/** A private embedded PostgreSQL for one test file, in a temporary state folder removed afterwards. */
export async function startTestPostgres(): Promise<{ server: StartedEmbeddedPostgres; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cdc-sizer-test-'));
  const server = await new EmbeddedPostgres().withStateDir(dir).start();
  return {
    server,
    stop: async () => {
      await server.release();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
