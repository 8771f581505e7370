import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const answers = (): boolean => spawnSync('mysql', ['-uroot', '-N', '-e', 'SELECT 1'], { encoding: 'utf8' }).status === 0;

/**
 * The MariaDB service of this machine kind (127.0.0.1:3306, root without password), which the
 * sink tests write into: started as the machine's notes say when it does not answer, then waited
 * for (up to 30 s). Throws, failing the test file, when it cannot be had.
 */
export async function ensureMariadb(): Promise<void> {
  if (answers()) return;
  if (!existsSync('/usr/sbin/mariadbd')) throw new Error('MariaDB is not installed (/usr/sbin/mariadbd): the sink tests write into it');
  spawnSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd']);
  for (let i = 0; i < 60; i++) {
    if (answers()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('MariaDB did not answer on 127.0.0.1:3306 within 30 s of starting it');
}
