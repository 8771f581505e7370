import { scopeOids, type Check } from './check.js';
import { countText, listText, plural } from './evidence-text.js';
import type { Finding } from './finding.js';
import { classifyColumn, TYPE_CLASS_ORDER, type TypeClass } from './type-classes.js';
import { qualifiedName } from '../../sql/identifiers.js';

interface ColumnRow {
  schema: string;
  table: string;
  column: string;
  typname: string;
  typtype: string;
  category: string;
  typmod: number;
  declared: string;
  elem: string | null;
}

const COLUMNS_SQL = `
SELECT n.nspname::text AS schema, c.relname::text AS table, a.attname::text AS column, t.typname::text AS typname,
       t.typtype::text AS typtype, t.typcategory::text AS category, a.atttypmod AS typmod,
       format_type(a.atttypid, a.atttypmod) AS declared, et.typname::text AS elem
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY n.nspname, c.relname, a.attnum`;

interface Group {
  cls: TypeClass;
  columns: string[];
  declared: Map<string, number>;
  tables: Set<string>;
}

/** Column types known to convert badly toward StarRocks, one finding per family with counts and examples. */
const columnTypes: Check = {
  name: 'types',
  async run(ctx) {
    const { rows } = await ctx.client.query<ColumnRow>(COLUMNS_SQL, [scopeOids(ctx)]);
    const groups = new Map<string, Group>();
    for (const r of rows) {
      const cls = classifyColumn({ typname: r.typname, typtype: r.typtype, category: r.category, typmod: r.typmod, ...(r.elem ? { elem: r.elem } : {}) });
      if (!cls) continue;
      const g: Group = groups.get(cls.id) ?? { cls, columns: [], declared: new Map(), tables: new Set() };
      g.columns.push(`${qualifiedName({ schema: r.schema, name: r.table })}.${r.column} ${r.declared}`);
      g.declared.set(r.declared, (g.declared.get(r.declared) ?? 0) + 1);
      g.tables.add(qualifiedName({ schema: r.schema, name: r.table }));
      groups.set(cls.id, g);
    }
    return TYPE_CLASS_ORDER.filter((id) => groups.has(id)).map((id) => toFinding(groups.get(id)!));
  },
};

function toFinding(g: Group): Finding {
  // Counts per declared type only when they differ (numeric vs numeric(50,2), timestamptz(3) vs timestamptz).
  const kinds = g.declared.size > 1 ? ` (${listText([...g.declared].map(([type, n]) => `${type} ×${countText(n)}`), 4)})` : '';
  return {
    id: `type-${g.cls.id}`,
    severity: g.cls.severity,
    title: `${g.cls.label}: ${plural(g.columns.length, 'column')} in ${plural(g.tables.size, 'table')}`,
    evidence: `${listText(g.columns, 3)}${kinds}: ${g.cls.why}`,
    fix: g.cls.fix,
    tables: [...g.tables],
  };
}

export const typeChecks: Check[] = [columnTypes];
