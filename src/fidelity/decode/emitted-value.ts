import { isLosslessNumber, stringify } from 'lossless-json';
import { formatFloat4, formatFloat8 } from '../../datagen/types/float.js';
import type { ConnectSchema } from '../../engines/flink-cdc/emitted-samples.js';
import { decimalText, twosComplement } from './decimal.js';
import { clockText, dateText, durationText, isoIntervalText, timestampText, zonedTimeText, zonedTimestampText } from './temporal.js';

/**
 * An emitted value (as lossless-json parsed it) decoded by its declared Kafka Connect schema and
 * printed as PostgreSQL would print that value under the pinned session settings: a string, null
 * for JSON null, or the elements of a Connect array. What has no decoder, or does not have the
 * shape its schema promises, comes out as compact JSON, which will not equal the source text.
 */
export type Decoded = string | null | Decoded[];

/** One encoding's decoder; undefined when the value does not have the expected shape. `baseType` is the source column's, when known. */
type Decoder = (value: unknown, field: ConnectSchema, baseType?: string) => string | undefined;

function digitsOf(v: unknown): string | undefined {
  if (isLosslessNumber(v)) return v.value;
  return typeof v === 'number' || typeof v === 'string' ? String(v) : undefined;
}

function integerOf(v: unknown): bigint | undefined {
  const d = digitsOf(v);
  return d !== undefined && /^-?\d+$/.test(d) ? BigInt(d) : undefined;
}

/** JsonConverter writes bytes as Base64. */
function bytesOf(v: unknown): Buffer | undefined {
  return typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v) ? Buffer.from(v, 'base64') : undefined;
}

const FLOAT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;

/** Jackson writes NaN and the infinities as strings; PostgreSQL prints floats in their shortest form. */
const floatText = (format: (x: number) => string): Decoder => (v) => {
  const d = digitsOf(v);
  return d !== undefined && FLOAT.test(d) ? format(Number(d)) : undefined;
};

/** An integer count (days, milliseconds, microseconds, nanoseconds) printed by `text`. */
const counted = (text: (n: bigint) => string): Decoder => (v) => {
  const n = integerOf(v);
  return n === undefined ? undefined : text(n);
};

const fromString = (text: (s: string) => string | undefined): Decoder => (v) => (typeof v === 'string' ? text(v) : undefined);

const field = (v: unknown, name: string): unknown => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined);

const decimal: Decoder = (v, f) => {
  const bytes = bytesOf(v);
  return bytes && decimalText(twosComplement(bytes), Number(f.parameters?.scale ?? 0));
};

/** io.debezium.data.VariableScaleDecimal: numeric without a declared scale, `{scale, value}`. */
const variableScaleDecimal: Decoder = (v) => {
  const scale = integerOf(field(v, 'scale'));
  const bytes = bytesOf(field(v, 'value'));
  return scale === undefined || !bytes ? undefined : decimalText(twosComplement(bytes), Number(scale));
};

/**
 * io.debezium.data.Bits: java.util.BitSet#toByteArray, little-endian with bit 0 the last bit of
 * the string. A BitSet has no length, so leading zeros come back only by padding to the declared
 * `length` parameter — which for bit varying(n) is n, the maximum, not the value's length: there
 * the minimal string is the best reading, and leading zeros are lost.
 */
const bits: Decoder = (v, f, baseType) => {
  const bytes = bytesOf(v);
  if (!bytes) return undefined;
  const n = bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).reverse().toString('hex'));
  const width = baseType !== undefined && /varying/.test(baseType) ? 0 : Number(f.parameters?.length ?? 0);
  return (n === 0n ? '' : n.toString(2)).padStart(width, '0');
};

/** io.debezium.data.geometry.Point `{x, y, wkb, srid}` as point prints: `(x,y)`. */
const point: Decoder = (v) => {
  const [x, y] = [digitsOf(field(v, 'x')), digitsOf(field(v, 'y'))];
  return x === undefined || y === undefined || !FLOAT.test(x) || !FLOAT.test(y) ? undefined : `(${formatFloat8(Number(x))},${formatFloat8(Number(y))})`;
};

const LOGICAL = new Map<string, Decoder>([
  ['org.apache.kafka.connect.data.Decimal', decimal],
  ['io.debezium.data.VariableScaleDecimal', variableScaleDecimal],
  ['io.debezium.time.Date', counted((n) => dateText(Number(n)))],
  ['org.apache.kafka.connect.data.Date', counted((n) => dateText(Number(n)))],
  ['io.debezium.time.Time', counted((n) => clockText(n, 3))],
  ['org.apache.kafka.connect.data.Time', counted((n) => clockText(n, 3))],
  ['io.debezium.time.MicroTime', counted((n) => clockText(n, 6))],
  ['io.debezium.time.NanoTime', counted((n) => clockText(n, 9))],
  ['io.debezium.time.Timestamp', counted((n) => timestampText(n, 3))],
  ['org.apache.kafka.connect.data.Timestamp', counted((n) => timestampText(n, 3))],
  ['io.debezium.time.MicroTimestamp', counted((n) => timestampText(n, 6))],
  ['io.debezium.time.NanoTimestamp', counted((n) => timestampText(n, 9))],
  ['io.debezium.time.ZonedTime', fromString(zonedTimeText)],
  ['io.debezium.time.ZonedTimestamp', fromString(zonedTimestampText)],
  ['io.debezium.time.MicroDuration', counted(durationText)],
  ['io.debezium.time.Interval', fromString(isoIntervalText)],
  ['io.debezium.data.Bits', bits],
  ['io.debezium.data.geometry.Point', point],
]);

const integerText: Decoder = (v) => integerOf(v)?.toString();

/** By Connect type, for fields without a logical name (and logical strings such as Json, Uuid, Enum, Xml). */
const PLAIN = new Map<string, Decoder>([
  ['int8', integerText],
  ['int16', integerText],
  ['int32', integerText],
  ['int64', integerText],
  ['float', floatText(formatFloat4)],
  ['float32', floatText(formatFloat4)],
  ['double', floatText(formatFloat8)],
  ['float64', floatText(formatFloat8)],
  ['boolean', (v) => (typeof v === 'boolean' ? String(v) : undefined)],
  ['string', (v) => (typeof v === 'string' ? v : undefined)],
  ['bytes', (v) => (bytesOf(v) ? '\\x' + bytesOf(v)!.toString('hex') : undefined)],
]);

/** Compact JSON of a value nothing decodes (structs, maps, the unexpected). */
export function compactJson(value: unknown): string {
  try {
    return stringify(value) ?? String(value);
  } catch {
    return String(value); // not serialisable (a cycle, a bigint in a map): its plain text still shows what came
  }
}

/** The emitted value decoded by its declared schema; `baseType` is the source column's (domain base / array element), when known. */
export function decodeEmitted(schema: ConnectSchema, value: unknown, baseType?: string): Decoded {
  if (value === null || value === undefined) return null;
  if (schema.type === 'array' && Array.isArray(value)) return value.map((v) => decodeEmitted(schema.items ?? { type: '?' }, v, baseType));
  try {
    const logical = schema.name === undefined ? undefined : LOGICAL.get(schema.name)?.(value, schema, baseType);
    return logical ?? PLAIN.get(schema.type)?.(value, schema, baseType) ?? compactJson(value);
  } catch {
    // A value its declared schema does not decode is shown raw; the comparison then reports it as changed.
    return compactJson(value);
  }
}
