import type pg from 'pg';
import { scopeOids, type Check } from './check.js';
import { listText, plural } from './evidence-text.js';
import { ident, qualifiedName } from '../../sql/identifiers.js';

const replicationPrivilege: Check = {
  name: 'replication-privilege',
  run({ client, facts }) {
    if (facts.superuser || facts.replication || facts.rdsReplication) return [];
    const role = ident(facts.user);
    return [
      {
        id: 'replication-privilege',
        severity: 'error',
        title: `role ${facts.user} may not replicate`,
        evidence: `pg_roles: ${facts.user} has neither REPLICATION nor SUPERUSER; a replication connection and CREATE_REPLICATION_SLOT will be refused`,
        fix: `ALTER ROLE ${role} WITH REPLICATION (Amazon RDS/Aurora: GRANT rds_replication TO ${role}); pg_hba.conf must also let it open replication connections`,
      },
    ];
  },
};

const selectPrivilege: Check = {
  name: 'select-privilege',
  async run(ctx) {
    const { rows } = await ctx.client.query<{ schema: string; name: string; usage: boolean }>(
      `SELECT n.nspname AS schema, c.relname AS name, has_schema_privilege(n.oid, 'USAGE') AS usage
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.oid = ANY($1::oid[]) AND NOT (has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT'))
       ORDER BY 1, 2`,
      [scopeOids(ctx)],
    );
    if (rows.length === 0) return [];
    const tables = rows.map((r) => qualifiedName(r));
    const noUsage = [...new Set(rows.filter((r) => !r.usage).map((r) => r.schema))];
    return [
      {
        id: 'select-privilege',
        severity: 'error',
        title: `${plural(rows.length, 'table')} ${ctx.facts.user} cannot read`,
        evidence: `no SELECT${noUsage.length ? ` (and no USAGE on schema ${noUsage.join(', ')})` : ''}: ${listText(tables)}; the snapshot reads every table with SELECT`,
        fix: grants(ctx.client, ctx.facts.user, [...new Set(rows.map((r) => r.schema))], noUsage),
        tables,
      },
    ];
  },
};

function grants(client: pg.Client, user: string, schemas: string[], noUsage: string[]): string {
  const role = ident(user);
  const usage = noUsage.map((s) => `GRANT USAGE ON SCHEMA ${ident(s)} TO ${role}; `).join('');
  const select = schemas.map((s) => `GRANT SELECT ON ALL TABLES IN SCHEMA ${ident(s)} TO ${role};`).join(' ');
  return `${usage}${select} (ALTER DEFAULT PRIVILEGES … GRANT SELECT ON TABLES covers tables created later)`;
}

/**
 * Debezium's default publication.autocreate.mode (all_tables) runs CREATE PUBLICATION … FOR ALL
 * TABLES, which only a superuser may; filtered mode needs ownership of every table.
 */
const publicationPrivilege: Check = {
  name: 'publication-privilege',
  async run(ctx) {
    if (ctx.facts.superuser) return [];
    const { rows } = await ctx.client.query<{ owned: number; pubs: string[] }>(
      `SELECT (SELECT count(*) FROM pg_class c WHERE c.oid = ANY($1::oid[]) AND pg_has_role(c.relowner, 'USAGE'))::int AS owned,
              (SELECT coalesce(array_agg(pubname::text ORDER BY pubname), '{}') FROM pg_publication) AS pubs`,
      [scopeOids(ctx)],
    );
    const { owned, pubs } = rows[0]!;
    const total = ctx.scope.tables.length;
    return [
      {
        id: 'publication-privilege',
        severity: 'warning',
        title: `${ctx.facts.user} cannot create the connector's default publication`,
        evidence: `${ctx.facts.user} is not a superuser (CREATE PUBLICATION … FOR ALL TABLES needs one) and owns ${owned} of ${total} tables in scope; existing publications: ${pubs.length ? listText(pubs) : 'none'}`,
        // Advice for the user's own pipeline: cdc-sizer run refuses both options (it always creates
        // and drops a publication of its own, FOR TABLE, so it must run as the tables' owner).
        fix: "in your pipeline, have a superuser create the publication beforehand (CREATE PUBLICATION … FOR TABLE …) and give the connector its name (debezium.publication.name), or set debezium.publication.autocreate.mode = filtered and run the connector as the owner of every captured table; cdc-sizer run always creates its own publication FOR TABLE, so run it as the tables' owner or a superuser",
      },
    ];
  },
};

export const privilegeChecks: Check[] = [replicationPrivilege, selectPrivilege, publicationPrivilege];
