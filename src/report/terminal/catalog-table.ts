import Table from 'cli-table3';
import { storedTables, type Catalog, type CatalogTable, type KeyShape } from '../../catalog/catalog.js';
import { qualifiedName } from '../../sql/identifiers.js';
import { fmtBytes, fmtInt, fmtSeconds, tableStyle } from './format.js';

/** The closing summary of `profile`: server facts, totals, the largest tables, and what needs a look. */
export function catalogTables(catalog: Catalog, opts: { largest?: number; verbose?: boolean } = {}): string {
  return [serverLine(catalog), totalsTable(catalog), largestTables(catalog, opts), ...notes(catalog)].join('\n');
}

function serverLine({ server: s, sampledSeconds }: Catalog): string {
  const keep = s.maxSlotWalKeepSize === null ? 'unlimited' : fmtBytes(s.maxSlotWalKeepSize);
  return [
    `PostgreSQL ${s.version}${s.inRecovery ? ' (standby)' : ''}, database ${s.database} ${fmtBytes(s.databaseBytes)}`,
    `wal_level=${s.walLevel}, max_slot_wal_keep_size=${keep}, replication slots ${s.replicationSlotsInUse} of ${s.maxReplicationSlots} in use, max_wal_senders=${s.maxWalSenders}`,
    `WAL ${fmtBytes(s.walBytesPerSecond)}/s over ${fmtSeconds(sampledSeconds)} s; cores unknown (no SQL reports them)`,
  ].join('\n');
}

function totalsTable(catalog: Catalog): string {
  const stored = storedTables(catalog);
  const sum = (f: (t: CatalogTable) => number) => stored.reduce((a, t) => a + f(t), 0);
  const t = new Table({ style: tableStyle(), head: ['tables', 'partitioned', 'rows', 'heap', 'TOAST', 'indexes', 'inserts/s', 'updates/s', 'deletes/s'] });
  t.push([
    fmtInt(catalog.tables.filter((x) => !x.partitionOf).length),
    fmtInt(catalog.tables.filter((x) => x.partitions).length),
    fmtInt(sum((x) => x.rows)),
    fmtBytes(sum((x) => x.heapBytes)),
    fmtBytes(sum((x) => x.toastBytes)),
    fmtBytes(sum((x) => x.indexBytes)),
    rate(sum((x) => x.writes.insertsPerSecond)),
    rate(sum((x) => x.writes.updatesPerSecond)),
    rate(sum((x) => x.writes.deletesPerSecond)),
  ]);
  return t.toString();
}

/** Partitions are shown through their parent, which carries their sums. */
function largestTables(catalog: Catalog, opts: { largest?: number; verbose?: boolean }): string {
  const top = catalog.tables.filter((t) => !t.partitionOf);
  if (top.length === 0) return 'no tables in the profiled schemas';
  const n = opts.verbose ? top.length : (opts.largest ?? 10);
  const shown = [...top].sort((a, b) => bytesOf(b) - bytesOf(a)).slice(0, n);
  const t = new Table({ style: tableStyle(), head: ['table', 'rows', 'heap', 'TOAST', 'indexes', 'avg row', 'key', 'ins/s', 'upd/s', 'del/s'] });
  for (const x of shown) {
    t.push([
      `${qualifiedName(x)}${x.partitions ? ` (${x.partitions.length} partitions)` : ''}`,
      `${fmtInt(x.rows)}${x.rowsSource === 'planner' ? ' ?' : ''}`,
      fmtBytes(x.heapBytes),
      fmtBytes(x.toastBytes),
      fmtBytes(x.indexBytes),
      x.avgRowBytesSource === 'unknown' ? '—' : fmtBytes(x.avgRowBytes),
      keyText(x.keyShape, x.primaryKey?.columns.length ?? 0),
      rate(x.writes.insertsPerSecond),
      rate(x.writes.updatesPerSecond),
      rate(x.writes.deletesPerSecond),
    ]);
  }
  const title = shown.length === top.length ? `all ${top.length} tables, largest first:` : `largest ${shown.length} of ${top.length} tables:`;
  return `${title}\n${t.toString()}`;
}

const bytesOf = (t: CatalogTable): number => t.heapBytes + t.toastBytes + t.indexBytes;

const rate = (n: number): string => (n === 0 ? '0' : n < 10 ? n.toFixed(1) : fmtInt(n));

export function keyText(k: KeyShape, columns: number): string {
  switch (k.shape) {
    case 'bigint-sparse':
      return `integer, gap ${k.gap}`;
    case 'bigint-sequential':
      return 'integer';
    case 'uuid':
      return k.version === null ? 'uuid' : `uuid v${k.version}`;
    case 'text':
      return k.length === null ? 'text' : `text ~${k.length}`;
    case 'composite':
      return `composite (${columns})`;
    case 'other':
      return 'other type';
    case 'none':
      return 'NONE';
  }
}

function notes(catalog: Catalog): string[] {
  const out: string[] = [];
  const guessed = catalog.tables.filter((t) => t.rowsSource === 'planner' && !t.partitions);
  if (guessed.length > 0) out.push(`${guessed.length} table${guessed.length > 1 ? 's were' : ' was'} never analyzed: rows marked ? are the planner's guess (ANALYZE, or pass --exact-counts)`);
  const keyless = catalog.tables.filter((t) => t.primaryKey === null && !t.partitionOf);
  if (keyless.length > 0) out.push(`${keyless.length} table${keyless.length > 1 ? 's have' : ' has'} no primary key: the incremental snapshot needs a NOT NULL chunk key column`);
  const categories = new Map<string, number>();
  for (const c of catalog.tables.filter((t) => !t.partitionOf).flatMap((t) => t.columns)) {
    if (c.category !== 'base') categories.set(c.category, (categories.get(c.category) ?? 0) + 1);
  }
  if (categories.size > 0) out.push(`columns of types connectors often get wrong: ${[...categories].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  return out;
}
