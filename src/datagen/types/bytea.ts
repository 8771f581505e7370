import type { Rng } from '../../scenario/rng.js';
import { prose } from './text.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest } from './type-family.js';

/** `n` deterministic random bytes; four per Rng step so megabyte values stay cheap. */
export function randomBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const x = rng.nextUint32();
    out[i] = x & 0xff;
    if (i + 1 < n) out[i + 1] = (x >>> 8) & 0xff;
    if (i + 2 < n) out[i + 2] = (x >>> 16) & 0xff;
    if (i + 3 < n) out[i + 3] = x >>> 24;
  }
  return out;
}

/** bytea_output = hex form: `\x` then two lowercase hex digits per byte. */
export function byteaHex(v: Uint8Array): string {
  return '\\x' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const GZIP_HEADER = Uint8Array.of(0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03);

export const byteaFamily: TypeFamily = {
  id: 'bytea',
  names: ['bytea'],
  resolve(req: TypeRequest): ResolvedType<Uint8Array> {
    if (req.base !== 'bytea') throw new TypeRequestError(`unknown bytea type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError('bytea takes no arguments');
    return {
      sql: 'bytea',
      family: 'bytea',
      setup: [],
      keyable: true,
      edges: () => [
        new Uint8Array(0),
        Uint8Array.from({ length: 256 }, (_, i) => i),
        Uint8Array.of(0),
        Uint8Array.of(0x5c),
        // The bytes of the text `\x41`: must not be taken for an already-escaped value.
        Buffer.from('\\x41', 'latin1'),
        Uint8Array.of(0x0a, 0x0d, 0x09),
        Uint8Array.of(0xff, 0xfe, 0x00, 0x00),
        Buffer.from('😀 é', 'utf8'),
      ],
      generate(src, width) {
        const { rng, faker } = src;
        if (width && width.max > 0) {
          const total = rng.int(Math.max(0, width.min), Math.max(width.min, width.max));
          // Half-ish random bytes so pglz cannot shrink the value to nothing (real blobs are
          // mostly compressed already), the rest text-like so it is not entirely opaque.
          const randomPart = Math.floor(total * (0.3 + 0.4 * rng.next()));
          return concat(randomBytes(rng, randomPart), Buffer.from(prose(src, total - randomPart), 'utf8'));
        }
        const r = rng.next();
        if (r < 0.3) return randomBytes(rng, 32); // a SHA-256 digest
        if (r < 0.5) return randomBytes(rng, 16); // a token or salt
        if (r < 0.65) return concat(PNG_SIGNATURE, randomBytes(rng, rng.int(16, 400))); // a thumbnail
        if (r < 0.75) return concat(GZIP_HEADER, randomBytes(rng, rng.int(8, 200)));
        if (r < 0.95) return Buffer.from(faker.lorem.sentence(), 'utf8');
        return randomBytes(rng, rng.int(0, 64));
      },
      literal: byteaHex,
      canonical: byteaHex,
    };
  },
};
