import { planGeneration } from '../table-plan.js';
import { expandScenario } from '../../scenario/expand-scenario.js';
import { parseScenarioText } from '../../scenario/load-scenario.js';
import { type Catalog, type CatalogColumn, type CatalogTable } from '../../catalog/catalog.js';
import { qualifiedName } from '../../sql/identifiers.js';
import { familyOf, generatorType, keyable } from './generator-types.js';

export interface EmitOptions {
  /** Multiplies every table's rows (written into the file; the scenario's own scale stays 1). */
  scale: number;
}

/** Families whose values have a length the generator can aim at (`width`). */
const SIZED_FAMILIES = new Set(['text', 'bytea', 'json', 'xml', 'hstore', 'tsvector', 'array']);
const MAX_LEADING = 8;
const MAX_PARTITIONS = 1024;

/**
 * A scenario with the catalog's shape: one table per catalog table (partitions folded into their
 * parent), each with its own row count so the size distribution is kept, its key shape, column
 * types and null ratios. Names are generic (t001…, columns named for their types); no value and
 * no name of the user's is copied. The text is checked with the scenario loader before it is returned.
 */
export function scenarioFromCatalog(catalog: Catalog, opts: EmitOptions): string {
  const names = new Set(catalog.tables.map(qualifiedName));
  const tables = catalog.tables.filter((t) => !(t.partitionOf && names.has(t.partitionOf)));
  const byName = new Map(catalog.tables.map((t) => [qualifiedName(t), t]));
  const rows = tables.reduce((a, t) => a + scaledRows(t, opts.scale), 0);
  const lines = [
    `# Emitted by cdc-sizer profile from a catalog of ${catalog.createdAt}: the shape of a profiled database,`,
    `# ${tables.length} tables and ${rows.toLocaleString('en-US')} rows (its row counts × ${opts.scale}), each table with its own row count.`,
    '# Names are generic (t001…, columns named for their types) and no data was copied. Types the',
    '# generator cannot make were mapped to the nearest family it can; comments say where.',
    'name: profiled',
    `description: ${JSON.stringify(`shape of a profiled database: ${tables.length} tables at ${opts.scale}× its rows`)}`,
    'seed: 1',
    'scale: 1',
    'tables:',
    ...tables.flatMap((t, i) => tableLines(t, i, opts.scale, (n) => byName.get(n))),
  ];
  const text = `${lines.join('\n')}\n`;
  assertLoads(text);
  return text;
}

function scaledRows(t: CatalogTable, scale: number): number {
  // A table that has rows keeps at least one, so that it is not mistaken for an empty one.
  return t.rows > 0 ? Math.max(1, Math.round(t.rows * scale)) : 0;
}

function tableLines(t: CatalogTable, i: number, scale: number, lookup: (name: string) => CatalogTable | undefined): string[] {
  const key = scenarioKey(t);
  const partitions = scenarioPartitions(t, key.yaml, lookup);
  const out = [`  - name: t${String(i + 1).padStart(3, '0')}`, `    rows: ${scaledRows(t, scale)}`, withNote(`    key: ${key.yaml}`, key.note)];
  if (partitions?.yaml) out.push(withNote(`    partitions: ${partitions.yaml}`, partitions.note));
  else if (partitions) out[0] = withNote(out[0]!, partitions.note);
  const columns = t.columns.filter((c) => !key.columns.has(c.name));
  if (columns.length === 0) return [...out, '    columns: []'];
  const taken = new Set<string>(['id', 'seq', 'row_no', ...key.leadingNames]);
  const toast = toastShares(t, columns);
  return [...out, '    columns:', ...columns.map((c) => columnLine(c, taken, toast.get(c.name) ?? 0))];
}

interface ScenarioKey {
  yaml: string;
  note?: string;
  /** Source columns the key stands for (left out of the column list). */
  columns: Set<string>;
  leadingNames: string[];
}

