import type { Faker } from '@faker-js/faker';
import type { Rng } from '../../scenario/rng.js';
import {
  TypeRequestError,
  type ResolvedType,
  type TypeFamily,
  type TypeRequest,
  type ValueSource,
  type WidthKnob,
} from './type-family.js';

/**
 * Strings that break naive quoting, escaping or length arithmetic somewhere between PostgreSQL,
 * COPY, a CDC connector and the sink. Never a NUL: PostgreSQL text cannot hold one. Other
 * families (arrays, composites, hstore, json) embed these in their own syntax.
 */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '  leading spaces',
  'trailing spaces  ',
  '\t',
  'tab\tinside',
  '\n',
  'line one\nline two',
  'carriage\rreturn',
  'windows\r\nline end',
  '\\',
  'back\\slash',
  'C:\\Users\\new\\table',
  '\\N',
  '\\.',
  'NULL',
  'null',
  "'",
  "it's",
  "''",
  '"',
  'say "hello"',
  'comma, separated, values',
  '{braces}',
  '{"a","b"}',
  '(1,2)',
  'a=>b',
  'key"=>"value',
  "'; DROP TABLE students; --",
  '<b>&amp;</b>',
  '$1 $$ dollar %s %%',
  'Crème brûlée à la carte',
  'Zoë Saldaña',
  // e followed by two combining acute accents: 3 code points, 1 visible glyph.
  'e\u0301\u0301 combining',
  '日本語のテキスト',
  '中文，标点。',
  '😀',
  '👍🏽 thumbs',
  '👨‍👩‍👧 family',
  '𝄞 clef',
  'שלום עולם',
  'مرحبا بالعالم',
  'mixed עברית and English',
  '\u202Ereversed',
  'zero\u200Bwidth',
  'non\u00A0breaking',
  '\u0001\u001F control',
  'del\u007F',
  '\uFEFFbom',
  '\uFFFD',
];

/** Sentences in other scripts, mixed into long prose so byte length and character count differ. */
const UNICODE_SENTENCES: readonly string[] = [
  'Le café est très chaud aujourd’hui, n’est-ce pas ?',
  'Größere Straßen führen nach München und Köln.',
  '東京は日本の首都です。',
  '今天天气很好，我们去公园吧。',
  'Привет, как дела? Всё хорошо.',
  'שלום, מה שלומך היום?',
  'مرحبا، كيف حالك اليوم؟',
  'Ελληνικά γράμματα και λέξεις.',
  'नमस्ते दुनिया, आप कैसे हैं?',
  'Release party 🎉🚀✨ went great 👍🏽.',
  'Ça coûte 12,50 € — pas cher.',
];

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Length in code points, which is what varchar(n)/char(n) count in a UTF8 database. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/** The first n code points (never splits a surrogate pair). */
export function truncateCodePoints(s: string, n: number): string {
  if (s.length <= n) return s;
  let i = 0;
  for (let k = 0; k < n && i < s.length; k++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return s.slice(0, i);
}

/** The longest code-point prefix of s that fits in maxBytes of UTF-8. */
export function truncateUtf8(s: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const [units, len] = c < 0x80 ? [1, 1] : c < 0x800 ? [1, 2] : c >= 0xd800 && c <= 0xdbff ? [2, 4] : [1, 3];
    if (bytes + len > maxBytes) break;
    bytes += len;
    i += units;
  }
  return s.slice(0, i);
}

/**
 * Bytewise comparison of the UTF-8 encodings, which is what PostgreSQL's memcmp-based orderings
 * (jsonb keys, hstore keys, tsvector lexemes) use. JS `<` compares UTF-16 units, which puts
 * astral characters (surrogates) before U+E000..U+FFFF; UTF-8 puts them after.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Sorts in place into UTF-8 byte order; uses the native sort when no string has astral characters. */
export function sortUtf8(strings: string[]): string[] {
  return strings.some((s) => SURROGATE.test(s)) ? strings.sort(compareUtf8) : strings.sort();
}

