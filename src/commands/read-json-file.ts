import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UsageError } from './usage-error.js';

/**
 * Reads a file cdc-sizer wrote (a run or estimate result, a catalog) through its schema. Each way
 * it can be wrong is one line: missing, not JSON, another kind of file, a newer schema version.
 * Several kinds are accepted when the schema tells them apart (a union discriminated by `kind`).
 */
export async function readJsonFile<S extends z.ZodType>(file: string, schema: S, expect: { kind: string | readonly string[]; schemaVersion: number; what: string }): Promise<z.infer<S>> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  let json: { kind?: unknown; schemaVersion?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new UsageError(`${file} is not JSON; expected ${expect.what}`);
  }
  if (typeof json !== 'object' || json === null) throw new UsageError(`${file} holds no JSON object; expected ${expect.what}`);
  const kinds: readonly unknown[] = typeof expect.kind === 'string' ? [expect.kind] : expect.kind;
  if (!kinds.includes(json.kind)) throw new UsageError(`${file} is ${typeof json.kind === 'string' ? `a "${json.kind}" file` : 'not a cdc-sizer file'}; expected ${expect.what}`);
  if (typeof json.schemaVersion === 'number' && json.schemaVersion > expect.schemaVersion) throw new UsageError(`${file} was written by a newer cdc-sizer (schema version ${json.schemaVersion}; this one reads ${expect.schemaVersion}): upgrade cdc-sizer`);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file} does not match ${expect.what} (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data;
}
