import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LosslessNumber, parse } from 'lossless-json';
import { compareValue, emittedText } from '../../src/fidelity/compare-value.js';
import type { ConnectSchema } from '../../src/engines/flink-cdc/emitted-samples.js';
import type { SourceColumn } from '../../src/fidelity/source-columns.js';

/** One connector version's recording: what the real Flink CDC connector emitted from PostgreSQL 18, and the source's canonical text of the same rows. */
type Recording = Record<
  string,
  {
    state: string;
    key: { name: string; type: string }[];
    columns: SourceColumn[];
    samples: { schema?: ConnectSchema; rows: string[] }[];
    source?: Record<string, string | null>[];
  }
>;

type Verdict = 'exact' | 'changed' | 'dropped';

const num = (digits: string | number) => new LosslessNumber(String(digits));
const column = (baseType: string, isArray = false): SourceColumn => ({ name: 'c', formatType: baseType, pgType: baseType, baseType, baseKind: 'b', isArray });
const named = (type: string, name?: string, parameters?: Record<string, string>): ConnectSchema => ({ type, name, parameters, optional: true });
const same = (baseType: string, source: string | null, field: ConnectSchema, value: unknown, isArray = false) => compareValue(column(baseType, isArray), source, field, value);

/**
 * Flink CDC 3.5.0, established by reading every sampled value against its source text. Every
 * recorded column is listed; the keys of tables pk_* and t_* are all exact.
 */
const VERDICTS_3_5_0: Record<string, Verdict> = {
  ...Object.fromEntries(
    ['t_integer', 't_float', 't_boolean', 't_text', 't_bytea', 't_uuid', 't_date', 't_time', 't_timestamp', 't_json', 't_array', 't_network', 't_enum', 't_composite', 't_domain', 't_hstore', 't_bit', 't_tsvector', 't_point', 't_range', 't_xml'].map((t) => [`${t}.id`, 'exact']),
  ),
  't_integer.smallint': 'exact',
  't_integer.integer': 'exact',
  't_integer.bigint': 'exact', // 6362784818605673698 keeps every digit
  't_float.real': 'exact', // float32 `177092002000` is the float4 PostgreSQL prints as 1.77092e+11
  't_float.double_precision': 'exact',
  't_boolean.boolean': 'exact',
  't_text.text': 'exact',
  't_text.varchar_40': 'exact',
  't_text.char_10': 'exact', // `Mills     ` keeps char(10)'s padding, which the source's ::text drops
  't_bytea.bytea': 'exact',
  't_uuid.uuid': 'exact',
  't_date.date': 'exact',
  't_time.time': 'changed', // 05:54:26.860295 → 05:54:26.86: microseconds cut to milliseconds
  't_time.timetz': 'changed', // 21:21:20-05 → 02:21:20Z: the offset is gone (and 20:16:13.539705-07 lost its fraction)
  't_timestamp.timestamp': 'exact',
  't_timestamp.timestamptz': 'changed', // 4333-06-24 … BC → -4332-05-20: the Julian calendar before 1582
  't_timestamp.timestamptz_p3': 'exact',
  't_json.json': 'exact',
  't_json.jsonb': 'exact',
  't_array.integer_arr': 'exact',
  't_array.text_arr': 'exact',
  't_array.numeric_arr': 'exact', // by value: 4.40000 comes out as 4.4 (scale 1)
  't_array.integer_arr2': 'changed', // {{850292,582414},…} → [null,null,null]
  't_array.text_arr2': 'changed', // {{"Port Louveniaview"}} → ["[Ljava.lang.String;@4ed0a389"]
  't_network.inet': 'exact', // 172.16.165.208 is what inet prints; only its ::text adds /32
  't_network.cidr': 'exact',
  't_network.macaddr': 'exact',
  't_enum.enum': 'exact',
  't_composite.composite': 'dropped',
  't_domain.domain': 'exact',
  't_domain.domain_email': 'exact',
  't_hstore.hstore': 'exact', // as JSON, keys in another order
  't_bit.bit_12': 'exact',
  't_bit.varbit_64': 'changed', // 00010110 → 10110: a BitSet forgets leading zeros
  't_tsvector.tsvector': 'dropped',
  't_point.point': 'exact',
  't_range.int4range': 'exact',
  't_range.tstzrange': 'exact',
  't_xml.xml': 'exact',
  ...Object.fromEntries(
    ['pk_uuid_random', 'pk_uuid_time_ordered', 'pk_bigint_sparse', 'pk_text', 'pk_none'].flatMap((t) => [
      [`${t}.${t === 'pk_none' ? 'row_no' : 'id'}`, 'exact'],
      [`${t}.body`, 'exact'],
      [`${t}.amount`, 'exact'],
    ]),
  ),
  'pk_composite_tenant.tenant_id': 'exact',
  'pk_composite_tenant.seq': 'exact',
  'pk_composite_tenant.body': 'exact',
  'pk_composite_tenant.amount': 'exact',
  'pk_composite_region_day.region': 'exact',
  'pk_composite_region_day.day': 'exact',
  'pk_composite_region_day.seq': 'exact',
  'pk_composite_region_day.body': 'exact',
  'pk_composite_region_day.amount': 'exact',
};

