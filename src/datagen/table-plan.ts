import { ScenarioError } from '../scenario/scenario-error.js';
import type { ColumnSpec, ScenarioPlan, TableSpec } from '../scenario/table-spec.js';
import { formatTypeName } from '../scenario/type-name.js';
import { resolveType, UnknownTypeError } from './types/registry.js';
import { TypeRequestError, type ResolvedType, type SetupObject } from './types/type-family.js';

export interface PlannedColumn {
  spec: ColumnSpec;
  type: ResolvedType<unknown>;
}

export interface PlannedTable {
  spec: TableSpec;
  /** Resolved leading columns of a composite key. */
  leading: { name: string; type: ResolvedType<unknown> }[];
  columns: PlannedColumn[];
}

export interface GenerationPlan {
  scenario: ScenarioPlan;
  tables: PlannedTable[];
  /** Extensions and types the tables need, in creation order. */
  setup: SetupObject[];
}

/** Resolves every column type against the type catalog; problems are ScenarioErrors naming the field. */
export function planGeneration(scenario: ScenarioPlan): GenerationPlan {
  const where = scenario.file ?? scenario.name;
  const setup = new Map<string, SetupObject>();
  const addSetup = (type: ResolvedType<unknown>) => type.setup.forEach((s) => setup.has(s.key) || setup.set(s.key, s));
  const tables = scenario.tables.map((spec): PlannedTable => {
    const leading = spec.key.shape === 'composite'
      ? spec.key.leading.map((c) => {
          const type = resolveAt(c.type, `${c.path}.type`, where);
          if (!type.keyable) throw new ScenarioError(where, `${c.path}.type: ${type.sql} cannot be part of a primary key (it has no btree ordering); pick a type such as integer, text, uuid or date`);
          addSetup(type);
          return { name: c.name, type };
        })
      : [];
    checkPartitions(spec, where);
    const columns = spec.columns.map((c) => {
      const type = resolveAt(c.type, `${c.path}.type`, where);
      addSetup(type);
      return { spec: c, type };
    });
    return { spec, leading, columns };
  });
  return { scenario, tables, setup: orderSetup([...setup.values()]) };
}

function resolveAt(req: ColumnSpec['type'], path: string, where: string): ResolvedType<unknown> {
  try {
    return resolveType(req);
  } catch (err) {
    if (err instanceof UnknownTypeError || err instanceof TypeRequestError) {
      throw new ScenarioError(where, `${path}: ${formatTypeName(req)}: ${err.message}`);
    }
    throw err;
  }
}

function checkPartitions(spec: TableSpec, where: string): void {
  if (spec.partitions?.by === 'range' && spec.key.shape !== 'bigint-sequential' && spec.key.shape !== 'bigint-sparse') {
    throw new ScenarioError(where, `${spec.path}.partitions: range partitions need a bigint-sequential or bigint-sparse key (this table's key is ${spec.key.shape}); use by: hash`);
  }
}

/** Dependencies first (a domain over an enum after the enum). */
function orderSetup(objects: SetupObject[]): SetupObject[] {
  const byKey = new Map(objects.map((o) => [o.key, o]));
  const done = new Set<string>();
  const out: SetupObject[] = [];
  const visit = (o: SetupObject) => {
    if (done.has(o.key)) return;
    done.add(o.key);
    for (const dep of o.dependsOn ?? []) {
      const d = byKey.get(dep);
      if (d) visit(d);
    }
    out.push(o);
  };
  objects.forEach(visit);
  return out;
}
