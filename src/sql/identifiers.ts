import pg from 'pg';

/*
 * How cdc-sizer writes PostgreSQL names. This folder sits outside the flow (scenario → generate →
 * run → verify → model → report), like the shared types: every layer writes SQL or names tables, and
 * quoting must be the same everywhere, so any layer may import it. It imports nothing of ours.
 */

/** A quoted identifier (`"Mixed Case"`, `"a""b"`): safe for any legal name. */
export const ident = (name: string): string => pg.escapeIdentifier(name);

/** A quoted schema-qualified relation (`"Sales.EU"."Order.Items"`), for SQL and for `::regclass`. */
export const qualified = (schema: string, name: string): string => `${ident(schema)}.${ident(name)}`;

/** The unquoted `schema.table` name that reports, results and map keys use. */
export const qualifiedName = (t: { schema: string; name: string }): string => `${t.schema}.${t.name}`;
