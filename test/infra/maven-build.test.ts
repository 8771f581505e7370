import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { mavenError } from '../../src/infra/flink/maven-build.js';

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

test('a compile error is reported by its file and line, not by Maven\'s heading', () => {
  const output = ['\x1b[0m\x1b[0m[ERROR] COMPILATION ERROR : ', '[INFO] -------------', '[ERROR] /work/flink-job/job/src/main/java/dev/cdcsizer/job/X.java:[52,33] incompatible types: Picked cannot be converted to String[]', '[ERROR] -> [Help 1]'].join('\n');
  assert.equal(mavenError(output), '/work/flink-job/job/src/main/java/dev/cdcsizer/job/X.java:[52,33] incompatible types: Picked cannot be converted to String[]');
  assert.equal(mavenError('[ERROR] Failed to execute goal on project x: Could not resolve dependencies\n'), 'Failed to execute goal on project x: Could not resolve dependencies');
});
