import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres, type StartedEmbeddedPostgres } from '../../src/infra/embedded/embedded-postgres.js';

/**
 * A private embedded PostgreSQL for one test file, in a temporary state folder removed afterwards;
 * `settings` replace the embedded server's defaults (`{ wal_level: 'replica' }` for a server the
 * connector cannot read).
 */
export async function startTestPostgres(settings: Record<string, string> = {}): Promise<{ server: StartedEmbeddedPostgres; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cdc-sizer-test-'));
  const server = await Object.entries(settings).reduce((e, [name, value]) => e.withSetting(name, value), new EmbeddedPostgres().withStateDir(dir)).start();
  return {
    server,
    stop: async () => {
      await server.release();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
