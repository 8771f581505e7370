import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The password for a --pg-url without one, found as libpq finds it: PGPASSWORD, then the password
 * file (PGPASSFILE, else ~/.pgpass). node-postgres would look on its own when it connects, but the
 * Flink job connects too and needs the password itself, so it is resolved once, here, and the
 * endpoint carries it to both.
 */
export type PasswordSource = 'url' | 'PGPASSWORD' | 'pgpass';

export interface ResolvedPassword {
  password?: string;
  source?: PasswordSource;
  /** Why a password file that exists was not read (libpq ignores it too, with a warning). */
  ignoredFile?: string;
}

export interface PasswordLookup {
  host: string;
  port: number;
  database: string;
  user: string;
}

export function resolvePassword(fromUrl: string | undefined, at: PasswordLookup, env: NodeJS.ProcessEnv = process.env): ResolvedPassword {
  if (fromUrl) return { password: fromUrl, source: 'url' };
  // libpq takes an empty PGPASSWORD as none given.
  if (env.PGPASSWORD) return { password: env.PGPASSWORD, source: 'PGPASSWORD' };
  return fromPasswordFile(passwordFile(env), at);
}

export const passwordFile = (env: NodeJS.ProcessEnv = process.env): string => env.PGPASSFILE || path.join(env.HOME || homedir(), '.pgpass');

function fromPasswordFile(file: string, at: PasswordLookup): ResolvedPassword {
  let mode: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return { ignoredFile: `${file} is not a plain file and was not read` };
    mode = st.mode;
  } catch {
    return {};
  }
  // Readable by others, it cannot be trusted to hold secrets: libpq ignores it, and so do we.
  if (mode & 0o077) return { ignoredFile: `${file} has group or world access and was not read (chmod 0600 ${file})` };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ignoredFile: `${file} could not be read` };
  }
  const password = passwordFromLines(text, at);
  return password === undefined ? {} : { password, source: 'pgpass' };
}

/**
 * The first line `host:port:database:user:password` whose four fields match, each a literal or
 * `*`; `\:` and `\\` stand for `:` and `\`; lines starting with # are comments.
 */
export function passwordFromLines(text: string, at: PasswordLookup): string | undefined {
  const wanted = [at.host, String(at.port), at.database, at.user];
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = splitFields(line);
    if (fields.length < 5) continue;
    const matches = wanted.every((w, i) => fields[i]!.raw === '*' || fields[i]!.value === w);
    // As libpq reads it, the password ends at the next unescaped colon.
    if (matches) return fields[4]!.value;
  }
  return undefined;
}

/** Fields split at unescaped colons; `raw` keeps a field as written, so that `\*` is a literal star, not the wildcard. */
function splitFields(line: string): { raw: string; value: string }[] {
  const fields: { raw: string; value: string }[] = [];
  let raw = '';
  let value = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      raw += c + line[i + 1];
      value += line[++i];
    } else if (c === ':') {
      fields.push({ raw, value });
      raw = value = '';
    } else {
      raw += c;
      value += c;
    }
  }
  fields.push({ raw, value });
  return fields;
}
