import { qualifiedName } from '../sql/identifiers.js';
import type { SampleCandidate, TypeMix } from '../model/sample-plan.js';
import type { CatalogTable } from './catalog.js';

/** A catalog table as the sample plan classes it (model/sample-plan.ts); `chunks` when its boundaries were probed. */
export function sampleCandidate(t: CatalogTable, chunks?: number): SampleCandidate {
  return { table: qualifiedName(t), rows: t.rows, diskBytes: t.heapBytes + t.toastBytes, keyShape: t.keyShape.shape, typeMix: typeMix(t), ...(chunks !== undefined ? { chunks } : {}) };
}

const SPECIAL_TYPES = /^(bytea|money|xml|bit|bit varying|tsvector|point|interval|hstore)\b/;

/** The costliest kind of column a table has to convert: special (user-defined, binary, geometric…) > array > json > plain. */
export function typeMix(t: Pick<CatalogTable, 'columns'>): TypeMix {
  const kinds = t.columns.map((c): TypeMix => {
    if (c.category === 'array') return 'array';
    if (c.category !== 'base' || SPECIAL_TYPES.test(c.type)) return 'special';
    return /^jsonb?$/.test(c.type) ? 'json' : 'plain';
  });
  return (['special', 'array', 'json'] as const).find((k) => kinds.includes(k)) ?? 'plain';
}