/** Tables the connector could not read at all, so nothing was sampled. */
const FAILED_3_5_0 = ['t_numeric', 't_money', 't_interval', 'wide_all_types'];

/** Flink CDC 3.4.0 encodes every type as 3.5.0 does; its sample of t_timestamp happens to hold no timestamptz before 1582. */
const VERDICTS_3_4_0: Record<string, Verdict> = { ...VERDICTS_3_5_0, 't_timestamp.timestamptz': 'exact' };

const RECORDINGS: Record<string, { verdicts: Record<string, Verdict>; failed: string[] }> = {
  '3.5.0': { verdicts: VERDICTS_3_5_0, failed: FAILED_3_5_0 },
  '3.4.0': { verdicts: VERDICTS_3_4_0, failed: FAILED_3_5_0 },
};

const recordingPath = (version: string) => `test/fixtures/fidelity/emitted-${version}.json`;

/** Each recorded column's verdict over its sampled rows, as judgeSample reaches it; and whether every key came out as its source text. */
function judgeRecording(recording: Recording) {
  const verdicts: Record<string, Verdict> = {};
  const failed: string[] = [];
  const keysFound: Record<string, boolean> = {};
  for (const [qualified, table] of Object.entries(recording)) {
    const name = qualified.replace(/^public\./, '');
    const sample = table.samples[0];
    if (!sample?.schema) {
      failed.push(name);
      continue;
    }
    const fields = new Map((sample.schema.fields ?? []).map((f) => [f.field!, f]));
    const rows = sample.rows.map((r) => parse(r) as Record<string, unknown>);
    assert.equal(rows.length, table.source!.length, `${name}: as many source rows as emitted`);
    assert.ok(rows.length > 0, `${name}: rows sampled`);
    for (const c of table.columns) {
      const field = fields.get(c.name);
      const equal = rows.map((row, i) => field && compareValue(c, table.source![i]![c.name] ?? null, field, row[c.name]).equal);
      verdicts[`${name}.${c.name}`] = !field ? 'dropped' : equal.every(Boolean) ? 'exact' : 'changed';
    }
    keysFound[name] = rows.every((row, i) => table.key.every((k) => emittedText(fields.get(k.name)!, row[k.name]) === table.source![i]![k.name]));
  }
  return { verdicts, failed, keysFound };
}

