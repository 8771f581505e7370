import { excludeOption, overmatchedTables, overmatchText, uncapturableTables, uncapturableText } from '../connector-names.js';
import { qualifiedName } from '../../sql/identifiers.js';
import { scopeOids, type Check } from './check.js';
import { listText, plural } from './evidence-text.js';

/**
 * Names the connector turns back into text and then misreads (see connector-names.ts): such a
 * table is never read, so it is said here, by name and why, before any run finds it by failing.
 */
const capturableNames: Check = {
  name: 'table-names',
  async run(ctx) {
    const found = await uncapturableTables(ctx.client, scopeOids(ctx));
    if (found.length === 0) return [];
    // A partitioned table is left out (or renamed) as a whole: --exclude takes the table preflight lists.
    const roots = found.map((t) => t.partitionOf ?? t);
    return [
      {
        id: 'table-name',
        severity: 'error',
        title: `${plural(found.length, 'table')} Flink CDC cannot capture by name`,
        evidence: listText(found.map(uncapturableText), 3),
        fix: `leave ${found.length === 1 ? 'it' : 'them'} out of the run (${excludeOption(roots)}) or rename ${found.length === 1 ? 'it' : 'them'} (ALTER TABLE … RENAME TO …); cdc-sizer's raw-copy engine reads them`,
        tables: found.map(qualifiedName),
      },
    ];
  },
};

/**
 * The connector's filter for a chunk reads `schema.table` case-insensitively and a dot as any
 * character, so it can match a table nobody selected: harmless to the counts of a database at rest,
 * but that table joins the publication while the chunk is read, and its changes then are read too.
 */
const overmatchingNames: Check = {
  name: 'table-name-overlap',
  async run(ctx) {
    const found = await overmatchedTables(ctx.client, scopeOids(ctx));
    if (found.length === 0) return [];
    return [
      {
        id: 'table-name-overlap',
        severity: 'warning',
        title: `${plural(found.length, 'table')} whose chunks Flink CDC filters by a name that matches other tables too`,
        evidence: `${listText(found.map(overmatchText), 3)} (each chunk's table filter compares names case-insensitively and reads a dot as any character); those tables join the job's publication while the chunks are read, and changes to them then are read too`,
        fix: 'rename one of the look-alike tables, or accept it when nothing writes to them during the snapshot',
        tables: found.map((x) => qualifiedName(x.table)),
      },
    ];
  },
};

export const nameChecks: Check[] = [capturableNames, overmatchingNames];
