import type pg from 'pg';
import { readOnly } from '../read-only.js';
import { readServerFacts, type ServerFacts } from '../server-facts.js';
import { activityFindings } from './activity-checks.js';
import { DEFAULT_CHUNK_SIZE, type Check, type CheckContext } from './check.js';
import { listText, plural } from './evidence-text.js';
import { PREFLIGHT_SCHEMA_VERSION, type Finding, type PreflightReport, type ServerInfo } from './finding.js';
import { keyShapeChecks } from './key-shape-checks.js';
import { nameChecks } from './name-checks.js';
import { partitionChecks } from './partition-checks.js';
import { primaryKeyChecks } from './primary-key-checks.js';
import { privilegeChecks } from './privilege-checks.js';
import { tablesInScope, type Scope, type ScopeOptions } from './scope.js';
import { typeChecks } from './type-checks.js';
import { walChecks } from './wal-checks.js';
import { starRocksChecks } from './starrocks-checks.js';

export interface PreflightOptions extends ScopeOptions {
  /** Seconds between the two activity samples; 0 skips the idle-database check. Default 2. */
  sampleSeconds?: number;
  /** Rows per snapshot chunk the key checks reason with (the connector's default 8096). */
  chunkSize?: number;
  /** `--target starrocks`: the Flink CDC versions whose StarRocks type rules each column is run through. */
  starRocksVersions?: readonly string[];
}

const CATALOG_CHECKS: Check[] = [...walChecks, ...privilegeChecks, ...primaryKeyChecks, ...nameChecks, ...keyShapeChecks, ...partitionChecks, ...typeChecks];

/**
 * Checks a database against what Flink CDC needs, reading catalogs and statistics only, in
 * read-only transactions; it creates nothing (no slot, publication or temporary table) and
 * leaves the client's session settings as they were. The client must not be inside a transaction.
 */
export async function runPreflight(client: pg.Client, opts: PreflightOptions = {}): Promise<PreflightReport> {
  const { facts, scope, findings, passed, starrocks } = await readOnly(client, async () => {
    const facts = await readServerFacts(client);
    const scope = await tablesInScope(client, opts);
    const ctx: CheckContext = { client, facts, scope, chunkSize: opts.chunkSize ?? DEFAULT_CHUNK_SIZE };
    const findings: Finding[] = scopeFindings(scope);
    const passed: string[] = [];
    for (const check of CATALOG_CHECKS) {
      const found = await check.run(ctx);
      findings.push(...found);
      if (found.length === 0) passed.push(check.name);
    }
    const starrocks = opts.starRocksVersions ? await starRocksChecks(client, scope, opts.starRocksVersions) : undefined;
    if (starrocks) findings.push(...starrocks.findings);
    return { facts, scope, findings, passed, starrocks: starrocks?.target };
  });
  const seconds = opts.sampleSeconds ?? 2;
  if (seconds > 0) findings.push(...(await activityFindings(client, seconds)));
  return {
    kind: 'preflight',
    schemaVersion: PREFLIGHT_SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    server: serverInfo(facts),
    scope: { schemas: scope.schemas, tables: scope.tables.length },
    findings,
    passed,
    ...(starrocks ? { starrocks } : {}),
  };
}

const serverInfo = (f: ServerFacts): ServerInfo => ({ version: f.version, versionNum: f.versionNum, database: f.database, user: f.user, superuser: f.superuser, inRecovery: f.inRecovery });

function scopeFindings(scope: Scope): Finding[] {
  if (scope.missing.length > 0) {
    return [{ id: 'scope', severity: 'warning', title: `${plural(scope.missing.length, 'name')} not found`, evidence: `not in the catalog: ${listText(scope.missing)}; ${plural(scope.tables.length, 'table')} checked`, fix: 'check the spelling of --schemas (names are case-sensitive) and that the user can see them' }];
  }
  if (scope.tables.length === 0) return [{ id: 'scope', severity: 'info', title: 'no tables to check', evidence: 'no ordinary or partitioned table in scope', fix: 'pass --schemas with the schemas to migrate' }];
  return [];
}

/** Findings after which a CDC run cannot even start. */
const BLOCKING = new Set(['wal-level', 'replication-slots', 'wal-senders', 'replication-privilege', 'select-privilege']);

/** The errors that make a CDC run impossible (logical decoding off, no free slot or WAL sender, no right to replicate or read). */
export function blockingFindings(report: PreflightReport): Finding[] {
  return report.findings.filter((f) => f.severity === 'error' && BLOCKING.has(f.id));
}
