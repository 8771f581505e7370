import { nonNegativeLeastSquares } from './least-squares.js';

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

/**
 * The line through the points by least squares, slope and intercept never negative. The slope's
 * column comes first: one point, or points a line cannot tell apart from a proportion, give T(n)
 * proportional to n, as the schema reads of n tables are.
 */
export function fitLine(points: readonly { tables: number; seconds: number }[]): { fixedSeconds: number; perTableSeconds: number } {
  if (points.length === 0) return { fixedSeconds: 0, perTableSeconds: 0 };
  const [perTableSeconds, fixedSeconds] = nonNegativeLeastSquares(points.map((p) => [p.tables, 1]), points.map((p) => p.seconds), 0).coefficients;
  return { fixedSeconds: fixedSeconds!, perTableSeconds: perTableSeconds! };
}
