import assert from 'node:assert/strict';
import { test } from 'node:test';
import { largestTables, planSample, sampleBudget, type SampleCandidate, type TypeMix } from '../../src/model/sample-plan.js';
import { typeMix } from '../../src/catalog/sample-candidate.js';

const CHUNK = 8096;

/** 60 tables: 40 of one chunk, 14 of a few, 6 of many; three widths, five key shapes, four type mixes. */
function selection(): SampleCandidate[] {
  const widths = [60, 300, 1500];
  const keys = ['bigint-sequential', 'uuid', 'text', 'composite', 'bigint-sparse'];
  const mixes: TypeMix[] = ['plain', 'json', 'array', 'special'];
  const t = (name: string, rows: number, i: number): SampleCandidate => ({ table: `crm.${name}`, rows, diskBytes: rows * widths[i % 3]!, keyShape: keys[i % 5]!, typeMix: mixes[i % 4]! });
  return [
    ...[...Array(40).keys()].map((i) => t(`s_${i}`, 300 + ((i * 997) % 5500), i)),
    ...[...Array(14).keys()].map((i) => t(`m_${i}`, 12_000 + i * 3_500, i + 1)),
    ...[...Array(6).keys()].map((i) => t(`big_${i}`, 200_000 * (i + 1), i + 2)),
  ];
}

test('the budget: N tables as given, P% of the selection rounded, at least one, at most all', () => {
  assert.equal(sampleBudget({ tables: 8 }, 60), 8);
  assert.equal(sampleBudget({ tables: 80 }, 60), 60);
  assert.equal(sampleBudget({ percent: 10 }, 60), 6);
  assert.equal(sampleBudget({ percent: 1 }, 60), 1);
  assert.equal(sampleBudget({ percent: 100 }, 60), 60);
});

test('the same selection gives the same sample, whatever the order of the tables', () => {
  const a = planSample(selection(), { percent: 20 }, CHUNK);
  const b = planSample(selection().reverse(), { percent: 20 }, CHUNK);
  assert.deepEqual(a, b);
});

const chunksOf = (tables: readonly SampleCandidate[], names: readonly string[]) => names.reduce((a, n) => a + Math.max(1, Math.ceil(tables.find((t) => t.table === n)!.rows / CHUNK)), 0);

test('N and P% set the tables the connector reads, and more are read only to reach the chunk floor', () => {
  for (const spec of [{ tables: 1 }, { tables: 5 }, { tables: 30 }, { percent: 10 }, { percent: 25 }]) {
    const plan = planSample(selection(), spec, CHUNK);
    const budget = sampleBudget(spec, 60);
    assert.equal(new Set(plan.measured).size, plan.measured.length);
    assert.equal(plan.chunks, chunksOf(selection(), plan.measured));
    assert.ok(plan.measured.length >= budget, JSON.stringify(spec));
    // Past the budget, only as many tables as reach the floor (without the last one it fell short),
    // then those added for the widths' ends (their own test, below).
    const picked = plan.measured.slice(0, plan.measured.length - plan.addedForWidths.length);
    if (picked.length > budget) assert.ok(chunksOf(selection(), picked.slice(0, -1)) < plan.minChunks, JSON.stringify(spec));
    assert.ok(plan.chunks >= plan.minChunks, JSON.stringify(spec));
  }
  assert.equal(planSample(selection(), { tables: 30 }, CHUNK).measured.length, 30, 'a budget past the floor is kept as it is');
});

test('a sample short of 20 chunks reads more tables, of full chunks; a small selection needs only 5 % of its chunks', () => {
  const plan = planSample(selection(), { tables: 2 }, CHUNK);
  assert.equal(plan.minChunks, 20, 'the selection has about 600 chunks: 5 % of them is more than 20');
  const picked = plan.measured.slice(0, plan.measured.length - plan.addedForWidths.length);
  const floorChunks = chunksOf(selection(), picked);
  assert.ok(floorChunks >= 20 && floorChunks <= 22, `${floorChunks}: the floor, overshot by little`);
  for (const t of picked.slice(2)) assert.ok(chunksOf(selection(), [t]) > 1, `${t} was added for the floor but is one chunk`);
  // 30 one-chunk tables and 6 of 5 chunks: 60 chunks, so 3 are enough.
  const small = [...Array(30).keys()].map((i): SampleCandidate => ({ table: `x.s_${i}`, rows: 1000, diskBytes: 60_000, keyShape: 'uuid', typeMix: 'plain' }));
  const few = [...Array(6).keys()].map((i): SampleCandidate => ({ table: `x.m_${i}`, rows: 5 * CHUNK, diskBytes: 5 * CHUNK * 60, keyShape: 'uuid', typeMix: 'plain' }));
  const modest = planSample([...small, ...few], { tables: 1 }, CHUNK);
  assert.equal(modest.minChunks, 3);
  assert.ok(modest.chunks >= 3);
  assert.equal(modest.measured.length, 1, 'its one table already makes 3 chunks: none added to reach 20');
});

