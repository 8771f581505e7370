import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { xmlCanonical, xmlEscapeAttr, xmlEscapeText, xmlFamily } from '../../../src/datagen/types/xml.js';

const t = xmlFamily.resolve({ base: 'xml', args: [], arrayDims: 0 });
const src = () => {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(2);
  return { rng: new Rng(2), faker };
};

// Expected strings below are what PostgreSQL 15 printed for the same input text.

test('content is printed verbatim, whitespace and CR included', () => {
  for (const s of ['<a>x\r\ny</a>  ', '  ', '', 'text <b>bold</b> tail', '<a b="1" c=\'2\'/>']) assert.equal(xmlCanonical(s), s);
});

test('a default XML declaration is dropped, others are reprinted', () => {
  assert.equal(xmlCanonical('<?xml version="1.0"?><a/>'), '<a/>');
  assert.equal(xmlCanonical('<?xml version="1.0" encoding="UTF-8"?>\n<a/>'), '<a/>');
  assert.equal(
    xmlCanonical("<?xml version='1.0' encoding='utf-8' standalone='yes'?><a/>"),
    '<?xml version="1.0" standalone="yes"?><a/>',
  );
  assert.ok(t.edges().some((e) => xmlCanonical(e) !== e));
});

test('escaping helpers', () => {
  assert.equal(xmlEscapeText('a & b < c > d "e"'), 'a &amp; b &lt; c &gt; d "e"');
  assert.equal(xmlEscapeAttr(`say "it's"`), 'say &quot;it\'s&quot;');
  assert.equal(xmlEscapeAttr(`say "it's"`, "'"), 'say "it&apos;s"');
  // Control characters XML cannot carry are dropped; tab, LF and CR stay.
  assert.equal(xmlEscapeText('a\u0001b\tc\nd\re'), 'ab\tc\nd\re');
});

test('generated documents: well-formed-looking, varied, no forbidden characters', () => {
  const s = src();
  const docs = Array.from({ length: 500 }, () => t.generate(s, undefined));
  assert.ok(new Set(docs).size > 480);
  for (const d of docs) {
    assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(d));
    assert.equal(t.canonical(d), d);
  }
  assert.ok(docs.some((d) => d.includes('<![CDATA[')));
  assert.ok(docs.some((d) => d.includes('&amp;')));
  assert.equal(t.keyable, false);
});

test('width knob: exact byte size', () => {
  const s = src();
  for (const w of [5_000, 300_000]) {
    const d = t.generate(s, { min: w, max: w });
    assert.equal(Buffer.byteLength(d), w);
    assert.ok(d.startsWith('<export') && d.endsWith('</note></export>'));
  }
});
