import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

export const booleanFamily: TypeFamily = {
  id: 'boolean',
  names: ['boolean', 'bool'],
  resolve(req: TypeRequest): ResolvedType<boolean> {
    if (req.base !== 'boolean' && req.base !== 'bool') throw new TypeRequestError(`unknown boolean type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError(`${req.base} takes no arguments`);
    return {
      sql: 'boolean',
      family: 'boolean',
      setup: [],
      keyable: true,
      edges: () => [true, false],
      // Flags are usually lopsided (active, deleted…), so not a fair coin.
      generate: ({ rng }) => rng.chance(0.7),
      literal: (v) => (v ? 'true' : 'false'),
      canonical: (v) => (v ? 't' : 'f'),
    };
  },
};
