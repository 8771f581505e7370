import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lsnBytes } from '../../src/catalog/preflight/activity-checks.js';
import { bySeverity, worstSeverity, type Finding, type PreflightReport } from '../../src/catalog/preflight/finding.js';
import { blockingFindings } from '../../src/catalog/preflight/preflight.js';
import { preflightTable } from '../../src/report/terminal/preflight-table.js';

const finding = (id: string, severity: Finding['severity']): Finding => ({ id, severity, title: `${id} title`, evidence: `${id} evidence`, fix: `${id} fix` });

const report = (findings: Finding[]): PreflightReport => ({
  kind: 'preflight',
  schemaVersion: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  server: { version: '18.1', versionNum: 180001, database: 'shop', user: 'cdc', superuser: false, inRecovery: false },
  scope: { schemas: ['public'], tables: 3 },
  findings,
  passed: ['types'],
});

test('worst severity and ordering: errors first, check order kept within a severity', () => {
  const fs = [finding('a', 'info'), finding('b', 'warning'), finding('c', 'error'), finding('d', 'warning')];
  assert.equal(worstSeverity(fs), 'error');
  assert.equal(worstSeverity([]), undefined);
  assert.deepEqual(bySeverity(fs).map((f) => f.id), ['c', 'b', 'd', 'a']);
});

test('blocking findings: only errors that stop a CDC run', () => {
  const r = report([finding('wal-level', 'error'), finding('replication-slots', 'warning'), finding('replication-privilege', 'error'), finding('type-money', 'warning'), finding('scope', 'error')]);
  assert.deepEqual(blockingFindings(r).map((f) => f.id), ['wal-level', 'replication-privilege']);
});

test('the table shows every finding with its severity, evidence and fix, worst first', () => {
  const text = preflightTable(report([finding('type-xml', 'info'), finding('wal-level', 'error')]), { width: 160, target: 'postgres://cdc:*****@db:5432/shop' });
  const lines = text.split('\n');
  assert.match(lines[0]!, /^preflight of postgres:\/\/cdc:\*\*\*\*\*@db:5432\/shop: PostgreSQL 18\.1, user cdc, 3 tables in public$/);
  assert.ok(text.indexOf('ERROR') < text.indexOf('info '), 'error row before info row');
  for (const s of ['wal-level title', 'wal-level evidence', 'wal-level fix', 'type-xml fix']) assert.ok(text.includes(s), s);
  assert.match(lines.at(-1)!, /^1 error, 0 warnings, 1 info; passed: types$/);
  assert.match(preflightTable(report([])), /no findings/);
});

test('LSN text to bytes', () => {
  assert.equal(lsnBytes('0/0'), 0);
  assert.equal(lsnBytes('1/10'), 2 ** 32 + 16);
  assert.equal(lsnBytes('16/B374D848') - lsnBytes('16/B374D840'), 8);
});
