import { resolveArray } from './array.js';
import { integerFamily } from './integer.js';
import { numericFamily } from './numeric.js';
import { textFamily } from './text.js';
import { timestampFamily } from './timestamp.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

export const COMPOSITE_TYPE_NAME = 'cdcsizer_address';

const field = (family: TypeFamily, base: string, args: number[] = []) => family.resolve({ base, args, arrayDims: 0 });

/** Fields of the generated composite type: text, bounded text, a number, money-like numeric, an array, a timestamp. */
function compositeFields(): { name: string; type: ResolvedType<unknown> }[] {
  return [
    { name: 'street', type: field(textFamily, 'text') },
    { name: 'city', type: field(textFamily, 'varchar', [40]) },
    { name: 'zip', type: field(integerFamily, 'integer') },
    { name: 'amount', type: field(numericFamily, 'numeric', [10, 2]) },
    { name: 'tags', type: resolveArray(field(textFamily, 'text'), 1) },
    { name: 'seen_at', type: field(timestampFamily, 'timestamptz') },
  ];
}

/**
 * record_out quotes a field that is empty or holds a quote, backslash, parenthesis, comma or
 * ASCII whitespace, doubling quotes and backslashes inside; a NULL field is left empty.
 */
export function recordFieldText(s: string | null): string {
  if (s === null) return '';
  // isspace() in the server's C code: ASCII whitespace only, not U+00A0 or U+FEFF.
  if (s === '' || /["\\(),\t\n\v\f\r ]/.test(s)) return `"${s.replace(/["\\]/g, (c) => c + c)}"`;
  return s;
}

export const compositeFamily: TypeFamily = {
  id: 'composite',
  names: ['composite'],
  resolve(req: TypeRequest): ResolvedType<(unknown | null)[]> {
    if (req.args.length > 0) throw new TypeRequestError(`composite takes no arguments (cdc-sizer creates its own composite type, ${COMPOSITE_TYPE_NAME})`);
    const fields = compositeFields();
    const format = (v: (unknown | null)[], text: (t: ResolvedType<unknown>, x: unknown) => string) =>
      `(${v.map((x, i) => recordFieldText(x === null ? null : text(fields[i]!.type, x))).join(',')})`;
    return {
      sql: COMPOSITE_TYPE_NAME,
      family: 'composite',
      setup: [{ key: `type:${COMPOSITE_TYPE_NAME}`, kind: 'type', name: COMPOSITE_TYPE_NAME, createSql: `CREATE TYPE ${COMPOSITE_TYPE_NAME} AS (${fields.map((f) => `${f.name} ${f.type.sql}`).join(', ')})` }],
      keyable: true,
      edges: () => {
        const edgeLists = fields.map((f) => f.type.edges());
        const longest = Math.max(...edgeLists.map((e) => e.length));
        const rows = Array.from({ length: Math.min(longest, 24) }, (_, r) => edgeLists.map((e) => e[r % e.length]!));
        return [fields.map(() => null), ...rows];
      },
      generate: (src) => fields.map((f) => (src.rng.chance(0.1) ? null : f.type.generate(src, undefined))),
      literal: (v) => format(v, (t, x) => t.literal(x)),
      canonical: (v) => format(v, (t, x) => t.canonical(x)),
    };
  },
};
