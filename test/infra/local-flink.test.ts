import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LocalFlink } from '../../src/infra/flink/local-flink.js';
import { ensureFlinkArtifacts } from '../../src/infra/flink/maven-build.js';

test('the local cluster removes the work folder it made for itself when it stops', async () => {
  const flink = await new LocalFlink(await ensureFlinkArtifacts()).withSlots(1).start();
  try {
    assert.ok(flink.logFile && existsSync(flink.logFile), `log ${flink.logFile}`);
    assert.match(path.basename(path.dirname(flink.logFile)), /^cdc-sizer-flink-/);
  } finally {
    await flink.release();
  }
  assert.equal(existsSync(path.dirname(flink.logFile!)), false, 'its folder is gone');
});
