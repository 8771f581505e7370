import type { Faker } from '@faker-js/faker';
import type { Rng } from '../../scenario/rng.js';
import { NASTY_STRINGS, compareUtf8, prose, utf8Length } from './text.js';
import { uuidV4 } from './uuid.js';
import { TypeRequestError, type ResolvedType, type TypeFamily, type TypeRequest, type ValueSource } from './type-family.js';

/**
 * A tiny JSON tree of our own rather than JS objects: objects keep duplicate keys and their
 * order (json stores them verbatim), and numbers keep their exact text (jsonb stores numeric,
 * so `1.50` stays `1.50` and `12345678901234567890` is not rounded through a double).
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}
export class JsonObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, JsonValue]>) {}
}
export type JsonValue = null | boolean | string | JsonNumber | readonly JsonValue[] | JsonObject;

/**
 * How the input text is laid out. json keeps the text verbatim, so every layout is a distinct
 * canonical form; jsonb prints one normalized form whatever the layout.
 * - compact: no whitespace
 * - spaced: jsonb's own style (`{"a": 1, "b": [1, 2]}`)
 * - pretty: newlines and two-space indentation
 * - tabbed: CRLF line ends and tab indentation (COPY must escape both)
 * - ascii: compact, non-ASCII and `/` written as \u / \/ escapes, hex in upper case
 * - padded: spaced, with leading and trailing whitespace around the document
 */
export type JsonLayout = 'compact' | 'spaced' | 'pretty' | 'tabbed' | 'ascii' | 'padded';
const LAYOUTS: readonly JsonLayout[] = ['compact', 'spaced', 'pretty', 'tabbed', 'ascii', 'padded'];

export interface JsonDoc {
  value: JsonValue;
  layout: JsonLayout;
}

const num = (text: string | number | bigint): JsonNumber => new JsonNumber(String(text));
const obj = (entries: Array<readonly [string, JsonValue]>): JsonObject => new JsonObject(entries);

function hex4(code: number, upper: boolean): string {
  const h = code.toString(16).padStart(4, '0');
  return upper ? h.toUpperCase() : h;
}

// Strings without these characters are written between quotes unchanged (the common case).
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
const NEEDS_ESCAPE_ASCII = /["\\/\u0000-\u001f\u007f-\uffff]/;

/**
 * A JSON string literal. Without `ascii` this is exactly PostgreSQL's escape_json: the two-char
 * escapes for \b \f \n \r \t " \\, `\u00xx` (lower-case hex) for other control characters, and
 * everything else (DEL and non-ASCII included) as is.
 */
function quote(s: string, ascii = false): string {
  if (!(ascii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE).test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x2f: out += ascii ? '\\/' : '/'; break;
      default:
        if (c < 0x20) out += '\\u' + hex4(c, ascii);
        // Surrogate pairs become two escapes, which the server must recombine.
        else if (ascii && c > 0x7e) out += '\\u' + hex4(c, true);
        else out += s[i];
    }
  }
  return out + '"';
}

// The serializers append to one string: V8 concatenates into ropes cheaply, whereas an array
// of a million small parts made megabyte documents spend most of their time in GC.

/** The input text of a value in a layout (json's canonical form is this text). */
export function jsonText(value: JsonValue, layout: JsonLayout): string {
  const ascii = layout === 'ascii';
  const tight = layout === 'compact' || layout === 'ascii';
  const multiline = layout === 'pretty' || layout === 'tabbed';
  const nl = layout === 'tabbed' ? '\r\n' : '\n';
  const unit = layout === 'tabbed' ? '\t' : '  ';
  const comma = tight || multiline ? ',' : ', ';
  const colon = tight ? ':' : ': ';
  let out = '';
  const write = (v: JsonValue, depth: number): void => {
    if (v === null) out += 'null';
    else if (typeof v === 'boolean') out += v ? 'true' : 'false';
    else if (typeof v === 'string') out += quote(v, ascii);
    else if (v instanceof JsonNumber) out += v.text;
    else if (v instanceof JsonObject) {
      if (v.entries.length === 0) {
        out += '{}';
        return;
      }
      const inner = multiline ? nl + unit.repeat(depth + 1) : '';
      out += '{';
      for (let i = 0; i < v.entries.length; i++) {
        const [k, val] = v.entries[i]!;
        out += (i > 0 ? comma : '') + inner + quote(k, ascii) + colon;
        write(val, depth + 1);
      }
      out += (multiline ? nl + unit.repeat(depth) : '') + '}';
    } else {
      const items = v as readonly JsonValue[];
      if (items.length === 0) {
        out += '[]';
        return;
      }
      const inner = multiline ? nl + unit.repeat(depth + 1) : '';
      out += '[';
      for (let i = 0; i < items.length; i++) {
        out += (i > 0 ? comma : '') + inner;
        write(items[i]!, depth + 1);
      }
      out += (multiline ? nl + unit.repeat(depth) : '') + ']';
    }
  };
  write(value, 0);
  return layout === 'padded' ? `  ${out}\n` : out;
}

