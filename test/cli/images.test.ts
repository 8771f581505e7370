import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCAL_IMAGES } from '../../src/infra/testcontainers/image-set.js';
import { assertOneLine, cliRunner } from '../support/cli.js';
import { dockerTest } from '../support/docker.js';

const cli = cliRunner();

dockerTest('images build keeps the images it finds by tag (cached) and says how to use them', async () => {
  const started = Date.now();
  const r = cli('images', 'build');
  assert.equal(r.status, 0, r.stderr);
  for (const tag of Object.values(LOCAL_IMAGES)) assert.match(r.stdout, new RegExp(`^${tag.replace(/[./]/g, '\\$&')}: already built \\(--force rebuilds\\)$`, 'm'));
  assert.match(r.stdout, /use them with: cdc-sizer run … --infra testcontainers --images local/);
  assert.ok(Date.now() - started < 60_000, 'nothing rebuilt');
});

dockerTest('images list names each role\'s official and local image and whether it is here', async () => {
  const r = cli('images', 'list');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^postgres: official postgres:16 \((here|not here)\); local cdc-sizer\/postgres:\S+ \(here\)$/m);
  assert.match(r.stdout, /^starrocks: official starrocks\/allin1-ubuntu:\S+ \((here|not here)\); local none \(no OS or Maven package\)$/m);
});

test('images: an unknown action or an image it cannot build is bad input, one line', () => {
  assertOneLine(cli('images', 'push'), 2, /^cdc-sizer: images: unknown action "push"; use build or list$/);
  assertOneLine(cli('images', 'build', '--only', 'starrocks'), 2, /--only: "starrocks" is not an image images build makes; choose from postgres, flink, mariadb \(StarRocks has no OS or Maven package to build one from\)/);
});

