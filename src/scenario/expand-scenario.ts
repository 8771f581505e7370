import { createHash } from 'node:crypto';
import { Rng } from './rng.js';
import { ScenarioError } from './scenario-error.js';
import { WIDTH_PRESETS, type KeyInput, type ScenarioFile, type TableGroup, type WidthInput } from './schema.js';
import { tableSizes } from './sizes/table-sizes.js';
import type { ColumnSpec, KeySpec, ScenarioPlan, TableSpec } from './table-spec.js';
import { parseTypeName, type TypeRequest } from './type-name.js';

const KEY_COLUMN_NAMES = ['id', 'seq', 'row_no'];
const MAX_IDENTIFIER = 63;

/** Expands table groups into one TableSpec per table, at the effective scale. */
export function expandScenario(file: ScenarioFile, opts: { file?: string; scale?: number }): ScenarioPlan {
  const where = opts.file ?? file.name;
  const scale = opts.scale ?? file.scale;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new ScenarioError(where, `scale must be a positive number, got ${scale}`);
  const seed = String(file.seed);
  const tables: TableSpec[] = [];
  const seen = new Set<string>();
  file.tables.forEach((group, g) => {
    for (const table of expandGroup(group, `tables[${g}]`, seed, scale, file.schema, where)) {
      if (seen.has(table.name)) throw new ScenarioError(where, `${table.path}: table name "${table.name}" is used twice; make the name patterns distinct`);
      seen.add(table.name);
      tables.push(table);
    }
  });
  const content = { name: file.name, seed, scale, schema: file.schema, poolSize: file.poolSize, tables };
  const hash = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
  return { ...content, description: file.description, file: opts.file, hash, ...(file.workload ? { workload: file.workload } : {}), ...(file.ddl ? { ddl: file.ddl } : {}) };
}

function expandGroup(group: TableGroup, path: string, seed: string, scale: number, schema: string, where: string): TableSpec[] {
  if (group.count > 1 && !/\{i(:\d+)?\}/.test(group.name)) {
    throw new ScenarioError(where, `${path}.name: "${group.name}" needs {i} (or {i:3}) when count is ${group.count}, so each table gets its own name`);
  }
  if (typeof group.rows === 'object' && group.rows.distribution === 'uniform' && group.rows.min > group.rows.max) {
    throw new ScenarioError(where, `${path}.rows: min (${group.rows.min}) is larger than max (${group.rows.max})`);
  }
  if (group.partitions?.by === 'hash' && !group.partitions.open) throw new ScenarioError(where, `${path}.partitions.open: false leaves room past the last range partition; hash partitions have no range`);
  const sizeRng = Rng.derive(seed, `sizes:${path}`);
  const sizes = tableSizes(group.rows, group.count, sizeRng);
  const key = expandKey(group.key, `${path}.key`, where);
  return sizes.map((size, i) => {
    const name = tableName(group.name, i + 1, `${path}.name`, where);
    const columns = expandColumns(group, path, Rng.derive(seed, `columns:${name}`), where);
    checkColumnNames(columns, key, path, where);
    return {
      schema,
      name,
      rows: Math.max(0, Math.round(size * scale)),
      key,
      columns,
      ...(group.partitions ? { partitions: { by: group.partitions.by, count: group.partitions.count, ...(group.partitions.open ? {} : { open: false as const }) } } : {}),
      path,
    };
  });
}

function tableName(pattern: string, i: number, path: string, where: string): string {
  const name = pattern.replace(/\{i(?::(\d+))?\}/g, (_, pad: string | undefined) => String(i).padStart(Number(pad ?? 0), '0'));
  // Any name PostgreSQL keeps as written (every SQL path quotes it): not empty, no NUL, at most 63 bytes.
  if (name === '' || name.includes('\u0000') || Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER) {
    throw new ScenarioError(where, `${path}: "${name}" is not a usable table name (1 to ${MAX_IDENTIFIER} bytes in UTF-8, no NUL)`);
  }
  return name;
}

