import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faker, en, base } from '@faker-js/faker';
import { Rng } from '../../../src/scenario/rng.js';
import { TypeRequestError } from '../../../src/datagen/types/type-family.js';
import { MONEY_MAX_CENTS, MONEY_MIN_CENTS, formatMoney, moneyFamily, moneyLiteral } from '../../../src/datagen/types/money.js';

// Expected strings were read back from PostgreSQL 15 with lc_monetary = 'C'.
test('formatMoney matches money output', () => {
  assert.equal(formatMoney(123456n), '$1,234.56');
  assert.equal(formatMoney(-123456n), '-$1,234.56');
  assert.equal(formatMoney(0n), '$0.00');
  assert.equal(formatMoney(1n), '$0.01');
  assert.equal(formatMoney(-1n), '-$0.01');
  assert.equal(formatMoney(99999n), '$999.99');
  assert.equal(formatMoney(100000n), '$1,000.00');
  assert.equal(formatMoney(MONEY_MIN_CENTS), '-$92,233,720,368,547,758.08');
  assert.equal(formatMoney(MONEY_MAX_CENTS), '$92,233,720,368,547,758.07');
});

test('money literals are plain decimals', () => {
  assert.equal(moneyLiteral(-123456n), '-1234.56');
  assert.equal(moneyLiteral(5n), '0.05');
  assert.equal(moneyLiteral(MONEY_MIN_CENTS), '-92233720368547758.08');
});

test('money edges and generated values stay in range', () => {
  const t = moneyFamily.resolve({ base: 'money', args: [], arrayDims: 0 });
  assert.equal(t.sql, 'money');
  assert.ok(t.edges().includes(MONEY_MIN_CENTS) && t.edges().includes(MONEY_MAX_CENTS));
  const rng = new Rng(5);
  const faker = new Faker({ locale: [en, base] });
  for (let i = 0; i < 2000; i++) {
    const v = t.generate({ rng, faker }, undefined);
    assert.ok(v >= MONEY_MIN_CENTS && v <= MONEY_MAX_CENTS);
  }
});

test('money takes no arguments', () => {
  assert.throws(() => moneyFamily.resolve({ base: 'money', args: [2], arrayDims: 0 }), TypeRequestError);
});
