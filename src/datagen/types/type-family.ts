import type { Faker } from '@faker-js/faker';
import type { Rng } from '../../scenario/rng.js';
import type { TypeRequest } from '../../scenario/type-name.js';

/**
 * The contract every PostgreSQL type family implements. A family turns a type request from a
 * scenario (`numeric(12,2)`, `varchar(40)`, `int[][]`, `enum` …) into a ResolvedType that can
 * make values, write them as PostgreSQL input text, and say what PostgreSQL will print for them.
 *
 * The canonical text is computed here, in TypeScript, independently of PostgreSQL; tests compare
 * it with what the server's output function returns under PINNED_SESSION_SETTINGS, and later the
 * pipeline's output is compared with it.
 */

/** Session settings under which canonical text is defined. Every connection that reads values back sets these. */
export const PINNED_SESSION_SETTINGS: Readonly<Record<string, string>> = {
  TimeZone: 'UTC',
  DateStyle: 'ISO, MDY',
  IntervalStyle: 'postgres',
  extra_float_digits: '1',
  lc_monetary: 'C',
  bytea_output: 'hex',
  client_encoding: 'UTF8',
};

/** Byte-length target for variable-width values (text, bytea, json, arrays…). TOAST starts near 2 kB. */
export interface WidthKnob {
  min: number;
  max: number;
}

/** A type as a scenario names it, parsed: `numeric(12,2)[]` → base `numeric`, args [12, 2], arrayDims 1. */
export type { TypeRequest } from '../../scenario/type-name.js';

/** Deterministic randomness handed to generators: a fast Rng and a seeded Faker for realistic text. */
export interface ValueSource {
  rng: Rng;
  faker: Faker;
}

/** A database object a column type needs (extension, enum, composite, domain). Created once per database. */
export interface SetupObject {
  /** Unique key, e.g. `extension:hstore` or `type:cdcsizer_mood`. */
  key: string;
  kind: 'extension' | 'type' | 'domain';
  /** Unqualified object name (the extension name for extensions). */
  name: string;
  createSql: string;
  /** Setup objects this one depends on (created first). */
  dependsOn?: string[];
}

export interface ResolvedType<V> {
  /** Type text for CREATE TABLE, e.g. `numeric(12,2)`, `cdcsizer_mood`, `integer[]`. */
  sql: string;
  /** Family id, for reports (one of the families' `id`). */
  family: string;
  setup: readonly SetupObject[];
  /** Whether the type can be (part of) a primary key: btree-orderable with equality. */
  keyable: boolean;
  /** Nasty edge values (extremes, escapes, NaN…) that every pool of this type contains. */
  edges(): V[];
  /** One random value; `width` asks for a byte length where the type has one. */
  generate(src: ValueSource, width: WidthKnob | undefined): V;
  /** PostgreSQL input text for the value (not yet COPY-escaped). */
  literal(v: V): string;
  /** What PostgreSQL's output function prints for the value under PINNED_SESSION_SETTINGS. */
  canonical(v: V): string;
}

export interface TypeFamily {
  /** Short id used in reports: `integer`, `numeric`, `float`, `money`… */
  id: string;
  /** Base names a scenario may use for this family (`smallint`, `int`, `integer`…). */
  names: readonly string[];
  /** Throws TypeRequestError for bad arguments (e.g. `numeric(5,9)`). */
  resolve(req: TypeRequest): ResolvedType<any>;
}

/** A type request the family cannot satisfy; the message says what is allowed. */
export class TypeRequestError extends Error {
  override name = 'TypeRequestError';
}