/** Shorter UTF-8 first, then bytewise: the key order of jsonb objects and hstore. */
export function compareLengthThenUtf8(a: string, b: string): number {
  return utf8Length(a) - utf8Length(b) || compareUtf8(a, b);
}

interface Corpus {
  pieces: string[];
  bytes: number[];
  /** Indexes of pieces that are printable ASCII without quotes or backslashes. */
  plain: number[];
}

// One corpus per Faker: built once with a few hundred faker calls, then long values are
// assembled by picking from it, which keeps megabyte values cheap.
const corpora = new WeakMap<Faker, Corpus>();

function corpusFor(faker: Faker): Corpus {
  let c = corpora.get(faker);
  if (c) return c;
  const pieces: string[] = [];
  const makers: Array<() => string> = [
    () => faker.lorem.sentence(),
    () => faker.company.catchPhrase() + '.',
    () => faker.hacker.phrase(),
    () => faker.commerce.productDescription(),
    () => `${faker.person.fullName()} <${faker.internet.email()}> wrote:`,
    () => `Ship to ${faker.location.streetAddress({ useFullAddress: true })}, ${faker.location.city()}.`,
  ];
  for (let i = 0; i < 240; i++) pieces.push(makers[i % makers.length]!());
  pieces.push(...UNICODE_SENTENCES);
  const bytes = pieces.map(utf8Length);
  const plain = pieces.flatMap((p, i) => (/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(p) ? [i] : []));
  c = { pieces, bytes, plain };
  corpora.set(faker, c);
  return c;
}

/**
 * Prose of exactly `bytes` UTF-8 bytes, assembled from precomputed faker sentences. With
 * `plain`, only printable ASCII without quotes or backslashes and single-space separators,
 * so callers embedding it in other syntax (json, xml, hstore) need no escaping and its
 * escaped size equals its raw size.
 */
export function prose(src: ValueSource, bytes: number, opts: { plain?: boolean } = {}): string {
  const { pieces, bytes: sizes, plain } = corpusFor(src.faker);
  const { rng } = src;
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const i = opts.plain ? rng.pick(plain) : rng.int(0, pieces.length - 1);
    // Paragraph breaks make long values carry newlines, which COPY and sinks must escape.
    const sep = parts.length === 0 ? '' : !opts.plain && rng.chance(0.08) ? '\n\n' : ' ';
    const need = sep.length + sizes[i]!;
    if (size + need <= bytes) {
      parts.push(sep, pieces[i]!);
      size += need;
    } else {
      const room = bytes - size - sep.length;
      if (room > 0) {
        const cut = truncateUtf8(pieces[i]!, room);
        parts.push(sep, cut);
        size += sep.length + utf8Length(cut);
      }
      break;
    }
  }
  // A multi-byte character that did not fit leaves a gap of up to 3 bytes.
  if (size < bytes) parts.push('.'.repeat(bytes - size));
  return parts.join('');
}

const REALISTIC: ReadonlyArray<(f: Faker) => string> = [
  (f) => f.person.fullName(),
  (f) => f.person.lastName(),
  (f) => f.internet.email(),
  (f) => f.internet.username(),
  (f) => f.internet.url(),
  (f) => f.phone.number(),
  (f) => f.lorem.sentence(),
  (f) => f.lorem.paragraph(),
  (f) => f.lorem.lines(2),
  (f) => f.commerce.productName(),
  (f) => f.commerce.productDescription(),
  (f) => f.company.name(),
  (f) => f.location.streetAddress({ useFullAddress: true }),
  (f) => `${f.location.streetAddress()}, ${f.location.city()}, ${f.location.state({ abbreviated: true })} ${f.location.zipCode()}`,
  (f) => f.location.city(),
];

