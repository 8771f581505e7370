import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import {
  JsonNumber,
  JsonObject,
  jsonFamily,
  jsonText,
  jsonbCanonical,
  numericText,
  type JsonDoc,
  type JsonValue,
} from '../../../src/datagen/types/json.js';

const json = jsonFamily.resolve({ base: 'json', args: [], arrayDims: 0 });
const jsonb = jsonFamily.resolve({ base: 'jsonb', args: [], arrayDims: 0 });
const n = (t: string) => new JsonNumber(t);
const o = (...entries: Array<[string, JsonValue]>) => new JsonObject(entries);
const src = (seed = 1) => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  return { rng: new Rng(seed), faker };
};

// Expected strings below are what PostgreSQL 15 printed for the same input text.

test('jsonb sorts keys by byte length, then bytewise', () => {
  const v = o(['bbb', n('1')], ['aa', n('2')], ['c', n('3')], ['a', n('4')], ['B', n('5')], ['é', n('6')], ['ab', n('7')], ['', n('8')]);
  assert.equal(jsonText(v, 'compact'), '{"bbb":1,"aa":2,"c":3,"a":4,"B":5,"é":6,"ab":7,"":8}');
  assert.equal(jsonbCanonical(v), '{"": 8, "B": 5, "a": 4, "c": 3, "aa": 2, "ab": 7, "é": 6, "bbb": 1}');
  const nested = o(['k', o(['z', []], ['y', o()])], ['😀', null], ['～', true]);
  assert.equal(jsonbCanonical(nested), '{"k": {"y": {}, "z": []}, "～": true, "😀": null}');
});

test('duplicate keys: json keeps the text, jsonb keeps the last', () => {
  const doc: JsonDoc = { value: o(['a', n('1')], ['b', n('2')], ['a', n('3')]), layout: 'compact' };
  assert.equal(json.canonical(doc), '{"a":1,"b":2,"a":3}');
  assert.equal(jsonb.canonical(doc), '{"a": 3, "b": 2}');
  assert.equal(json.literal(doc), jsonb.literal(doc));
});

test('numbers print as numeric text', () => {
  const v = ['1e3', '-1.5E-3', '2.50e+1', '-0', '-0.0', '0.000001', '1.50'].map(n);
  assert.equal(jsonbCanonical(v), '[1000, -0.0015, 25.0, 0, 0.0, 0.000001, 1.50]');
  assert.equal(numericText('12345678901234567890123'), '12345678901234567890123');
  assert.equal(numericText('-12.5'), '-12.5');
  assert.equal(numericText('1.0E+2'), '100');
  assert.equal(numericText('123e-5'), '0.00123');
});

test('string escapes: ascii layout in, PostgreSQL escapes out', () => {
  const s = 'quote" backslash\\ slash/ \b\f\n\r\t \u0001\u001f del\u007f é 😀';
  assert.equal(
    jsonText(s, 'ascii'),
    '"quote\\" backslash\\\\ slash\\/ \\b\\f\\n\\r\\t \\u0001\\u001F del\\u007F \\u00E9 \\uD83D\\uDE00"',
  );
  assert.equal(jsonbCanonical(s), '"quote\\" backslash\\\\ slash/ \\b\\f\\n\\r\\t \\u0001\\u001f del\u007f é 😀"');
});

test('layouts: json canonical is the literal, jsonb canonical is one form', () => {
  const v = o(['b', [n('1'), n('2')]], ['a', o(['x', null])]);
  const texts = {
    compact: '{"b":[1,2],"a":{"x":null}}',
    spaced: '{"b": [1, 2], "a": {"x": null}}',
    pretty: '{\n  "b": [\n    1,\n    2\n  ],\n  "a": {\n    "x": null\n  }\n}',
    tabbed: '{\r\n\t"b": [\r\n\t\t1,\r\n\t\t2\r\n\t],\r\n\t"a": {\r\n\t\t"x": null\r\n\t}\r\n}',
    ascii: '{"b":[1,2],"a":{"x":null}}',
    padded: '  {"b": [1, 2], "a": {"x": null}}\n',
  } as const;
  for (const [layout, text] of Object.entries(texts)) {
    const doc: JsonDoc = { value: v, layout: layout as JsonDoc['layout'] };
    assert.equal(json.literal(doc), text);
    assert.equal(json.canonical(doc), text);
    assert.equal(jsonb.canonical(doc), '{"a": {"x": null}, "b": [1, 2]}');
  }
});

test('edges include the empty containers, scalars, JSON null and deep nesting', () => {
  const lits = jsonb.edges().map(jsonb.literal);
  for (const e of ['{}', '[]', '"a scalar string"', 'null']) assert.ok(lits.includes(e), e);
  assert.ok(lits.some((l) => l.startsWith('['.repeat(100))));
  assert.equal(json.keyable, false);
  assert.equal(jsonb.keyable, true);
});

test('generated documents are varied and jsonb never repeats keys', () => {
  const s = src();
  const docs = Array.from({ length: 300 }, () => jsonb.generate(s, undefined));
  assert.ok(new Set(docs.map(jsonb.canonical)).size > 290);
  const walk = (v: JsonValue): void => {
    if (v instanceof JsonObject) {
      assert.equal(new Set(v.entries.map(([k]) => k)).size, v.entries.length);
      v.entries.forEach(([, x]) => walk(x));
    } else if (Array.isArray(v)) v.forEach(walk);
  };
  docs.forEach((d) => walk(d.value));
  // Every number is written so that json text and jsonb numeric text agree.
  const nums: string[] = [];
  const collect = (v: JsonValue): void => {
    if (v instanceof JsonNumber) nums.push(v.text);
    else if (v instanceof JsonObject) v.entries.forEach(([, x]) => collect(x));
    else if (Array.isArray(v)) v.forEach(collect);
  };
  docs.forEach((d) => collect(d.value));
  for (const t of nums) assert.equal(numericText(t), t);
  assert.ok(nums.some((t) => t.startsWith('-')) && nums.some((t) => t.includes('.')));
});

test('width knob: exact byte size for TOAST-sized documents, cheaply', () => {
  const s = src();
  for (const t of [json, jsonb]) {
    const doc = t.generate(s, { min: 50_000, max: 50_000 });
    assert.equal(Buffer.byteLength(t.canonical(doc)), 50_000);
    assert.equal(Buffer.byteLength(t.literal(doc)), 50_000);
  }
  const started = Date.now();
  const big = jsonb.generate(s, { min: 1_000_000, max: 1_000_000 });
  assert.equal(Buffer.byteLength(jsonb.canonical(big)), 1_000_000);
  assert.ok(Date.now() - started < 3000);
});
