import { formatFloat8 } from './float.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

export interface Point {
  x: number;
  y: number;
}

/** point output: both coordinates printed exactly like float8 (`(1e-05,-0)`, `(NaN,Infinity)`). */
export function formatPoint(p: Point): string {
  return `(${formatFloat8(p.x)},${formatFloat8(p.y)})`;
}

const EDGES: readonly Point[] = [
  { x: 0, y: 0 },
  { x: -0, y: -0 },
  { x: NaN, y: NaN },
  { x: Infinity, y: -Infinity },
  { x: Number.MAX_VALUE, y: -Number.MAX_VALUE },
  { x: Number.MIN_VALUE, y: -2.2250738585072014e-308 },
  { x: 1e-5, y: 1.5e20 },
  { x: 0.1 + 0.2, y: 1 / 3 },
];

export const pointFamily: TypeFamily = {
  id: 'point',
  names: ['point'],
  resolve(req: TypeRequest): ResolvedType<Point> {
    if (req.base !== 'point') throw new TypeRequestError(`unknown geometric type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError('point takes no arguments');
    return {
      sql: 'point',
      family: 'point',
      setup: [],
      // point has no btree operator class, so it cannot be in a primary key.
      keyable: false,
      edges: () => EDGES.map((p) => ({ ...p })),
      generate: ({ rng }) => {
        const r = rng.next();
        // Mostly longitude/latitude pairs, then screen or plan coordinates, rarely anything.
        if (r < 0.6) {
          const unit = 10 ** rng.int(4, 7); // GPS fixes carry 4–7 decimals
          return { x: Math.round((rng.next() * 360 - 180) * unit) / unit, y: Math.round((rng.next() * 180 - 90) * unit) / unit };
        }
        if (r < 0.9) return { x: rng.int(0, 4000) / 2, y: rng.int(0, 3000) / 4 };
        const wide = () => (rng.chance(0.5) ? -1 : 1) * rng.next() * 10 ** rng.int(-20, 30);
        return { x: wide(), y: wide() };
      },
      literal: formatPoint,
      canonical: formatPoint,
    };
  },
};