for (const [version, expected] of Object.entries(RECORDINGS)) {
  test(`connector ${version}: every recorded column gets the verdict read from its values`, () => {
    const judged = judgeRecording(JSON.parse(readFileSync(recordingPath(version), 'utf8')) as Recording);
    assert.deepEqual(judged.verdicts, expected.verdicts);
    assert.deepEqual(judged.failed.sort(), [...expected.failed].sort());
  });

  test(`connector ${version}: key columns print as the source's text, so sampled rows are found again`, () => {
    const judged = judgeRecording(JSON.parse(readFileSync(recordingPath(version), 'utf8')) as Recording);
    for (const [table, found] of Object.entries(judged.keysFound)) assert.ok(found, table);
  });
}

test('every recording in the fixtures has verdicts read from its values', () => {
  const recorded = readdirSync('test/fixtures/fidelity').flatMap((f) => /^emitted-(.+)\.json$/.exec(f)?.[1] ?? []);
  assert.deepEqual(recorded.sort(), Object.keys(RECORDINGS).sort());
});

test('changed values from the recordings show what was lost', () => {
  const recordings = Object.fromEntries(Object.keys(RECORDINGS).map((v) => [v, JSON.parse(readFileSync(recordingPath(v), 'utf8')) as Recording]));
  const example = (table: string, name: string, row: number, version = '3.5.0') => {
    const t = recordings[version]![`public.${table}`]!;
    const field = t.samples[0]!.schema!.fields!.find((f) => f.field === name)!;
    const value = (parse(t.samples[0]!.rows[row]!) as Record<string, unknown>)[name];
    return compareValue(t.columns.find((c) => c.name === name)!, t.source![row]![name]!, field, value);
  };
  assert.deepEqual(example('t_time', 'time', 0), { equal: false, emitted: '05:54:26.86' });
  assert.deepEqual(example('t_time', 'time', 2), { equal: true, emitted: '20:56:13' });
  assert.deepEqual(example('t_time', 'timetz', 0), { equal: false, emitted: '02:21:20+00' });
  assert.deepEqual(example('t_timestamp', 'timestamptz', 0), { equal: false, emitted: '4333-05-20 13:10:14.650754+00 BC' });
  assert.deepEqual(example('t_bit', 'varbit_64', 2), { equal: false, emitted: '10110' });
  assert.deepEqual(example('t_bit', 'varbit_64', 3), { equal: true, emitted: '1011100' });
  assert.deepEqual(example('t_array', 'integer_arr2', 2), { equal: false, emitted: '{NULL,NULL}' });
  assert.deepEqual(example('t_array', 'numeric_arr', 0), { equal: true, emitted: '{8.1571,4.4,-7.2096,2424}' });
  assert.deepEqual(example('t_time', 'time', 0, '3.4.0'), { equal: true, emitted: '06:04:02.634' });
  assert.deepEqual(example('t_time', 'timetz', 3, '3.4.0'), { equal: false, emitted: '11:43:58+00' });
  assert.deepEqual(example('t_bit', 'varbit_64', 3, '3.4.0'), { equal: false, emitted: '10111010' });
});

test('Decimal: big-endian two\'s complement at the declared scale, compared by value', () => {
  const decimal = (scale: number) => named('bytes', 'org.apache.kafka.connect.data.Decimal', { scale: String(scale), 'connect.decimal.precision': '12' });
  assert.equal(emittedText(decimal(2), 'AeJA'), '1234.56');
  assert.equal(emittedText(decimal(2), '/2o='), '-1.50');
  assert.equal(emittedText(decimal(2), '+59jcA=='), '-734404.00');
  assert.equal(emittedText(decimal(0), 'Kg=='), '42');
  assert.equal(emittedText(decimal(0), '/w=='), '-1');
  assert.equal(emittedText(decimal(2), 'AA=='), '0.00');
  assert.equal(emittedText(decimal(3), 'Kg=='), '0.042');
  // numeric(60,20): 60 digits, far past a double.
  const p60 = '-1234567890123456789012345678901234567890.12345678901234567890';
  assert.equal(emittedText(decimal(20), '/+xVCvsbQ+Gd6MB4W8hzyEtjczAOaTHA9S4='), p60);
  assert.equal(same('numeric(60,20)', p60, decimal(20), '/+xVCvsbQ+Gd6MB4W8hzyEtjczAOaTHA9S4=').equal, true);
  assert.equal(same('numeric(60,20)', p60.replace(/0$/, '1'), decimal(20), '/+xVCvsbQ+Gd6MB4W8hzyEtjczAOaTHA9S4=').equal, false);
  assert.equal(same('numeric(12,2)', '-1.5', decimal(2), '/2o=').equal, true);
  assert.equal(same('numeric(12,2)', '-1.51', decimal(2), '/2o=').equal, false);
  assert.equal(same('numeric', 'NaN', decimal(2), '/2o=').equal, false);
});

