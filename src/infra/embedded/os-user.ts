import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const isRoot = (): boolean => process.getuid?.() === 0;

export interface OsUser {
  uid: number;
  gid: number;
}

/** The `postgres` OS user the server runs as when we are root (PostgreSQL refuses to run as root). */
export async function postgresOsUser(): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([exec('id', ['-u', 'postgres']), exec('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined; // `id` fails: there is no such user (the caller creates it or says so)
  }
}

/**
 * Whether a user other than root can reach `target` (search permission on every folder above it).
 * A clone under /root (mode 0700) is not reachable, so the server could read neither its data
 * directory nor its binaries there.
 */
export function reachableByOthers(target: string, user: OsUser | undefined): boolean {
  let dir = path.resolve(target);
  for (;;) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      st = undefined; // not created yet: its parent decides
    }
    if (st && st.isDirectory()) {
      const ok = user && st.uid === user.uid ? (st.mode & 0o100) !== 0 : user && st.gid === user.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
      if (!ok) return false;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}
