import type { Check } from './check.js';
import { listText, plural } from './evidence-text.js';

/**
 * Changes to a partition are published under the partition's name unless the publication
 * publishes via the root, and the connector skips partitioned tables unless told to include them.
 */
const partitionedTables: Check = {
  name: 'partitions',
  async run({ client, facts, scope }) {
    const parents = scope.tables.filter((t) => t.partitioned);
    if (parents.length === 0) return [];
    const { rows } = await client.query<{ name: string; viaroot: boolean | null }>(
      `SELECT p.pubname::text AS name, (to_jsonb(p) ->> 'pubviaroot')::boolean AS viaroot FROM pg_publication p ORDER BY 1`,
    );
    const notViaRoot = rows.filter((r) => r.viaroot !== true).map((r) => r.name);
    const publications = facts.versionNum < 130000
      ? `PostgreSQL ${facts.version} cannot publish via the root (13+): changes arrive under each partition's name`
      : notViaRoot.length
        ? `publications without publish_via_partition_root: ${listText(notViaRoot)}`
        : rows.length
          ? 'every existing publication publishes via the root'
          : 'no publication yet';
    return [
      {
        id: 'partitioned-tables',
        severity: 'warning',
        title: `${plural(parents.length, 'partitioned table')}`,
        evidence: `${listText(parents.map((t) => `${t.qualified} (${plural(t.partitions, 'partition')})`))}; ${publications}`,
        fix: 'publish via the root: CREATE PUBLICATION … FOR TABLE <parents> WITH (publish_via_partition_root = true) (or ALTER PUBLICATION … SET (publish_via_partition_root = true)), set scan.include-partitioned-tables.enabled = true on the source, and list the parents, not their partitions',
        tables: parents.map((t) => t.qualified),
      },
    ];
  },
};

export const partitionChecks: Check[] = [partitionedTables];
