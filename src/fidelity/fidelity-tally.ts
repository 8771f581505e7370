import { worseVerdict, type Fidelity, type FidelityColumn } from '../model/run-result.js';

/**
 * What every sample of a run said about each column, per connector version: a column keeps its worst
 * verdict (with that verdict's first example), and the rows compared add up.
 */
export class FidelityTally {
  private readonly byVersion = new Map<string, { columns: Map<string, FidelityColumn>; failedTables: Map<string, string> }>();

  constructor(private readonly sampledRows: number) {}

  add(version: string, columns: FidelityColumn[]): void {
    const v = this.version(version);
    for (const c of columns) {
      const id = `${c.table}\u001f${c.column}`;
      const seen = v.columns.get(id);
      if (!seen) v.columns.set(id, { ...c });
      else {
        const merged = worseVerdict(seen.verdict, c.verdict) ? { ...c } : seen;
        merged.compared = seen.compared + c.compared;
        merged.nonNull = seen.nonNull + c.nonNull;
        v.columns.set(id, merged);
      }
    }
  }

  failTable(version: string, table: string, failure: string, columns: FidelityColumn[]): void {
    this.version(version).failedTables.set(table, failure);
    this.add(version, columns);
  }

  failedTables(version: string): string[] {
    return [...(this.byVersion.get(version)?.failedTables.keys() ?? [])];
  }

  result(): Fidelity[] {
    return [...this.byVersion.entries()].map(([connectorVersion, v]) => ({
      connectorVersion,
      sampledRows: this.sampledRows,
      columns: [...v.columns.values()].sort((a, b) => a.table.localeCompare(b.table) || 0),
      failedTables: [...v.failedTables.entries()].map(([table, failure]) => ({ table, failure })),
    }));
  }

  private version(version: string) {
    let v = this.byVersion.get(version);
    if (!v) this.byVersion.set(version, (v = { columns: new Map(), failedTables: new Map() }));
    return v;
  }
}
