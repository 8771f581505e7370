import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COPY_NULL, copyEscape } from '../../src/datagen/copy-text.js';

test('copyEscape escapes the four characters COPY text format gives meaning to', () => {
  assert.equal(copyEscape('a\tb'), 'a\\tb');
  assert.equal(copyEscape('line1\nline2'), 'line1\\nline2');
  assert.equal(copyEscape('cr\rhere'), 'cr\\rhere');
  assert.equal(copyEscape('back\\slash'), 'back\\\\slash');
  assert.equal(copyEscape('\r\n\t\\'), '\\r\\n\\t\\\\');
});

test('copyEscape leaves everything else alone', () => {
  for (const s of ['', 'plain', "it's", 'say "hi"', 'a,b', '{x}', 'Crème 日本 😀', 'NULL', 'x']) {
    assert.equal(copyEscape(s), s);
  }
});

test('the text \\N is not the COPY NULL marker once escaped', () => {
  assert.equal(COPY_NULL, '\\N');
  assert.equal(copyEscape('\\N'), '\\\\N');
  assert.notEqual(copyEscape('\\N'), COPY_NULL);
  // `\.` alone on a line ends COPY data; escaped it is just the two characters.
  assert.equal(copyEscape('\\.'), '\\\\.');
});