test('with budget enough, every class of every dimension is stood for by a measured table (the largest tables\' size class by their probes)', () => {
  const plan = planSample(selection(), { tables: 12 }, CHUNK);
  const uncovered = plan.classes.filter((c) => c.measuredBy === null && !c.value.startsWith('largest'));
  assert.deepEqual(uncovered, []);
  for (const dim of ['size', 'width', 'key', 'types']) assert.ok(plan.classes.some((c) => c.dimension === dim));
  // Every width, key shape and type mix of the selection is a class.
  assert.equal(plan.classes.filter((c) => c.dimension === 'width').length, 3);
  assert.equal(plan.classes.filter((c) => c.dimension === 'key').length, 5);
  assert.equal(plan.classes.filter((c) => c.dimension === 'types').length, 4);
  // A measured table's class is really its class.
  for (const c of plan.classes.filter((x) => x.measuredBy)) assert.ok(plan.measured.includes(c.measuredBy!));
});

test('the largest tables are always in the plan, probed and never read, and full chunks are still measured', () => {
  const plan = planSample(selection(), { tables: 3 }, CHUNK);
  assert.ok(plan.largest.includes('crm.big_5'), 'the largest table');
  for (let i = 0; i < 6; i++) assert.ok(plan.largest.includes(`crm.big_${i}`), 'every table of many chunks');
  assert.ok(plan.measured.every((t) => !plan.largest.includes(t)));
  // Size classes weigh most: a budget of three still reads a table of a few chunks.
  assert.ok(plan.measured.some((t) => t.startsWith('crm.m_')), plan.measured.join(','));
  assert.ok(plan.classes.some((c) => c.dimension === 'size' && c.value.startsWith('largest') && c.tables === 6));
});

test('the largest: those holding half the bytes, at most a tenth of the tables, and at least the largest one', () => {
  const few = [{ table: 'a', rows: 100, diskBytes: 100, keyShape: 'uuid', typeMix: 'plain' as const }, { table: 'b', rows: 10, diskBytes: 10, keyShape: 'uuid', typeMix: 'plain' as const }];
  assert.deepEqual(largestTables(few, CHUNK), ['a']);
  // One table only: it is the largest, and still the one read.
  const one = planSample(few.slice(0, 1), { percent: 50 }, CHUNK);
  assert.deepEqual(one.measured, ['a']);
  assert.deepEqual(one.largest, ['a']);
});

test('type mix: the costliest kind of column a table has', () => {
  const col = (type: string, category = 'base') => ({ name: type, type, category: category as 'base', nullable: true });
  assert.equal(typeMix({ columns: [col('bigint'), col('text')] }), 'plain');
  assert.equal(typeMix({ columns: [col('bigint'), col('jsonb')] }), 'json');
  assert.equal(typeMix({ columns: [col('jsonb'), col('integer[]', 'array')] }), 'array');
  assert.equal(typeMix({ columns: [col('integer[]', 'array'), col('mood', 'enum')] }), 'special');
  assert.equal(typeMix({ columns: [col('money')] }), 'special');
});