function scenarioKey(t: CatalogTable): ScenarioKey {
  const columns = new Set((t.primaryKey?.columns ?? []).map((c) => c.name));
  const k = t.keyShape;
  switch (k.shape) {
    case 'none':
      return { yaml: 'none', columns, leadingNames: [] };
    case 'bigint-sequential':
      return { yaml: 'bigint-sequential', columns, leadingNames: [] };
    case 'bigint-sparse':
      return { yaml: `{ shape: bigint-sparse, gap: ${clamp(Math.round(k.gap), 2, 1_000_000_000)} }`, columns, leadingNames: [] };
    case 'uuid':
      // Versions 6 and 7 are time-ordered; every other version is as scattered as v4.
      return { yaml: `{ shape: uuid, version: ${k.version === 6 || k.version === 7 ? 7 : 4} }`, columns, leadingNames: [], ...(k.version !== null && k.version !== 4 && k.version !== 7 ? { note: `uuid version ${k.version} keys generated as v${k.version === 6 ? 7 : 4}` } : {}) };
    case 'text': {
      const length = clamp(Math.round(k.length ?? 16), 4, 200);
      const note = k.length !== null && Math.round(k.length) !== length ? `text keys of ${k.length} characters on average generated with ${length}` : undefined;
      return { yaml: `{ shape: text, length: ${length} }`, columns, leadingNames: [], ...(note ? { note } : {}) };
    }
    case 'composite':
    case 'other': {
      // The table's own column entries carry the category (enum, domain, extension) the key's type text lacks.
      const source = t.primaryKey!.columns.map((c) => t.columns.find((x) => x.name === c.name) ?? { name: c.name, type: c.type, category: 'base' as const, nullable: false });
      return compositeKey(source, columns, k.shape === 'other');
    }
  }
}

/**
 * The generator's composite key is leading columns plus a bigint `seq`: a trailing integer column
 * of the source key becomes `seq`; every other column leads, as k1, k2….
 */
function compositeKey(source: CatalogColumn[], columns: Set<string>, single: boolean): ScenarioKey {
  const lastIsInteger = !single && familyOf(generatorType(source.at(-1)!).type) === 'integer';
  const leadingSource = (lastIsInteger ? source.slice(0, -1) : source).slice(0, MAX_LEADING);
  const notes: string[] = [];
  const leading = leadingSource.map((c, i) => {
    const mapped = generatorType(c);
    if (mapped.note) notes.push(mapped.note);
    if (keyable(mapped.type)) return { name: `k${i + 1}`, type: mapped.type };
    notes.push(`a key column of a type without btree ordering generated as text`);
    return { name: `k${i + 1}`, type: 'text' };
  });
  if (single) notes.unshift('a one-column key of a type other than integer, uuid or text: emitted as (k1, seq)');
  else if (!lastIsInteger) notes.unshift('the key\'s last column is not an integer: a bigint seq is added after it');
  if (source.length > MAX_LEADING + 1) notes.push(`a key of ${source.length} columns keeps its first ${MAX_LEADING}`);
  const yaml = `{ shape: composite, leading: [${leading.map((c) => `{ name: ${c.name}, type: ${JSON.stringify(c.type)} }`).join(', ')}] }`;
  return { yaml, columns, leadingNames: leading.map((c) => c.name), ...(notes.length ? { note: notes.join('; ') } : {}) };
}