test('VariableScaleDecimal: the scale travels with the value', () => {
  const vsd: ConnectSchema = { type: 'struct', name: 'io.debezium.data.VariableScaleDecimal', fields: [{ type: 'int32', field: 'scale' }, { type: 'bytes', field: 'value' }] };
  assert.equal(emittedText(vsd, { scale: num(3), value: '/w==' }), '-0.001');
  assert.deepEqual(same('numeric', '-0.0010', vsd, { scale: num(3), value: '/w==' }), { equal: true, emitted: '-0.001' });
  assert.equal(same('numeric', '0.001', vsd, { scale: num(3), value: '/w==' }).equal, false);
  assert.equal(same('numeric', '42', vsd, { scale: num(0), value: 'Kg==' }).equal, true);
  assert.equal(same('numeric', '42', vsd, { scale: num(0) }).equal, false, 'no value: not decodable, not a crash');
});

test('money under lc_monetary C: `$`, thousands separators and the sign before the `$` carry no information', () => {
  const money = named('bytes', 'org.apache.kafka.connect.data.Decimal', { scale: '2' });
  assert.equal(same('money', '$1,234.56', money, 'AeJA').equal, true);
  assert.equal(same('money', '-$1,234.56', money, 'AeJA').equal, false);
  assert.equal(same('money', '$0.00', money, 'AA==').equal, true);
  // The money minimum, -2^63 cents: 0x8000000000000000.
  assert.equal(emittedText(money, 'gAAAAAAAAAA='), '-92233720368547758.08');
  assert.equal(same('money', '-$92,233,720,368,547,758.08', money, 'gAAAAAAAAAA=').equal, true);
  assert.equal(same('money', '-$92,233,720,368,547,758.07', money, 'gAAAAAAAAAA=').equal, false);
});

test('Date: days since 1970 on the proleptic Gregorian calendar, BC as PostgreSQL prints it', () => {
  const date = named('int32', 'io.debezium.time.Date');
  assert.equal(emittedText(date, num(-23246)), '1906-05-11');
  assert.equal(emittedText(date, num(-1)), '1969-12-31');
  assert.equal(emittedText(date, num(-719162)), '0001-01-01');
  assert.equal(emittedText(date, num(-719163)), '0001-12-31 BC');
  assert.equal(same('date', '1906-05-12', date, num(-23246)).equal, false);
});

test('MicroTimestamp, Timestamp and NanoTimestamp: counts since 1970, before it too', () => {
  const micro = named('int64', 'io.debezium.time.MicroTimestamp');
  assert.equal(emittedText(micro, num('251703584041281')), '1977-12-23 05:39:44.041281');
  assert.equal(emittedText(micro, num(-1)), '1969-12-31 23:59:59.999999');
  assert.equal(same('timestamp without time zone', '1985-02-02 04:26:01.788132', micro, num('476166361788132')).equal, true);
  assert.equal(same('timestamp without time zone', '1985-02-02 04:26:01.788133', micro, num('476166361788132')).equal, false);
  assert.equal(emittedText(named('int64', 'io.debezium.time.Timestamp'), num('476166361788')), '1985-02-02 04:26:01.788');
  assert.equal(emittedText(named('int64', 'io.debezium.time.NanoTimestamp'), num('476166361788132001')), '1985-02-02 04:26:01.788132001');
});