test("the sample's chunks follow the selection's mix of row widths (a wider sample would make every chunk look dearer)", () => {
  const chunks = (rows: number) => Math.max(1, Math.ceil(rows / CHUNK));
  const narrowHeavy: SampleCandidate[] = [
    // The selection's chunks are mostly narrow: a large narrow table, few-chunk tables of every width.
    { table: 'x.big', rows: 1_000_000, diskBytes: 60_000_000, keyShape: 'bigint-sequential', typeMix: 'plain' },
    ...[...Array(9).keys()].map((i): SampleCandidate => ({ table: `x.m_${i}`, rows: 40_000, diskBytes: 40_000 * [60, 300, 1500][i % 3]!, keyShape: 'bigint-sequential', typeMix: 'plain' })),
    ...[...Array(10).keys()].map((i): SampleCandidate => ({ table: `x.s_${i}`, rows: 1000, diskBytes: 1000 * [60, 300, 1500][i % 3]!, keyShape: 'bigint-sequential', typeMix: 'plain' })),
  ];
  const plan = planSample(narrowHeavy, { tables: 5 }, CHUNK);
  const byWidth = new Map<string, number>();
  for (const name of plan.measured) {
    const t = narrowHeavy.find((x) => x.table === name)!;
    const w = t.diskBytes / t.rows < 120 ? 'narrow' : t.diskBytes / t.rows < 1000 ? 'medium' : 'wide';
    byWidth.set(w, (byWidth.get(w) ?? 0) + chunks(t.rows));
  }
  const total = [...byWidth.values()].reduce((a, b) => a + b, 0);
  assert.ok((byWidth.get('narrow') ?? 0) / total > 0.5, JSON.stringify([...byWidth]));
  assert.ok(['narrow', 'medium', 'wide'].every((w) => byWidth.has(w)), 'every width still measured');
});

/** Four large tables of wide rows, one of 5 wide chunks (≈ 115 MB each), narrow lookups of 100 to `lookupRows` rows. */
function wideAndNarrow(lookupRows: number): SampleCandidate[] {
  const t = (name: string, rows: number, bytesPerRow: number): SampleCandidate => ({ table: `docs.${name}`, rows, diskBytes: rows * bytesPerRow, keyShape: 'bigint-sequential', typeMix: 'plain' });
  return [
    t('articles', 160_000, 4_000), t('events', 120_000, 5_000), t('revisions', 200_000, 5_500), t('blobs', 90_000, 9_000),
    t('attachments', 36_000, 14_000),
    ...[...Array(12).keys()].map((i) => t(`lookup_${String(i).padStart(2, '0')}`, Math.round(100 + (i / 11) * (lookupRows - 100)), 90)),
  ];
}

test('chunks of unlike widths: the sample reads a table of three or more chunks at each end, so that a chunk\'s bytes can be fitted, and ten chunks at the narrow end', () => {
  const plan = planSample(wideAndNarrow(30_000), { percent: 10 }, CHUNK);
  const chunksOf = (name: string) => Math.ceil(wideAndNarrow(30_000).find((c) => c.table === name)!.rows / CHUNK);
  assert.ok(plan.measured.includes('docs.attachments'), plan.measured.join(', '));
  const narrow = plan.measured.filter((n) => n.startsWith('docs.lookup_'));
  assert.ok(narrow.some((n) => chunksOf(n) >= 3), plan.measured.join(', '));
  // The fewest chunks that give the fit its cycles first: three (lookups of 16,300–24,300 rows), not the 4-chunk ones.
  assert.equal(chunksOf(plan.addedForWidths[0]!), 3);
  // Then narrow chunks up to ten, overshooting little: they cost the sample under a second each.
  const narrowChunks = narrow.reduce((a, n) => a + chunksOf(n), 0);
  assert.ok(narrowChunks >= 10 && narrowChunks <= 12, `${narrowChunks} narrow chunks: ${narrow.join(', ')}`);
  assert.ok(plan.addedForWidths.every((n) => n.startsWith('docs.lookup_')), plan.addedForWidths.join(', '));
});

test('the narrow end is filled with narrow tables, not with tables merely narrower than the widest (4 kB rows beside 14 kB ones)', () => {
  // 4 chunks of ≈ 32 MB, and names that sort first: by chunks and name alone they would fill the narrow end.
  const medium = (i: number): SampleCandidate => ({ table: `docs.a_note_${i}`, rows: 26_000 + i * 100, diskBytes: (26_000 + i * 100) * 4_000, keyShape: 'bigint-sequential', typeMix: 'plain' });
  const candidates = [...wideAndNarrow(30_000), medium(1), medium(2)];
  const plan = planSample(candidates, { percent: 10 }, CHUNK);
  const perRow = (n: string) => { const c = candidates.find((x) => x.table === n)!; return c.diskBytes / c.rows; };
  assert.ok(plan.addedForWidths.length > 1, plan.addedForWidths.join(', '));
  assert.ok(plan.addedForWidths.every((n) => perRow(n) < 300), plan.addedForWidths.map((n) => `${n} ${perRow(n)} B/row`).join(', '));
});

