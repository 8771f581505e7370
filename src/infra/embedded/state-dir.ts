import { createHash } from 'node:crypto';
import path from 'node:path';
import { isRoot, reachableByOthers, type OsUser } from './os-user.js';

export interface StateDirChoice {
  dir: string;
  /** Why the default was not used, when it was not. */
  note?: string;
}

/**
 * Where the embedded server keeps its data: `$CDC_SIZER_STATE_DIR`, else `.cdc-sizer/` in the
 * working folder. As root the server runs as the postgres user, which must be able to reach the
 * folder; when it cannot, a folder under /var/tmp keyed by the working folder is used instead.
 */
export function chooseStateDir(cwd: string, pgUser: OsUser | undefined, explicit = process.env.CDC_SIZER_STATE_DIR): StateDirChoice {
  if (explicit) return { dir: path.resolve(explicit) };
  const local = path.join(cwd, '.cdc-sizer');
  if (!isRoot() || reachableByOthers(local, pgUser)) return { dir: local };
  const key = createHash('sha1').update(path.resolve(cwd)).digest('hex').slice(0, 10);
  return {
    dir: path.join('/var/tmp', `cdc-sizer-${key}`),
    note: `${local} is not reachable by the postgres OS user, so the server's state lives here instead`,
  };
}
