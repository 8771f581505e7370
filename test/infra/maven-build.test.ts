import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

// A connector version never built here, so ensureFlinkArtifacts must reach for the tools.
const script = `import('./dist/src/infra/flink/maven-build.js').then((m) => m.ensureFlinkArtifacts('0.0.0-never-built')).then(() => console.log('built'), (e) => console.log(e.name + ': ' + e.message))`;
const bin = mkdtempSync(path.join(tmpdir(), 'cdc-sizer-path-'));
after(() => rmSync(bin, { recursive: true, force: true }));

function withPath(dirs: string[]): string {
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, PATH: dirs.join(':') }, cwd: process.cwd() });
  return r.stdout.trim();
}

test('a missing Java is one line naming the fix', () => {
  assert.equal(withPath([path.join(bin, 'nothing-here')]), 'InfraError: java not found. Java (17 or newer) runs Flink: install a JDK, e.g. apt-get install openjdk-17-jdk-headless');
});

test('a missing Maven is one line naming the fix', () => {
  const java = spawnSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).stdout.trim();
  assert.ok(java, 'java is on this machine');
  symlinkSync(java, path.join(bin, 'java'));
  assert.equal(withPath([bin]), 'InfraError: mvn not found. Maven builds the Flink job: install it, e.g. apt-get install maven');
});