test('chunks of unlike widths with no narrow table of several chunks: nothing is added (one end alone tells nothing)', () => {
  const plan = planSample(wideAndNarrow(8_000), { percent: 10 }, CHUNK);
  assert.deepEqual(plan.addedForWidths, []);
  assert.ok(plan.measured.includes('docs.attachments'), 'the wide class is still stood for');
});

test("a table's chunks as the connector cuts them, when probed, stand for rows / chunk size: in the plan's count and in what is \"largest\"", () => {
  const t = (table: string, rows: number, chunks?: number): SampleCandidate => ({ table, rows, diskBytes: rows * 60, keyShape: 'composite', typeMix: 'plain', ...(chunks !== undefined ? { chunks } : {}) });
  // 20 chunks by rows, 3 as the connector splits it (a leading key column of three values).
  const byRows = planSample([t('x.big', 400_000), t('x.dim', 160_000), t('x.a', 500), t('x.b', 600)], { tables: 2 }, CHUNK);
  const probed = planSample([t('x.big', 400_000), t('x.dim', 160_000, 3), t('x.a', 500), t('x.b', 600)], { tables: 2 }, CHUNK);
  assert.ok(byRows.largest.includes('x.dim'), 'by rows it is a table of many chunks');
  assert.ok(!probed.largest.includes('x.dim') && probed.measured.includes('x.dim'), probed.measured.join(', '));
  assert.equal(probed.chunks, probed.measured.reduce((a, n) => a + (n === 'x.dim' ? 3 : 1), 0));
});

test('an unread table holding a quarter or more of the chunks or bytes, in chunks narrower or wider than the sample\'s full chunks, is read in part; at most two, those of the largest share', () => {
  const small = [...Array(20).keys()].map((i): SampleCandidate => ({ table: `d.dim_${i}`, rows: 2_000 + i * 900, diskBytes: (2_000 + i * 900) * 120, keyShape: 'composite', typeMix: 'plain' }));
  // 40 B a row: 0.32 MB chunks, under the ≥ 0.5 MB full chunks of the small tables of two chunks or more.
  const audit: SampleCandidate = { table: 'd.audit', rows: 3_240_000, diskBytes: 3_240_000 * 40, keyShape: 'bigint-sequential', typeMix: 'plain' };
  const tickets: SampleCandidate = { table: 'd.tickets', rows: 900_000, diskBytes: 900_000 * 745, keyShape: 'uuid', typeMix: 'plain' };
  const plan = planSample([...small, audit, tickets], { percent: 10 }, CHUNK);
  // audit: 401 of ≈ 535 chunks, narrower than the sample's; tickets: 112 chunks, under a quarter, but 80 % of the bytes in 6 MB chunks, wider than any the sample reads.
  assert.deepEqual(plan.partial, [{ table: 'd.tickets', chunks: 20 }, { table: 'd.audit', chunks: 20 }]);
  assert.ok(!plan.measured.includes('d.audit'));
  // Two tables of a third each, and a third of a third: the two largest.
  const third = (name: string, rows: number): SampleCandidate => ({ ...audit, table: name, rows, diskBytes: rows * 40 });
  assert.deepEqual(planSample([...small, third('d.a', 1_000_000), third('d.b', 1_100_000), third('d.c', 900_000)], { percent: 10 }, CHUNK).partial.map((p) => p.table), ['d.b', 'd.a']);
  // Many small tables, none large: nothing to read in part.
  assert.deepEqual(planSample(selection().filter((t) => !t.table.startsWith('crm.big_')), { percent: 10 }, CHUNK).partial, []);
});

