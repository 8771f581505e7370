/**
 * Source options a user may not set, because the harness owns what they decide: the slot and
 * publication the run creates and drops, the connection (--pg-url), the tables measured, the
 * bounded incremental snapshot being measured, and the record keys the key fingerprints are made
 * of. Given anyway, `debezium.publication.name` would point the connector at an existing
 * publication, which it then rewrites with `ALTER PUBLICATION … SET TABLE`; the others would
 * redirect the run onto objects it does not own or measure something other than what the result
 * says. Refused before anything starts (commands/option-set-args.ts) and again inside the job
 * (ReservedOptions.java keeps the same table, but for the chunk size below; test/engines/
 * reserved-options-job.test.ts checks every spelling here against it), should one reach it another way.
 *
 * Each entry names its spellings: Flink CDC's option (`slot.name`, as postgres-cdc names it) and
 * the Debezium property (`debezium.slot.name`). A Debezium property given without its `debezium.`
 * prefix is refused too, with the same reason, rather than later as an unknown option.
 */
export interface ReservedOption {
  /** Flink CDC option names. */
  options: readonly string[];
  /** Debezium property names, without the `debezium.` prefix. */
  debezium: readonly string[];
  /** Also every Debezium property that starts with one of `debezium` followed by a dot. */
  prefix?: boolean;
  reason: string;
}

export const DEBEZIUM_PREFIX = 'debezium.';

const CONNECTION = 'the connection is the one cdc-sizer connects with (--pg-url, or the embedded server)';
const TABLES = 'cdc-sizer sets the captured tables and schemas itself (the scenario\'s tables, or --tables/--exclude of an existing database), and verifies counts against exactly those';

export const RESERVED_OPTIONS: readonly ReservedOption[] = [
  { options: ['slot.name'], debezium: ['slot.name'], reason: 'the run names its own replication slot (cdcsizer_…) and drops it afterwards; another name could take over a slot it does not own' },
  { options: [], debezium: ['publication.name'], reason: 'the run names its own publication (cdcsizer_…) and drops it afterwards; the connector rewrites the publication it is given (ALTER PUBLICATION … SET TABLE), so another name would change a publication it does not own' },
  { options: [], debezium: ['publication.autocreate.mode'], reason: 'the run\'s publication is created FOR TABLE of the measured tables only (filtered); all_tables would publish the whole database and disabled needs a publication it does not own' },
  { options: [], debezium: ['publish.via.partition.root'], reason: 'the run creates its own publication with the measured partitions published as themselves, which its counts are checked against' },
  { options: ['decoding.plugin.name'], debezium: ['plugin.name'], reason: 'the run\'s slot uses the pgoutput plugin, which every PostgreSQL has and the publication belongs to' },
  { options: [], debezium: ['slot.drop.on.stop'], reason: 'the run drops its own slots itself and reports any it could not drop' },
  { options: [], debezium: ['slot.stream.params'], reason: 'the slot streams the run\'s own publication; stream parameters could name another' },
  { options: ['scan.startup.mode'], debezium: ['snapshot.mode'], prefix: true, reason: 'cdc-sizer measures the bounded incremental snapshot (scan.startup.mode=snapshot), which ends the job when the snapshot ends' },
  { options: ['scan.startup.timestamp-millis', 'scan.startup.specific-offset.file', 'scan.startup.specific-offset.pos', 'scan.startup.specific-offset.skip-events', 'scan.startup.specific-offset.skip-rows'], debezium: [], reason: 'cdc-sizer measures the bounded incremental snapshot (scan.startup.mode=snapshot), which ends the job when the snapshot ends' },
  { options: ['scan.incremental.snapshot.enabled'], debezium: [], reason: 'cdc-sizer measures the incremental (chunked, lock-free) snapshot' },
  { options: ['hostname'], debezium: ['database.hostname'], reason: CONNECTION },
  { options: ['port'], debezium: ['database.port'], reason: CONNECTION },
  { options: ['database-name'], debezium: ['database.dbname'], reason: CONNECTION },
  { options: ['username'], debezium: ['database.user'], reason: CONNECTION },
  { options: ['password'], debezium: ['database.password'], reason: `${CONNECTION}; give the password in --pg-url, PGPASSWORD or ~/.pgpass` },
  // database.sslmode, database.initial.statements (SQL run on every connection) and the rest.
  { options: [], debezium: ['database'], prefix: true, reason: CONNECTION },
  { options: ['table-name'], debezium: ['table.include.list', 'table.exclude.list', 'table.whitelist', 'table.blacklist'], reason: TABLES },
  { options: ['schema-name'], debezium: ['schema.include.list', 'schema.exclude.list', 'schema.whitelist', 'schema.blacklist'], reason: TABLES },
  { options: [], debezium: ['column.include.list', 'column.exclude.list', 'column.whitelist', 'column.blacklist'], reason: 'cdc-sizer reads every column of the measured tables and checks their values against the source' },
  { options: [], debezium: ['snapshot.select.statement.overrides', 'snapshot.include.collection.list'], reason: 'cdc-sizer reads every row of the measured tables and checks the counts against the source' },
  { options: ['scan.incremental.snapshot.chunk.key-column'], debezium: ['message.key.columns'], reason: 'cdc-sizer chooses each table\'s chunk key (its primary key) and fingerprints the records\' keys; name a column for a table without a key with --chunk-key-column schema.table=column' },
  { options: [], debezium: ['connector.class'], reason: 'cdc-sizer measures the PostgreSQL connector' },
  // The job accepts it (the harness passes --chunk-size through it), but from a user it would override the point's chunk size and mislabel the result.
  { options: ['scan.incremental.snapshot.chunk.size'], debezium: [], reason: 'the chunk size is a measured axis: give it with --chunk-size (a list, e.g. 8096,50000), so that every point is labelled with the size it was read at' },
];

/** The reserved entry a source option key falls under, if any; keys compare without case or surrounding blanks. */
export function reservedOption(key: string): ReservedOption | undefined {
  const k = key.trim().toLowerCase();
  const property = k.startsWith(DEBEZIUM_PREFIX) ? k.slice(DEBEZIUM_PREFIX.length) : undefined;
  return RESERVED_OPTIONS.find((r) => {
    if (property === undefined && r.options.includes(k)) return true;
    const name = property ?? k;
    return r.debezium.some((d) => name === d || (r.prefix === true && name.startsWith(`${d}.`)));
  });
}

/** One line for a refused option: the option as given, and why. */
export function reservedOptionMessage(key: string, flag: string): string | undefined {
  const r = reservedOption(key);
  return r ? `${flag} ${key.trim()} cannot be set: ${r.reason}` : undefined;
}
