import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveLine } from '../../src/report/terminal/live-line.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, s: { isTTY, columns: 40, write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream };
}

test('on a terminal the line is rewritten in place, cut to the width, and cleared when done', () => {
  const { written, s } = stream(true);
  const line = new LiveLine(s);
  line.update('first');
  line.update('x'.repeat(100));
  line.done();
  assert.deepEqual(written, ['\r\x1b[Kfirst', `\r\x1b[K${'x'.repeat(39)}`, '\r\x1b[K']);
});

test('in a log the line is printed whole, at most once per interval, never at the first reading', async () => {
  const { written, s } = stream(false);
  const line = new LiveLine(s, 30);
  line.update('a');
  line.update('b');
  await new Promise((r) => setTimeout(r, 40));
  line.update('c');
  line.update('d');
  line.done();
  assert.deepEqual(written, ['c\n']);
});
