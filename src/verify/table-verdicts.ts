/** What an engine delivered for a table: its records and, from the Flink job, the sum of their key hashes. */
export interface DeliveredTable {
  table: string;
  rows: number;
  keyFingerprint?: string;
}

export interface Expected {
  rows: number;
  keyFingerprint?: string;
}

export interface Verdicts {
  countMismatches: { table: string; expected: number; actual: number }[];
  fingerprintMismatches: { table: string; expected: string; actual: string }[];
  /** Tables that changed since the expectations were read: what they delivered cannot be judged. */
  unverified: string[];
}

/**
 * Counts (and key fingerprints, where both sides have one) against the source. A table missing
 * from the delivery delivered nothing. Tables in `changed` are not judged, only listed.
 */
export function judgeTables(expected: ReadonlyMap<string, Expected>, delivered: readonly DeliveredTable[], changed: ReadonlySet<string> = new Set()): Verdicts {
  const out: Verdicts = { countMismatches: [], fingerprintMismatches: [], unverified: [] };
  for (const [table, want] of expected) {
    if (changed.has(table)) {
      out.unverified.push(table);
      continue;
    }
    const got = delivered.find((d) => d.table === table) ?? { table, rows: 0 };
    if (got.rows !== want.rows) out.countMismatches.push({ table, expected: want.rows, actual: got.rows });
    else if (want.keyFingerprint && got.keyFingerprint && want.keyFingerprint !== got.keyFingerprint) out.fingerprintMismatches.push({ table, expected: want.keyFingerprint, actual: got.keyFingerprint });
  }
  return out;
}

/** One line naming the first failure, or undefined when nothing failed. */
export function failureLine(v: Verdicts): string | undefined {
  if (v.countMismatches.length > 0) {
    const first = v.countMismatches[0]!;
    return `record counts differ from the source in ${v.countMismatches.length} table(s), e.g. ${first.table}: ${first.actual} of ${first.expected}`;
  }
  if (v.fingerprintMismatches.length > 0) {
    const first = v.fingerprintMismatches[0]!;
    return `key fingerprints differ from the source in ${v.fingerprintMismatches.length} table(s) with equal counts (rows lost and others duplicated), e.g. ${first.table}`;
  }
  return undefined;
}
