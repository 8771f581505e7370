/**
 * A source column as the StarRocks rules need it: the type Debezium resolves it to (a domain is read
 * as its base type: Debezium's PostgresConnection.readTableColumn takes the root type's OID), its
 * modifier, and whether it is part of the primary key (StarRocks key columns take fewer types).
 */
export interface SourceColumn {
  /** `schema.table` as people read it. */
  table: string;
  name: string;
  /** format_type() of the column as declared, e.g. `numeric(50,10)`, `my_domain`, `integer[]`. */
  declared: string;
  /** pg_type.typname of the root type (domains resolved), e.g. `numeric`, `timestamptz`, `_int4`. */
  typname: string;
  /** pg_type.typtype of the root type: b base, c composite, e enum, r range, m multirange, p pseudo. */
  typtype: string;
  /** The element of an array type, itself resolved. */
  element?: { typname: string; typtype: string };
  /** The modifier in force: the column's own, else its domain's; -1 for none. */
  typmod: number;
  key: boolean;
  notNull: boolean;
}

/** numeric(p,s) keeps p in the high half of typmod − 4 and s in the low half. */
export function numericModifier(typmod: number): { precision: number; scale: number } | undefined {
  if (typmod < 4) return undefined;
  const packed = typmod - 4;
  return { precision: (packed >> 16) & 0xffff, scale: packed & 0xffff };
}

/** char(n), varchar(n): n is typmod − 4; bit(n), varbit(n), time(p), timestamp(p): n is typmod itself. */
export function lengthModifier(typname: string, typmod: number): number | undefined {
  if (typmod < 0) return undefined;
  return typname === 'bpchar' || typname === 'varchar' ? typmod - 4 : typmod;
}