test("a dominant table whose chunks lie between the sample's full chunks' widths is not read in part: the per-GB line interpolates there", () => {
  const small = [...Array(20).keys()].map((i): SampleCandidate => ({ table: `d.dim_${i}`, rows: 9_000 + i * 2_000, diskBytes: (9_000 + i * 2_000) * (i % 2 ? 40 : 160), keyShape: 'composite', typeMix: 'plain' }));
  const chunkMb = (t: SampleCandidate) => t.diskBytes / Math.ceil(t.rows / CHUNK) / 1e6;
  const between: SampleCandidate = { table: 'd.audit', rows: 3_240_000, diskBytes: 3_240_000 * 90, keyShape: 'bigint-sequential', typeMix: 'plain' };
  const plan = planSample([...small, between], { percent: 10 }, CHUNK);
  const widths = plan.measured.map((n) => small.find((t) => t.table === n)!).filter((t) => t.rows > CHUNK).map(chunkMb);
  assert.ok(Math.min(...widths) < chunkMb(between) && chunkMb(between) < Math.max(...widths), `sample's full chunks ${widths.map((w) => w.toFixed(2)).join(', ')} MB, audit's ${chunkMb(between).toFixed(2)} MB`);
  assert.deepEqual(plan.partial, []);
  // The same table, wider than every sampled chunk, is read in part.
  assert.deepEqual(planSample([...small, { ...between, diskBytes: 3_240_000 * 400 }], { percent: 10 }, CHUNK).partial.map((p) => p.table), ['d.audit']);
});

test('a partial read\'s time bound: three times what its chunks took at p = 1 in the first job, and a minute; none without such a job', async () => {
  const { partialTimeBound } = await import('../../src/commands/run-sample.js');
  const point = (parallelism: number, wallSeconds: number, chunks?: number) => ({ settings: { engine: 'flink-cdc' as const, parallelism, chunkSize: CHUNK, sourceOptions: {} }, samples: [{ ok: true, wallSeconds, ...(chunks !== undefined ? { chunks } : {}) }] });
  const points = [point(2, 10, 20), point(1, 30, 20)] as unknown as Parameters<typeof partialTimeBound>[0];
  // 20 chunks took 30 s at p = 1: 20 more take 30 s; three times that, and 60 s.
  assert.equal(partialTimeBound(points, 20), 3 * 30_000 + 60_000);
  // 5 wide chunks: a quarter of that, and the minute.
  assert.equal(partialTimeBound(points, 5), 3 * 7_500 + 60_000);
  assert.equal(partialTimeBound([point(1, 30)] as unknown as Parameters<typeof partialTimeBound>[0], 20), undefined, 'a job whose chunks were not read gives no bound');
});

test("wide tables that are all among the largest: those of the most bytes are read in part, in as few chunks as 256 MB hold (at least five)", () => {
  // scan-archive at 4×: narrow small tables the sample reads; a narrow table of most chunks; wide tables of few chunks and most bytes.
  const small = [...Array(12).keys()].map((i): SampleCandidate => ({ table: `a.code_${i}`, rows: 9_000 + i * 8_000, diskBytes: (9_000 + i * 8_000) * 70, keyShape: 'bigint-sequential', typeMix: 'plain' }));
  const events: SampleCandidate = { table: 'a.events', rows: 1_600_000, diskBytes: 1_600_000 * 52, keyShape: 'composite', typeMix: 'plain' };
  const documents: SampleCandidate = { table: 'a.documents', rows: 640_000, diskBytes: 640_000 * 4_000, keyShape: 'bigint-sequential', typeMix: 'plain' };
  const scans: SampleCandidate = { table: 'a.scans', rows: 160_000, diskBytes: 160_000 * 12_000, keyShape: 'bigint-sequential', typeMix: 'plain' };
  const plan = planSample([...small, events, documents, scans], { percent: 10 }, CHUNK);
  assert.ok(plan.largest.includes('a.documents') && plan.largest.includes('a.scans'), 'the wide tables are not read whole');
  // documents: 56 % of the bytes in 32 MB chunks (8 of them hold 256 MB); scans: 42 % in 96 MB chunks, its first 5 of 20.
  // events (half the chunks, 0.42 MB) lies between the small tables' full chunks (0.32–0.57 MB): not read.
  assert.deepEqual(plan.partial, [{ table: 'a.documents', chunks: 8 }, { table: 'a.scans', chunks: 5 }]);
});
