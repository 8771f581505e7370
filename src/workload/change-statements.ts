import { randomUUID } from 'node:crypto';
import { ident, qualified } from '../sql/identifiers.js';
import type { Rng } from '../scenario/rng.js';
import type { WriteTarget } from './write-target.js';

/** A key as text, one value per key column (what `key::text` reads and `$n::type` takes back). */
export type KeyText = string[];

/** One statement of a workload transaction. */
export interface Statement {
  text: string;
  values: string[];
}

const keyMatch = (t: WriteTarget, from: number): string => t.key.map((k, i) => `${ident(k.name)} = $${from + i}::${k.type}`).join(' AND ');

/** Reads keys to change: a few thousand spread over the table (TABLESAMPLE on a large one), as text. */
export function keySampleSql(t: WriteTarget, estimatedRows: number, want: number): string {
  const cols = t.key.map((k) => `${ident(k.name)}::text`).join(', ');
  // Three times what is wanted, so that a sample of pages short of rows still fills the pool.
  const percent = estimatedRows > want * 10 ? Math.min(100, (100 * 3 * want) / estimatedRows) : 100;
  const sample = percent < 100 ? ` TABLESAMPLE SYSTEM (${percent.toFixed(6)})` : '';
  return `SELECT ${cols} FROM ${qualified(t.schema, t.name)}${sample} LIMIT ${want}`;
}

export function updateStatement(t: WriteTarget, key: KeyText, wide: boolean): Statement {
  const rewriteWide = wide && t.wide !== undefined;
  // A table whose only other column is the wide one rewrites just that.
  const sets = rewriteWide && t.wide!.column === t.narrow ? [] : [`${ident(t.narrow)} = ${ident(t.narrow)}`];
  if (rewriteWide) sets.push(`${ident(t.wide!.column)} = ${t.wide!.rewrite}`);
  return { text: `UPDATE ${qualified(t.schema, t.name)} SET ${sets.join(', ')} WHERE ${keyMatch(t, 1)}`, values: key };
}

export function deleteStatement(t: WriteTarget, key: KeyText): Statement {
  return { text: `DELETE FROM ${qualified(t.schema, t.name)} WHERE ${keyMatch(t, 1)}`, values: key };
}

/**
 * A new row copied from an existing one (its width and values are the table's own), with a fresh
 * key: the template's key columns but one, which gets a new value. Returns the statement and the
 * new row's key.
 */
export function insertStatement(t: WriteTarget, template: KeyText, fresh: string): { statement: Statement; key: KeyText } {
  const f = t.fresh!;
  const newKey = template.map((v, i) => (i === f.column ? fresh : v));
  const keyCols = t.key.map((k) => ident(k.name));
  const keyValues = t.key.map((k, i) => `$${i + 1}::${k.type}`);
  const copied = t.copied.map(ident);
  const rel = qualified(t.schema, t.name);
  const text = `INSERT INTO ${rel} (${[...keyCols, ...copied].join(', ')}) OVERRIDING SYSTEM VALUE SELECT ${[...keyValues, ...copied].join(', ')} FROM ${rel} WHERE ${keyMatch(t, t.key.length + 1)} LIMIT 1`;
  return { statement: { text, values: [...newKey, ...template] }, key: newKey };
}

/** Fresh values for the key column inserts differ in: a counter past the table's max, a random uuid, or random text within the column's length. */
export class FreshKeys {
  private counter: bigint;

  constructor(
    private readonly t: WriteTarget,
    private readonly rng: Rng,
  ) {
    this.counter = t.counterStart ?? 0n;
  }

  next(): string {
    const f = this.t.fresh!;
    if (f.kind === 'counter') return String(++this.counter);
    if (f.kind === 'uuid') return randomUUID();
    // varchar(n): typmod is n + 4; text: -1.
    const typmod = this.t.key[f.column]!.typmod;
    const length = typmod > 4 ? Math.min(24, typmod - 4) : 24;
    let s = 'w';
    while (s.length < length) s += this.rng.nextUint32().toString(36);
    return s.slice(0, length);
  }
}