test('ZonedTimestamp: timestamptz is an instant, so the same instant in any offset is exact', () => {
  const zoned = named('string', 'io.debezium.time.ZonedTimestamp');
  assert.deepEqual(same('timestamp with time zone', '2024-01-01 12:00:00.5+00', zoned, '2024-01-01T12:00:00.500Z'), { equal: true, emitted: '2024-01-01 12:00:00.5+00' });
  assert.equal(same('timestamp with time zone', '2024-01-01 12:00:00+00', zoned, '2024-01-01T14:00:00+02:00').equal, true);
  assert.equal(same('timestamp with time zone', '2024-01-01 00:30:00+00', zoned, '2023-12-31T21:00-03:30').equal, true);
  assert.equal(same('timestamp with time zone', '2024-01-01 12:00:00+00', zoned, '2024-01-01T12:00:00.001Z').equal, false);
  assert.equal(emittedText(zoned, '0000-03-01T00:00:00Z'), '0001-03-01 00:00:00+00 BC');
  assert.equal(same('timestamp with time zone', 'infinity', zoned, 'infinity').equal, true);
});

test('times: MicroTime keeps microseconds, ZonedTime must keep the offset timetz stores', () => {
  const micro = named('int64', 'io.debezium.time.MicroTime');
  assert.deepEqual(same('time without time zone', '05:54:26.860295', micro, num('21266860295')), { equal: true, emitted: '05:54:26.860295' });
  assert.deepEqual(same('time without time zone', '05:54:26.860295', micro, num('21266860000')), { equal: false, emitted: '05:54:26.86' });
  assert.equal(same('time without time zone', '24:00:00', micro, num('86400000000')).equal, true);
  assert.equal(emittedText(named('int32', 'io.debezium.time.Time'), num(1500)), '00:00:01.5');
  const zoned = named('string', 'io.debezium.time.ZonedTime');
  // timetz keeps its offset: 21:21:20-05 converted to 02:21:20Z names the same instant but a different value.
  assert.equal(same('time with time zone', '21:21:20-05', zoned, '02:21:20Z').equal, false);
  assert.equal(same('time with time zone', '02:21:20+00', zoned, '02:21:20Z').equal, true);
  assert.equal(same('time with time zone', '21:21:20.5+05:30', zoned, '21:21:20.500+05:30').equal, true);
});

test('MicroDuration: exact only without months, a day counting as 24 hours', () => {
  const duration = named('int64', 'io.debezium.time.MicroDuration');
  const hours = (h: number) => num(String(BigInt(h) * 3_600_000_000n));
  assert.deepEqual(same('interval', '1 day 02:00:00', duration, hours(26)), { equal: true, emitted: '26:00:00' });
  assert.equal(same('interval', '-00:00:01', duration, num(-1_000_000)).equal, true);
  assert.equal(same('interval', '00:00:00', duration, num(0)).equal, true);
  // Debezium counts a month as 30.4375 days: 1 mon comes out as 730.5 hours, and the month is gone.
  assert.equal(same('interval', '1 mon', duration, num('2629800000000')).equal, false);
  assert.equal(same('interval', '1 year 2 mons 3 days 04:05:06.789', duration, num('36993906789000')).equal, false);
  const iso = named('string', 'io.debezium.time.Interval');
  assert.equal(same('interval', '1 year 2 mons 3 days 04:05:06.789', iso, 'P1Y2M3DT4H5M6.789S').equal, true);
  assert.equal(same('interval', '-1 years -2 mons +3 days -04:05:06', iso, 'P-1Y-2M3DT-4H-5M-6S').equal, true);
});