function expandKey(input: KeyInput, path: string, where: string): KeySpec {
  const k = typeof input === 'string' ? { shape: input } : input;
  switch (k.shape) {
    case 'bigint-sequential':
    case 'none':
      return { shape: k.shape };
    case 'bigint-sparse':
      return { shape: 'bigint-sparse', gap: 'gap' in k ? k.gap : 1000 };
    case 'uuid':
      return { shape: 'uuid', version: 'version' in k ? k.version : 4 };
    case 'uuid-v4':
      return { shape: 'uuid', version: 4 };
    case 'uuid-v7':
      return { shape: 'uuid', version: 7 };
    case 'text':
      return { shape: 'text', length: 'length' in k ? k.length : 16 };
    case 'composite': {
      const leading = ('leading' in k && k.leading) || [{ name: 'tenant_id', type: 'integer' }];
      return {
        shape: 'composite',
        leading: leading.map((c, i) => ({ name: c.name, typeText: c.type, type: requireType(c.type, `${path}.leading[${i}].type`, where), path: `${path}.leading[${i}]` })),
      };
    }
  }
}

function expandColumns(group: TableGroup, path: string, rng: Rng, where: string): ColumnSpec[] {
  const columns: ColumnSpec[] = [];
  group.columns.forEach((c, i) => {
    const cpath = `${path}.columns[${i}]`;
    const type = requireType(c.type, `${cpath}.type`, where);
    const base = c.name ?? defaultColumnName(type);
    for (let n = 1; n <= c.count; n++) {
      columns.push({
        name: c.count > 1 ? `${base}_${n}` : base,
        typeText: c.type,
        type,
        nullRatio: c.nullRatio ?? group.nullRatio,
        ...widthOf(c.width ?? group.width),
        path: cpath,
      });
    }
  });
  if (group.mix) columns.push(...mixColumns(group, path, rng, where));
  return columns;
}

/** Picks `mix.columns` types by weight; the choice is seeded per table, so tables of a group differ. */
function mixColumns(group: TableGroup, path: string, rng: Rng, where: string): ColumnSpec[] {
  const mix = group.mix!;
  const entries = Object.entries(mix.types).map(([text, weight]) => ({ text, weight, type: requireType(text, `${path}.mix.types.${text}`, where) }));
  const total = entries.reduce((a, e) => a + e.weight, 0);
  return Array.from({ length: mix.columns }, (_, i) => {
    let r = rng.next() * total;
    const e = entries.find((x) => (r -= x.weight) < 0) ?? entries[entries.length - 1]!;
    return {
      name: `c${String(i + 1).padStart(2, '0')}_${defaultColumnName(e.type)}`,
      typeText: e.text,
      type: e.type,
      nullRatio: group.nullRatio,
      ...widthOf(mix.width ?? group.width),
      path: `${path}.mix.types.${e.text}`,
    };
  });
}

/** `numeric(12,2)[]` → `numeric_12_2_arr`: distinct types get distinct default names. */
function defaultColumnName(type: TypeRequest): string {
  const base = [type.base, ...type.args].join('_').replace(/[^a-z0-9]+/g, '_');
  return type.arrayDims > 0 ? `${base}_arr${type.arrayDims > 1 ? type.arrayDims : ''}` : base;
}

function widthOf(w: WidthInput | undefined): { width?: { min: number; max: number } } {
  if (w === undefined) return {};
  const width = typeof w === 'string' ? { ...WIDTH_PRESETS[w] } : w;
  return { width };
}

function requireType(text: string, path: string, where: string): TypeRequest {
  const t = parseTypeName(text);
  if (!t) throw new ScenarioError(where, `${path}: "${text}" is not a type name (examples: integer, numeric(12,2), varchar(40), text[], timestamptz)`);
  return t;
}

function checkColumnNames(columns: ColumnSpec[], key: KeySpec, path: string, where: string): void {
  const names = new Set<string>(key.shape === 'composite' ? [...key.leading.map((c) => c.name), 'seq'] : KEY_COLUMN_NAMES);
  for (const c of columns) {
    if (names.has(c.name)) throw new ScenarioError(where, `${c.path}: column name "${c.name}" is used twice in ${path} (key columns are id, seq, row_no and composite leading names); rename it`);
    if (c.name.length > MAX_IDENTIFIER) throw new ScenarioError(where, `${c.path}: column name "${c.name}" is longer than ${MAX_IDENTIFIER} characters`);
    names.add(c.name);
  }
}
