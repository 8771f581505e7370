import { excludeOption, uncapturableTables, uncapturableText } from '../connector-names.js';
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

export const nameChecks: Check[] = [capturableNames];