test('floats: real compared as float4, NaN and infinities as spelled', () => {
  assert.deepEqual(same('real', '1.77092e+11', named('float'), num('177092002000')), { equal: true, emitted: '1.77092e+11' });
  assert.equal(same('real', '1.77093e+11', named('float'), num('177092002000')).equal, false);
  assert.equal(same('double precision', '2059.8080063642615', named('double'), num('2059.8080063642615')).equal, true);
  assert.equal(same('double precision', '2059.808006364261', named('double'), num('2059.8080063642615')).equal, false);
  assert.equal(same('double precision', 'NaN', named('double'), 'NaN').equal, true);
  assert.equal(same('double precision', '-Infinity', named('double'), '-Infinity').equal, true);
  assert.equal(same('double precision', '-0', named('double'), num('0')).equal, false);
});

test('integers keep every digit', () => {
  assert.equal(same('bigint', '9223372036854775807', named('int64'), num('9223372036854775807')).equal, true);
  assert.equal(same('bigint', '9223372036854775807', named('int64'), num('9223372036854775806')).equal, false);
  assert.equal(same('bigint', '9223372036854775807', named('int64'), 9223372036854775807).equal, false, 'a JSON number read as a double');
});

test('bytea, boolean, char(n), inet and strings', () => {
  assert.deepEqual(same('bytea', '\\x26a7d65e', named('bytes'), 'JqfWXg=='), { equal: true, emitted: '\\x26a7d65e' });
  assert.equal(same('bytea', '\\x', named('bytes'), '').equal, true);
  assert.equal(same('bytea', '\\x26a7d65f', named('bytes'), 'JqfWXg==').equal, false);
  assert.equal(same('boolean', 't', named('boolean'), true).equal, true);
  assert.equal(same('boolean', 'false', named('boolean'), true).equal, false);
  assert.equal(same('character(10)', 'Mills', named('string'), 'Mills     ').equal, true);
  assert.equal(same('character varying(10)', 'Mills', named('string'), 'Mills     ').equal, false);
  assert.equal(same('inet', '10.0.0.1/32', named('string'), '10.0.0.1').equal, true);
  assert.equal(same('inet', '10.0.0.1/24', named('string'), '10.0.0.1').equal, false);
  assert.equal(same('inet', '::1/128', named('string'), '::1').equal, true);
});

test('arrays: element by element, NULLs and quoting included, flattened dimensions changed', () => {
  const texts: ConnectSchema = { type: 'array', items: named('string') };
  const emitted = [null, 'NULL', 'a"b', '', 'x y', 'back\\slash'];
  const literal = '{NULL,"NULL","a\\"b","","x y","back\\\\slash"}';
  assert.equal(emittedText(texts, emitted), literal);
  assert.deepEqual(same('text', literal, texts, emitted, true), { equal: true, emitted: literal });
  assert.equal(same('text', '{"NULL",NULL,"a\\"b","","x y","back\\\\slash"}', texts, emitted, true).equal, false);
  assert.equal(same('text', '{}', texts, [], true).equal, true);
  assert.equal(same('text', '{a}', texts, ['a', 'b'], true).equal, false);
  const decimals: ConnectSchema = { type: 'array', items: named('bytes', 'org.apache.kafka.connect.data.Decimal', { scale: '2' }) };
  assert.equal(same('numeric', '{1234.56,NULL,-1.5}', decimals, ['AeJA', null, '/2o='], true).equal, true);
  const ints: ConnectSchema = { type: 'array', items: named('int32') };
  assert.equal(same('integer', '{{1,2},{3,4}}', ints, [null, null], true).equal, false);
  assert.equal(same('integer', '{1,2}', ints, 'not an array', true).equal, false);
  assert.equal(same('integer', '{1,2}', named('string'), '{1,2}', true).equal, true, 'an array emitted as its literal');
});