/** The scenario's `partitions`, or only a note when the table has fewer than the two partitions the format needs. */
function scenarioPartitions(t: CatalogTable, keyYaml: string, lookup: (name: string) => CatalogTable | undefined): { yaml?: string; note?: string } | undefined {
  if (!t.partitions) return undefined;
  const leaves = countLeaves(t, lookup);
  if (leaves < 2) return { note: `a partitioned table with ${leaves} partition${leaves === 1 ? '' : 's'}, generated unpartitioned` };
  const count = Math.min(leaves, MAX_PARTITIONS);
  const bigintKey = keyYaml.includes('bigint-');
  const byRange = t.partitionKey?.strategy === 'range' && bigintKey;
  const notes: string[] = [];
  if (t.partitionKey?.strategy === 'list') notes.push('list partitions generated as hash partitions');
  if (t.partitionKey?.strategy === 'range' && !bigintKey) notes.push('range partitions on a key that is not bigint generated as hash partitions');
  if (leaves > MAX_PARTITIONS) notes.push(`${leaves} partitions generated as ${MAX_PARTITIONS}`);
  if (leaves !== t.partitions.length) notes.push('sub-partitions flattened into one level');
  return { yaml: `{ by: ${byRange ? 'range' : 'hash'}, count: ${count} }`, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

function countLeaves(t: CatalogTable, lookup: (name: string) => CatalogTable | undefined): number {
  return (t.partitions ?? []).reduce((n, name) => {
    const child = lookup(name);
    return n + (child?.partitions ? countLeaves(child, lookup) : 1);
  }, 0);
}

function columnLine(c: CatalogColumn, taken: Set<string>, toastBytes: number): string {
  const mapped = generatorType(c);
  const name = uniqueName(columnName(mapped.type), taken);
  const nullRatio = c.nullFraction ?? (c.nullable ? 0.05 : 0);
  const parts = [`name: ${name}`, `type: ${JSON.stringify(mapped.type)}`, `nullRatio: ${Math.round(nullRatio * 1000) / 1000}`];
  const width = widthFor(c, mapped.type, toastBytes);
  if (width) parts.push(`width: { min: ${width.min}, max: ${width.max} }`);
  return withNote(`      - { ${parts.join(', ')} }`, mapped.note);
}

/** `numeric(12,2)[]` → `numeric_12_2_arr`, as the scenario loader names columns by type. */
function columnName(type: string): string {
  const dims = (type.match(/\[\]/g) ?? []).length;
  const base = type.replace(/\[\]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'col';
  const name = dims > 0 ? `${base}_arr${dims > 1 ? dims : ''}` : base;
  return /^[a-z_]/.test(name) ? name : `c_${name}`;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base.slice(0, 56);
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 56)}_${n}`;
  taken.add(name);
  return name;
}

/** An out-of-line value shows in pg_stats.avg_width as its TOAST pointer: 2 bytes of header and 16 of pointer. */
const TOAST_POINTER = { min: 17, max: 24 };

/**
 * The table's TOAST bytes per row, handed to the columns that can hold out-of-line values: those
 * whose average width looks like a TOAST pointer, else every column with a length. pg_stats cannot
 * say which column a TOAST chunk belongs to; this is the nearest reading.
 */
function toastShares(t: CatalogTable, columns: CatalogColumn[]): Map<string, number> {
  if (t.toastBytes === 0 || t.rows === 0) return new Map();
  const sized = columns.filter((c) => c.avgWidth !== undefined && sizedFamily(generatorType(c).type));
  const pointers = sized.filter((c) => c.avgWidth! >= TOAST_POINTER.min && c.avgWidth! <= TOAST_POINTER.max);
  const holders = pointers.length > 0 ? pointers : sized;
  const share = t.toastBytes / t.rows / Math.max(1, holders.length);
  return new Map(holders.map((c) => [c.name, share]));
}

const sizedFamily = (type: string): boolean => {
  if (/^char\(/.test(type)) return false; // fixed length: nothing to aim at
  const family = type.endsWith('[]') ? 'array' : familyOf(type);
  return family !== undefined && SIZED_FAMILIES.has(family);
};

/**
 * A byte range around ANALYZE's average width (plus the column's share of TOAST), for types whose
 * values have a length. avg_width counts the stored, possibly compressed, value with its varlena
 * header, so widths err on the small side.
 */
function widthFor(c: CatalogColumn, type: string, toastBytes: number): { min: number; max: number } | undefined {
  if (c.avgWidth === undefined || c.avgWidth <= 0 || !sizedFamily(type)) return undefined;
  const stored = toastBytes > 0 && c.avgWidth <= TOAST_POINTER.max ? toastBytes : c.avgWidth + toastBytes;
  const avg = Math.max(1, stored - (stored > 127 ? 4 : 1));
  const min = Math.max(1, Math.floor(avg * 0.5));
  return { min, max: Math.min(64 * 1024 * 1024, Math.max(min, Math.ceil(avg * 1.5))) };
}

function withNote(line: string, note: string | undefined): string {
  return note ? `${line}  # ${note.replace(/\n/g, ' ')}` : line;
}

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));

/** The emitted text must load as any scenario does; failing here is a bug in this module, not the user's input. */
function assertLoads(text: string): void {
  try {
    planGeneration(expandScenario(parseScenarioText(text, 'emitted scenario'), { file: 'emitted scenario' }));
  } catch (err) {
    throw new Error(`the emitted scenario does not load (a cdc-sizer bug): ${(err as Error).message}`);
  }
}