/** Codes and abbreviations: what really lives in char(2)/varchar(3) columns. */
const SHORT: ReadonlyArray<(f: Faker) => string> = [
  (f) => f.location.countryCode(),
  (f) => f.location.state({ abbreviated: true }),
  (f) => f.finance.currencyCode(),
  (f) => f.string.alpha({ length: { min: 1, max: 3 }, casing: 'upper' }),
];

/** A realistic short string, now and then with a nasty string mixed in. */
export function realisticText(src: ValueSource, maxChars = Infinity): string {
  const { rng, faker } = src;
  const r = rng.next();
  if (r < 0.03) return rng.pick(NASTY_STRINGS);
  const pool = maxChars <= 3 ? SHORT : REALISTIC;
  const base = rng.pick(pool)(faker);
  if (r < 0.08) return rng.chance(0.5) ? `${base} ${rng.pick(NASTY_STRINGS)}` : `${rng.pick(NASTY_STRINGS)}${base}`;
  return base;
}

function pickWidth(rng: Rng, width: WidthKnob): number {
  return rng.int(Math.max(0, width.min), Math.max(0, width.min, width.max));
}

type TextKind = 'text' | 'varchar' | 'char';

const KINDS: Record<string, TextKind> = {
  text: 'text',
  varchar: 'varchar',
  'character varying': 'varchar',
  char: 'char',
  character: 'char',
};

/** PostgreSQL's limit for varchar(n)/char(n). */
const MAX_TYPMOD = 10485760;

/** text, varchar(n) and char(n). Values are JS strings; n counts code points. */
export const textFamily: TypeFamily = {
  id: 'text',
  names: Object.keys(KINDS),
  resolve(req: TypeRequest): ResolvedType<string> {
    const kind = KINDS[req.base];
    if (!kind) throw new TypeRequestError(`unknown text type "${req.base}"`);
    if (kind === 'text' && req.args.length > 0) throw new TypeRequestError('text takes no arguments');
    if (req.args.length > 1) throw new TypeRequestError(`${req.base} takes at most one argument (a length)`);
    const n = req.args[0];
    if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= MAX_TYPMOD)) {
      throw new TypeRequestError(`${req.base}(${n}): length must be an integer from 1 to ${MAX_TYPMOD}`);
    }
    // Plain `char` means char(1); plain `varchar` is unlimited.
    const limit = kind === 'char' ? (n ?? 1) : n;
    const sql = kind === 'text' ? 'text' : limit === undefined ? 'varchar' : `${kind}(${limit})`;
    const fit = (s: string): string => (limit === undefined ? s : truncateCodePoints(s, limit));
    const canonical =
      kind === 'char'
        ? (v: string) => {
            const pad = limit! - codePointLength(v);
            return pad > 0 ? v + ' '.repeat(pad) : v;
          }
        : (v: string) => v;
    return {
      sql,
      family: 'text',
      setup: [],
      keyable: true,
      edges() {
        const values = NASTY_STRINGS.map(fit);
        if (limit !== undefined && limit <= 10000) {
          // Exactly `limit` code points of 1-, 2-, 3- and 4-byte characters: accepted only
          // if the limit is counted in characters, not bytes or UTF-16 units.
          const cycle = ['a', 'é', '日', '😀'];
          values.push(Array.from({ length: limit }, (_, i) => cycle[i % 4]).join(''));
        }
        // De-duplicated by what the server prints: truncation makes some edges equal, and in
        // char(n) '' and ' ' are the same value, which would collide in a key column.
        const byCanonical = new Map<string, string>();
        for (const v of values) if (!byCanonical.has(canonical(v))) byCanonical.set(canonical(v), v);
        return [...byCanonical.values()];
      },
      generate(src, width) {
        if (width && width.max > 0) {
          // At most 4 bytes per character: no point building prose the limit would cut off.
          const bytes = pickWidth(src.rng, width);
          return fit(prose(src, limit === undefined ? bytes : Math.min(bytes, 4 * limit)));
        }
        return fit(realisticText(src, limit));
      },
      literal: (v) => v,
      canonical,
    };
  },
};