test('JSON and hstore compared as values', () => {
  const json = named('string', 'io.debezium.data.Json');
  assert.equal(same('json', '{"a": 1, "b": [1.50, null]}', json, '{"b":[1.5,null],"a":1}').equal, true);
  assert.equal(same('jsonb', '{"a": 12345678901234567890123}', json, '{"a":12345678901234567890124}').equal, false);
  assert.equal(same('jsonb', '{"a": "1"}', json, '{"a":1}').equal, false);
  assert.equal(same('json', '{"a": 1, "a": 2}', json, '{"a": 1, "a": 2}').equal, true, 'duplicate keys: compared as text');
  const hstore = '"a"=>"1", "b\\"q"=>NULL, "c"=>"x, y"';
  assert.equal(same('hstore', hstore, json, '{"c":"x, y","a":"1","b\\"q":null}').equal, true);
  assert.equal(same('hstore', hstore, json, '{"c":"x, y","a":"1","b\\"q":"NULL"}').equal, false);
  assert.equal(same('hstore', hstore, json, '{"a":"1"}').equal, false);
  assert.equal(same('hstore', '', json, '{}').equal, true);
});

test('Bits: little-endian BitSet bytes; bit(n) padded to its length, bit varying loses leading zeros', () => {
  const bits = (length: number) => named('bytes', 'io.debezium.data.Bits', { length: String(length) });
  assert.equal(same('bit(12)', '111001101011', bits(12), 'aw4=').equal, true);
  assert.equal(same('bit(12)', '001110011111', bits(12), 'nwM=').equal, true);
  assert.equal(same('bit(12)', '000000000000', bits(12), '').equal, true);
  assert.deepEqual(same('bit varying(64)', '00010110', bits(64), 'Fg=='), { equal: false, emitted: '10110' });
  assert.equal(same('bit varying(64)', '10110', bits(64), 'Fg==').equal, true);
});

test('Point: x and y as point prints them', () => {
  const point: ConnectSchema = { type: 'struct', name: 'io.debezium.data.geometry.Point' };
  const value = { x: num('3.550830236636102e-13'), y: num('-39.355681'), wkb: 'AQ==', srid: null };
  assert.deepEqual(same('point', '(3.550830236636102e-13,-39.355681)', point, value), { equal: true, emitted: '(3.550830236636102e-13,-39.355681)' });
  assert.equal(same('point', '(3.550830236636102e-13,-39.35568)', point, value).equal, false);
});

test('NULL: equal only to NULL; a missing value is NULL', () => {
  assert.deepEqual(same('integer', null, named('int32'), null), { equal: true, emitted: 'null' });
  assert.equal(same('integer', null, named('int32'), undefined).equal, true);
  assert.equal(same('integer', null, named('int32'), num(0)).equal, false);
  assert.equal(same('integer', '0', named('int32'), null).equal, false);
  assert.equal(same('text', '', named('string'), null).equal, false);
  assert.equal(emittedText(named('int32'), null), null);
});

test('what nothing decodes falls back to compact JSON, never throws, and is shown short', () => {
  assert.deepEqual(same('mytype', 'abc', named('string', 'com.example.Unknown'), 'abc'), { equal: true, emitted: 'abc' });
  const struct = same('cdcsizer_address', '(a,1)', named('struct', 'com.example.Address'), { street: 'a', no: num(1) });
  assert.deepEqual(struct, { equal: false, emitted: '{"street":"a","no":1}' });
  assert.equal(same('numeric(12,2)', '1.00', named('bytes', 'org.apache.kafka.connect.data.Decimal', { scale: '2' }), '%%not base64').equal, false);
  assert.equal(same('date', '2024-01-01', named('int32', 'io.debezium.time.Date'), 'soon').equal, false);
  assert.equal(same('integer', '1', named('int32', 'constructor'), num(1)).equal, true, 'a logical name that is an Object property');
  assert.equal(same('integer', '1', named('int32'), { unexpected: [1, 2] }).equal, false);
  const long = same('text', 'x', named('string'), 'y'.repeat(500)).emitted;
  assert.equal([...long].length, 120);
  assert.ok(long.endsWith('…'));
});
