/**
 * What the connector's enumerator spends before it splits each table: Flink CDC 3.5.0 reads the
 * schema of every captured table (Debezium's readSchema: JDBC getTables, getColumns and
 * getPrimaryKeys, and the Java objects built from them) and keeps the one it splits
 * (docs/model.md, "Captured tables"). With N tables captured a table costs it T(N), one table after
 * another: N·T(N) in all, which a sample capturing a few tables never pays and a job of hundreds
 * of tables is paced by. Measured by the connector's own code (engines/flink-cdc/schema-read-probe.ts).
 */
export interface SchemaReadCost {
  /** Tables the full job captures (leaf partitions): the N of T(N). */
  capturedTables: number;
  /** T(n) measured with the first n captured tables captured: the fastest of the calls after the first (which warms the JVM). */
  points: { tables: number; seconds: number }[];
  /** The line T(n) = fixedSeconds + perTableSeconds · n through the points of fewer tables than the database has. */
  fixedSeconds: number;
  perTableSeconds: number;
}

/**
 * T(n): the point measured at n tables when there is one (capturing every table of a database
 * takes another path, one unfiltered getColumns instead of one per table), else the line.
 */
export function schemaReadSeconds(cost: Pick<SchemaReadCost, 'fixedSeconds' | 'perTableSeconds' | 'points'>, tables: number): number {
  return cost.points.find((p) => p.tables === tables)?.seconds ?? cost.fixedSeconds + cost.perTableSeconds * tables;
}

/** Least squares through the points, slope and intercept never negative. */
export function fitLine(points: readonly { tables: number; seconds: number }[]): { fixedSeconds: number; perTableSeconds: number } {
  if (points.length === 0) return { fixedSeconds: 0, perTableSeconds: 0 };
  if (points.length === 1) return { fixedSeconds: 0, perTableSeconds: points[0]!.seconds / Math.max(1, points[0]!.tables) };
  const mx = points.reduce((a, p) => a + p.tables, 0) / points.length;
  const my = points.reduce((a, p) => a + p.seconds, 0) / points.length;
  const sxx = points.reduce((a, p) => a + (p.tables - mx) ** 2, 0);
  const slope = Math.max(0, points.reduce((a, p) => a + (p.tables - mx) * (p.seconds - my), 0) / sxx);
  return { fixedSeconds: Math.max(0, my - slope * mx), perTableSeconds: slope };
}
