import type pg from 'pg';
import { ident, qualified } from '../../sql/identifiers.js';
import type { CatalogTable, KeyShape } from '../catalog.js';
import { probe } from './read-only.js';
import type { Relation } from './relations.js';

type KeyColumns = NonNullable<CatalogTable['primaryKey']>['columns'];

const INTEGER = /^(smallint|integer|bigint)$/;
const UUID = /^uuid$/;
const TEXT = /^(text|character varying|character|varchar|char)(\(\d+\))?$/;

/** Sample sizes for the key probes: enough to tell a uuid version or a typical length, cheap on any table. */
const UUID_SAMPLE = 200;
const TEXT_SAMPLE = 1000;

/**
 * The key's shape, as chunked snapshots meet it: dense or sparse integers, uuid version (v7 is
 * time-ordered, v4 random), text length. Probes read a handful of key values through the key's
 * index and keep only a number; nothing read is stored.
 */
export async function keyShape(client: pg.Client, rel: Relation, key: KeyColumns | undefined, rows: number, warn: (line: string) => void): Promise<KeyShape> {
  if (!key || key.length === 0) return { shape: 'none' };
  if (key.length > 1) return { shape: 'composite' };
  const column = key[0]!;
  // A parent's key spans its partitions; a plain table's excludes legacy inheritance children.
  const from = `${rel.partitioned ? '' : 'ONLY '}${qualified(rel.schema, rel.name)}`;
  const k = ident(column.name);
  if (INTEGER.test(column.type)) {
    const span = await probe(client, rel, warn, 'key range', async (c) => {
      const { rows: r } = await c.query<{ lo: string | null; hi: string | null }>(`SELECT min(${k})::text AS lo, max(${k})::text AS hi FROM ${from}`);
      return r[0]!.lo === null ? undefined : Number(BigInt(r[0]!.hi!) - BigInt(r[0]!.lo!) + 1n);
    });
    return integerShape(span, rows);
  }
  if (UUID.test(column.type)) {
    const version = await probe(client, rel, warn, 'uuid version', async (c) => {
      const { rows: r } = await c.query<{ v: string; n: string }>(
        `SELECT substr(${k}::text, 15, 1) AS v, count(*) AS n FROM (SELECT ${k} FROM ${from} LIMIT ${UUID_SAMPLE}) s GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
      );
      return r[0] ? parseInt(r[0].v, 16) : null;
    });
    return { shape: 'uuid', version: version ?? null };
  }
  if (TEXT.test(column.type)) {
    const length = await probe(client, rel, warn, 'key length', async (c) => {
      const { rows: r } = await c.query<{ len: number | null }>(`SELECT avg(char_length(${k}))::float8 AS len FROM (SELECT ${k} FROM ${from} LIMIT ${TEXT_SAMPLE}) s`);
      return r[0]!.len === null ? null : Math.round(r[0]!.len * 10) / 10;
    });
    return { shape: 'text', length: length ?? null };
  }
  return { shape: 'other' };
}

/** Keys more than 1.5 apart on average make a sparse key: chunk ranges then hold fewer rows than their width. */
export function integerShape(span: number | undefined, rows: number): KeyShape {
  if (span === undefined || rows <= 1) return { shape: 'bigint-sequential' };
  const gap = span / rows;
  return gap < 1.5 ? { shape: 'bigint-sequential' } : { shape: 'bigint-sparse', gap: Math.round(gap * 100) / 100 };
}
