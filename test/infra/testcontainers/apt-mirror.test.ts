import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mirrorFromAptSources } from '../../../src/infra/testcontainers/apt-mirror.js';

test('the mirror from a deb822 .sources file, security archive skipped', () => {
  const sources = 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\n';
  assert.equal(mirrorFromAptSources([sources], 'bookworm'), 'http://deb.debian.org/debian');
});

test('the mirror from a one-line sources.list, options and trailing slash allowed; none for another suite', () => {
  const list = '# comment\ndeb [arch=amd64] http://mirror.example/debian/ bookworm main\ndeb http://security.debian.org/debian-security bookworm-security main\n';
  assert.equal(mirrorFromAptSources([list], 'bookworm'), 'http://mirror.example/debian');
  assert.equal(mirrorFromAptSources([list], 'trixie'), undefined);
  assert.equal(mirrorFromAptSources(['Types: deb\nURIs: http://x/debian\nSuites: bookworm\nEnabled: no\n'], 'bookworm'), undefined);
});
