import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeNote, maskMessageValues, maskValue } from '../../src/fidelity/value-shape.js';

test('a masked value keeps its shape and none of its letters or digits', () => {
  assert.equal(maskValue('13:45:07.123456'), '99:99:99.999999');
  assert.equal(maskValue('$1,234.56'), '$9,999.99');
  assert.equal(maskValue('Jane Doe <jane.doe@example.com>'), 'Xxxx Xxx <xxxx.xxx@xxxxxxx.xxx>');
  assert.equal(maskValue('{"name": "Zoë", "n": 42}'), '{"xxxx": "Xxx", "x": 99}');
  assert.equal(maskValue('Ärger 東京 ٣'), 'Xxxxx xx 9', 'letters and digits of any script');
  for (const secret of ['Jane', '1234', 'Zoë', '東京']) assert.ok(!maskValue(`x ${secret} y`).includes(secret));
});

test('the change note says where two values differ, in positions and lengths only', () => {
  assert.equal(changeNote('13:45:07.123456', '13:45:07.123'), 'the last 3 characters of 15 cut');
  assert.equal(changeNote('1.5', '1.50'), '1 character appended to 3');
  assert.equal(changeNote('007', '7'), 'the first 2 characters of 3 cut');
  assert.equal(changeNote('7', '007'), '2 characters prepended to 1');
  assert.equal(changeNote('12:00:00+00', '14:00:00+02'), '2 of 11 characters differ, the first at 2');
  assert.equal(changeNote('abc', 'abd'), '1 of 3 characters differ, at 3');
  assert.equal(changeNote('ABC-def', 'abc-def'), 'letter case changed');
  assert.equal(changeNote('a  b', 'a b'), 'white space changed');
  assert.equal(changeNote('$1,234.56', '123456'), 'characters 1–7 of 9 became 4 characters');
  assert.equal(changeNote('ab', 'aXYb'), '2 characters inserted after character 1 of 2');
  assert.equal(changeNote('aXYb', 'ab'), 'characters 2–3 of 4 removed');
  assert.equal(changeNote(null, 'x'), 'NULL became 1 character');
  // Nothing of either value is in the note.
  assert.equal(changeNote('secret-x', 'secret-y'), '1 of 8 characters differ, at 8');
});

test('an error message keeps its words and names and masks the values it quotes', () => {
  assert.equal(maskMessageValues('org.postgresql.util.PSQLException: Bad value for type double : -92,233,720,368,547,758.08\n\tat org.postgresql.jdbc.PgResultSet.toDouble(PgResultSet.java:3232)'), 'org.postgresql.util.PSQLException: Bad value for type double : -99,999,999,999,999,999.99\n\tat org.postgresql.jdbc.PgResultSet.toDouble(PgResultSet.java:3232)');
  assert.equal(maskMessageValues('java.lang.NumberFormatException: For input string: "12a"'), 'java.lang.NumberFormatException: For input string: "99x"');
  assert.equal(maskMessageValues('ERROR: duplicate key value violates unique constraint "users_pkey"\n  Detail: Key (email)=(jane@example.com) already exists.'), 'ERROR: duplicate key value violates unique constraint "users_pkey"\n  Detail: Key (email)=(xxxx@xxxxxxx.xxx) already exists.');
  assert.equal(maskMessageValues('ERROR: relation "app.orders" does not exist; column "id" of table "t1": can\'t read \'Jane\''), 'ERROR: relation "app.orders" does not exist; column "id" of table "t1": can\'t read \'Xxxx\'');
  assert.equal(maskMessageValues('Failing row contains (7, Jane, null).'), 'Failing row contains (9, Xxxx, xxxx).');
  assert.equal(maskMessageValues('java.lang.IllegalStateException: snapshot split public.odd|name:3 failed after 3 attempts'), 'java.lang.IllegalStateException: snapshot split public.odd|name:3 failed after 3 attempts');
});