// Plain decimals other than negative zero print as written.
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const NEGATIVE_ZERO = /^-0(?:\.0+)?$/;

/**
 * PostgreSQL's numeric_out of a JSON number: exponents expanded, scale = fraction digits minus
 * exponent (at least 0), no negative zero, trailing zeros of the fraction kept.
 */
export function numericText(jsonNumber: string): string {
  if (PLAIN_NUMBER.test(jsonNumber) && !NEGATIVE_ZERO.test(jsonNumber)) return jsonNumber;
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(jsonNumber);
  if (!m) throw new Error(`not a JSON number: ${jsonNumber}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  let digits = int! + frac;
  let point = int!.length + Number(exp);
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fracPart = digits.slice(point);
  const isZero = /^0*$/.test(digits);
  return (sign && !isZero ? '-' : '') + intPart + (fracPart ? '.' + fracPart : '');
}

/** Keys in jsonb order: by UTF-8 byte length, then bytewise. */
function jsonbKeyOrder(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  return keys
    .map((k) => ({ k, n: utf8Length(k) }))
    .sort((a, b) => a.n - b.n || compareUtf8(a.k, b.k))
    .map((e) => e.k);
}

/**
 * What jsonb_out prints: object keys de-duplicated (the last one wins — unlike hstore this is
 * deterministic, jsonb breaks sort ties by input position), sorted by UTF-8 byte length and
 * then bytewise; `, ` and `: ` separators; numbers as numeric text.
 */
export function jsonbCanonical(value: JsonValue): string {
  let out = '';
  const write = (v: JsonValue): void => {
    if (v === null) out += 'null';
    else if (typeof v === 'boolean') out += v ? 'true' : 'false';
    else if (typeof v === 'string') out += quote(v);
    else if (v instanceof JsonNumber) out += numericText(v.text);
    else if (v instanceof JsonObject) {
      const last = new Map<string, JsonValue>();
      for (const [k, val] of v.entries) last.set(k, val);
      const keys = jsonbKeyOrder([...last.keys()]);
      out += '{';
      for (let i = 0; i < keys.length; i++) {
        out += (i > 0 ? ', ' : '') + quote(keys[i]!) + ': ';
        write(last.get(keys[i]!)!);
      }
      out += '}';
    } else {
      const items = v as readonly JsonValue[];
      out += '[';
      for (let i = 0; i < items.length; i++) {
        if (i > 0) out += ', ';
        write(items[i]!);
      }
      out += ']';
    }
  };
  write(value);
  return out;
}

/** Fixed-point decimal text such as `12.50` or `-0.75`, never `-0.00`. */
function decimal(rng: Rng, maxUnits: number, scale: number, negative = 0): JsonNumber {
  const units = rng.int(0, maxUnits * 10 ** scale);
  const abs = String(units).padStart(scale + 1, '0');
  const text = scale > 0 ? `${abs.slice(0, -scale)}.${abs.slice(-scale)}` : abs;
  return num((units !== 0 && rng.chance(negative) ? '-' : '') + text);
}

const TAGS = ['new', 'sale', 'vip', 'b2b', 'gift', 'fragile', 'priority', 'eco', 'returning', 'beta'];
const UNICODE_KEYS = ['名前', 'clé', 'ключ', 'größe', '😀', 'emoji_🚀', 'ñandú'];

function isoTime(rng: Rng): string {
  return new Date(Date.UTC(2019, 0, 1) + rng.int(0, 7 * 365 * 86400) * 1000).toISOString();
}

/** Usually plain faker text; sometimes a nasty string so escapes appear in real documents. */
function maybeNasty(src: ValueSource, make: (f: Faker) => string): string {
  return src.rng.chance(0.04) ? src.rng.pick(NASTY_STRINGS) : make(src.faker);
}

function address(src: ValueSource): JsonObject {
  const { rng, faker } = src;
  return obj([
    ['street', maybeNasty(src, (f) => f.location.streetAddress())],
    ['city', faker.location.city()],
    ['zip', faker.location.zipCode()],
    ['country', faker.location.countryCode()],
    ['geo', obj([['lat', decimal(rng, 89, 4, 0.5)], ['lng', decimal(rng, 179, 4, 0.5)]])],
  ]);
}

function tags(rng: Rng): string[] {
  return Array.from({ length: rng.int(0, 4) }, () => rng.pick(TAGS));
}

function user(src: ValueSource): JsonObject {
  const { rng, faker } = src;
  const entries: Array<readonly [string, JsonValue]> = [
    ['id', num(rng.int(1, 5_000_000))],
    ['name', maybeNasty(src, (f) => f.person.fullName())],
    ['email', faker.internet.email()],
    ['active', rng.chance(0.8)],
    ['score', decimal(rng, 100, 1)],
    ['balance', decimal(rng, 10_000, 2, 0.2)],
    ['manager', rng.chance(0.5) ? null : num(rng.int(1, 1000))],
    ['roles', rng.chance(0.3) ? ['admin', 'editor'] : ['viewer']],
    ['tags', tags(rng)],
    ['address', address(src)],
    ['created_at', isoTime(rng)],
  ];
  if (rng.chance(0.1)) entries.push([rng.pick(UNICODE_KEYS), maybeNasty(src, (f) => f.word.noun())]);
  return obj(entries);
}

function order(src: ValueSource): JsonObject {
  const { rng, faker } = src;
  const items = Array.from({ length: rng.int(1, 4) }, () =>
    obj([
      ['sku', faker.string.alphanumeric({ length: 8, casing: 'upper' })],
      ['name', maybeNasty(src, (f) => f.commerce.productName())],
      ['qty', num(rng.int(1, 12))],
      ['price', decimal(rng, 500, 2)],
      ['discount', rng.chance(0.7) ? null : decimal(rng, 1, 2)],
    ]),
  );
  return obj([
    ['order_id', uuidV4(rng)],
    ['customer', obj([['id', num(rng.int(1, 5_000_000))], ['name', faker.person.fullName()]])],
    ['items', items],
    ['total', decimal(rng, 5000, 2)],
    ['currency', faker.finance.currencyCode()],
    ['paid', rng.chance(0.6)],
    ['notes', rng.chance(0.7) ? null : maybeNasty(src, (f) => f.lorem.sentence())],
    ['shipping', address(src)],
  ]);
}

function event(src: ValueSource): JsonObject {
  const { rng, faker } = src;
  return obj([
    ['type', rng.pick(['click', 'view', 'purchase', 'signup', 'error'])],
    ['ts', num(rng.int(1_546_300_800, 1_767_225_600))],
    ['payload', obj([['path', '/' + faker.word.noun()], ['ref', rng.chance(0.5) ? null : faker.internet.url()], ['delta', num(rng.int(-500, 500))]])],
    ['meta', obj([['ua', faker.internet.userAgent()], ['ip', faker.internet.ipv4()], ['retry', rng.chance(0.1)]])],
  ]);
}

function settings(src: ValueSource): JsonObject {
  const { rng } = src;
  return obj([
    ['theme', rng.pick(['dark', 'light', 'system'])],
    ['notifications', obj([['email', rng.chance(0.5)], ['sms', rng.chance(0.2)], ['push', null]])],
    ['limits', Array.from({ length: rng.int(0, 5) }, () => num(rng.int(-10, 1000)))],
    ['ratio', decimal(rng, 3, 3, 0.3)],
  ]);
}

function realistic(src: ValueSource, duplicates: boolean): JsonValue {
  const { rng, faker } = src;
  const r = rng.next();
  let v: JsonValue;
  if (r < 0.3) v = user(src);
  else if (r < 0.55) v = order(src);
  else if (r < 0.8) v = event(src);
  else if (r < 0.9) v = settings(src);
  else if (r < 0.95) v = tags(rng);
  else v = Array.from({ length: rng.int(1, 6) }, () => decimal(rng, 1000, rng.int(0, 3), 0.3));
  // json keeps repeated keys verbatim (a sloppy producer's output); jsonb would collapse them.
  if (duplicates && v instanceof JsonObject && rng.chance(0.1)) {
    const [k] = rng.pick(v.entries);
    v = obj([...v.entries, [k, faker.word.noun()]]);
  }
  return v;
}

// Small records reused to assemble TOAST-sized documents without per-record faker calls.
const recordCorpora = new WeakMap<Faker, JsonObject[]>();

function recordCorpus(src: ValueSource): JsonObject[] {
  let c = recordCorpora.get(src.faker);
  if (!c) {
    c = Array.from({ length: 48 }, (_, i) => (i % 2 === 0 ? event(src) : user(src)));
    recordCorpora.set(src.faker, c);
  }
  return c;
}

/**
 * A document of exactly `bytes` bytes in the spaced layout (which is also jsonb's size): an
 * array of records, each with its own sequence number and random reference so that the
 * document does not compress to almost nothing, then a note padding to the exact size.
 */
function wideDocument(src: ValueSource, bytes: number): JsonObject {
  const { rng } = src;
  const corpus = recordCorpus(src);
  const batch = num(rng.int(1, 1_000_000));
  // `{"note": "", "batch": N, "records": []}` before records and padding.
  let size = utf8Length(jsonText(obj([['note', ''], ['batch', batch], ['records', []]]), 'spaced'));
  const records: JsonObject[] = [];
  for (let seq = 1; ; seq++) {
    const rec = obj([['seq', num(seq)], ['ref', uuidV4(rng)], ...rng.pick(corpus).entries]);
    const recSize = utf8Length(jsonText(rec, 'spaced')) + (records.length > 0 ? 2 : 0);
    if (size + recSize > bytes) break;
    records.push(rec);
    size += recSize;
  }
  const note = prose(src, Math.max(0, bytes - size), { plain: true });
  return obj([['note', note], ['batch', batch], ['records', records]]);
}

function deep(levels: number, leaf: JsonValue, asObject: boolean): JsonValue {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = asObject ? obj([['a', v]]) : [v];
  return v;
}

function edgeValues(): JsonDoc[] {
  const values: Array<[JsonValue, JsonLayout]> = [
    [obj([]), 'compact'],
    [[], 'compact'],
    ['a scalar string', 'compact'],
    [null, 'compact'],
    [true, 'padded'],
    [num('0'), 'compact'],
    [num('-12.5'), 'compact'],
    [num('1.50'), 'compact'],
    // Exponents and negative zero are where json's verbatim text and jsonb's numeric part.
    [[num('1e3'), num('-1.5E-3'), num('2.50e+1'), num('-0'), num('-0.0'), num('0.000001')], 'compact'],
    [num('12345678901234567890123456789.123456789'), 'compact'],
    [deep(100, num('1'), false), 'compact'],
    [deep(64, 'bottom', true), 'pretty'],
    ['quote" backslash\\ slash/ \b\f\n\r\t \u0001\u001f del\u007f é 😀 \u2028\u2029', 'ascii'],
    ['quote" backslash\\ slash/ \b\f\n\r\t \u0001\u001f del\u007f é 😀 \u2028\u2029', 'compact'],
    [obj(UNICODE_KEYS.map((k, i) => [k, num(i)])), 'ascii'],
    // Lengths 3, 2, 1, 1, 1, 2 (é is two bytes), 2, 0: printed as "", "B", "a", "c", "ab", "aa"…
    [obj([['bbb', num(1)], ['aa', num(2)], ['c', num(3)], ['a', num(4)], ['B', num(5)], ['é', num(6)], ['ab', num(7)], ['', num(8)]]), 'spaced'],
    [obj([['a', num(1)], ['b', num(2)], ['a', num(3)]]), 'compact'],
    // Enough pairs that a sort without a tie-break would scramble which duplicate survives.
    [obj(['k', 'b', 'k', 'a', 'c', 'k', 'd', 'b', 'e', 'f', 'g', 'k', 'h', 'a'].map((k, i) => [k, num(i)])), 'spaced'],
    [obj([['x', obj([['k', num(1)], ['k', [num(1)]]])], ['y', null]]), 'tabbed'],
    [[...NASTY_STRINGS], 'compact'],
    [[...NASTY_STRINGS], 'ascii'],
    [obj(NASTY_STRINGS.map((s, i) => [s, num(i)])), 'pretty'],
  ];
  return values.map(([value, layout]) => ({ value, layout }));
}

export const jsonFamily: TypeFamily = {
  id: 'json',
  names: ['json', 'jsonb'],
  resolve(req: TypeRequest): ResolvedType<JsonDoc> {
    if (req.base !== 'json' && req.base !== 'jsonb') throw new TypeRequestError(`unknown json type "${req.base}"`);
    if (req.args.length > 0) throw new TypeRequestError(`${req.base} takes no arguments`);
    const isJsonb = req.base === 'jsonb';
    return {
      sql: req.base,
      family: 'json',
      setup: [],
      // jsonb has a btree opclass; json has no equality operator at all.
      keyable: isJsonb,
      edges: edgeValues,
      generate(src, width) {
        if (width && width.max > 0) {
          const bytes = src.rng.int(Math.max(0, width.min), Math.max(width.min, width.max));
          return { value: wideDocument(src, bytes), layout: 'spaced' };
        }
        return { value: realistic(src, !isJsonb), layout: src.rng.pick(LAYOUTS) };
      },
      literal: (d) => jsonText(d.value, d.layout),
      canonical: isJsonb ? (d) => jsonbCanonical(d.value) : (d) => jsonText(d.value, d.layout),
    };
  },
};
