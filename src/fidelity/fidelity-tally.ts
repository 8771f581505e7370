import { SINK_VERDICTS, worseVerdict, type Fidelity, type FidelityColumn, type SinkFidelity, type SinkFidelityColumn } from '../model/run-result.js';

/** A judged column, whatever it was judged through (the connector's output, or a sink). */
interface JudgedColumn<V extends string> {
  table: string;
  column: string;
  verdict: V;
  compared: number;
  nonNull: number;
}

/**
 * Columns judged over many samples, per group (a connector version; a sink and version): a column
 * keeps its worst verdict (with that verdict's first example), and the rows compared add up.
 */
class ColumnTally<V extends string, C extends JudgedColumn<V>> {
  readonly groups = new Map<string, Map<string, C>>();

  constructor(private readonly worse: (a: V, b: V) => boolean) {}

  add(group: string, columns: readonly C[]): void {
    const g = this.groups.get(group) ?? this.groups.set(group, new Map()).get(group)!;
    for (const c of columns) {
      const id = `${c.table}\u001f${c.column}`;
      const seen = g.get(id);
      if (!seen) g.set(id, { ...c });
      else {
        const merged = this.worse(seen.verdict, c.verdict) ? { ...c } : seen;
        merged.compared = seen.compared + c.compared;
        merged.nonNull = seen.nonNull + c.nonNull;
        g.set(id, merged);
      }
    }
  }

  columns(group: string): C[] {
    return [...(this.groups.get(group)?.values() ?? [])].sort((a, b) => a.table.localeCompare(b.table) || 0);
  }
}

/** What every sample of a run said about each column, per connector version. */
export class FidelityTally {
  private readonly tally = new ColumnTally<FidelityColumn['verdict'], FidelityColumn>(worseVerdict);
  private readonly failed = new Map<string, Map<string, string>>();

  constructor(private readonly sampledRows: number) {}

  add(version: string, columns: FidelityColumn[]): void {
    this.tally.add(version, columns);
  }

  failTable(version: string, table: string, failure: string, columns: FidelityColumn[]): void {
    (this.failed.get(version) ?? this.failed.set(version, new Map()).get(version)!).set(table, failure);
    this.add(version, columns);
  }

  failedTables(version: string): string[] {
    return [...(this.failed.get(version)?.keys() ?? [])];
  }

  result(): Fidelity[] {
    return [...this.tally.groups.keys()].map((connectorVersion) => ({
      connectorVersion,
      sampledRows: this.sampledRows,
      columns: this.tally.columns(connectorVersion),
      failedTables: [...(this.failed.get(connectorVersion)?.entries() ?? [])].map(([table, failure]) => ({ table, failure })),
    }));
  }
}

/** The same, through a sink: per sink and connector version. */
export class SinkFidelityTally {
  private readonly tally = new ColumnTally<SinkFidelityColumn['verdict'], SinkFidelityColumn>((a, b) => SINK_VERDICTS.indexOf(b) > SINK_VERDICTS.indexOf(a));

  constructor(private readonly sampledRows: number) {}

  add(sink: string, version: string, columns: SinkFidelityColumn[]): void {
    this.tally.add(`${sink}\u001f${version}`, columns);
  }

  result(): SinkFidelity[] {
    return [...this.tally.groups.keys()].map((group) => {
      const [sink, connectorVersion] = group.split('\u001f') as [string, string];
      return { sink, connectorVersion, sampledRows: this.sampledRows, columns: this.tally.columns(group) };
    });
  }
}
