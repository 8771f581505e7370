import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

export const ENUM_TYPE_NAME = 'cdcsizer_mood';

/** Labels with the characters that trip converters: spaces, quotes, commas, backslash, unicode, case. */
export const ENUM_LABELS: readonly string[] = [
  'happy', 'sad', 'ok', 'so-so', 'very happy', "it's fine", 'say "hi"', 'a,b', 'back\\slash', 'ÜBER', 'ünïcödé', '😀', 'UPPER', 'lower',
];

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A generator-created enum type. Its canonical text is the label itself. */
export const enumFamily: TypeFamily = {
  id: 'enum',
  names: ['enum'],
  resolve(req: TypeRequest): ResolvedType<string> {
    if (req.args.length > 0) throw new TypeRequestError('enum takes no arguments (cdc-sizer creates its own enum type, cdcsizer_mood)');
    return {
      sql: ENUM_TYPE_NAME,
      family: 'enum',
      setup: [{ key: `type:${ENUM_TYPE_NAME}`, kind: 'type', name: ENUM_TYPE_NAME, createSql: `CREATE TYPE ${ENUM_TYPE_NAME} AS ENUM (${ENUM_LABELS.map(sqlString).join(', ')})` }],
      keyable: true,
      edges: () => [...ENUM_LABELS],
      generate: ({ rng }) => (rng.chance(0.7) ? ENUM_LABELS[rng.int(0, 3)]! : rng.pick(ENUM_LABELS)),
      literal: (v) => v,
      canonical: (v) => v,
    };
  },
};
