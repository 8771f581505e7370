import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobJdbcUrl, loadUrl, parseSinkUrl, sinkDisplay, sinkEndpointOf, SinkUrlError } from '../../src/sink/sink-url.js';

test('mysql, postgres and starrocks URLs: host, port, user, password and defaults', () => {
  assert.deepEqual(parseSinkUrl('mysql://root@127.0.0.1:3306'), { kind: 'mysql', host: '127.0.0.1', port: 3306, user: 'root' });
  assert.deepEqual(parseSinkUrl('mariadb://app:s%40cret@db.example'), { kind: 'mysql', host: 'db.example', port: 3306, user: 'app', password: 's@cret' });
  assert.deepEqual(parseSinkUrl('postgres://me@pg:6432/ops'), { kind: 'postgres', host: 'pg', port: 6432, user: 'me', maintenanceDatabase: 'ops' });
  assert.deepEqual(parseSinkUrl('postgresql://pg'), { kind: 'postgres', host: 'pg', port: 5432, user: 'postgres', maintenanceDatabase: 'postgres' });
  assert.deepEqual(parseSinkUrl('starrocks://root@fe:9030?http=8040'), { kind: 'starrocks', host: 'fe', port: 9030, user: 'root', httpPort: 8040 });
  assert.equal(parseSinkUrl('starrocks://root@fe').httpPort, 8030);
});

test('bad URLs are refused in one line without the password', () => {
  const refused = (url: string, re: RegExp) => assert.throws(() => parseSinkUrl(url), (e: Error) => e instanceof SinkUrlError && re.test(e.message) && !e.message.includes('hunter2') && !e.message.includes('\n'));
  refused('not a url', /not a URL/);
  refused('redis://u:hunter2@h:6379', /redis:\/\/.*not a sink/);
  refused('mysql://u:hunter2@h:3306/appdb', /names the database "appdb"/);
  refused('starrocks://u:hunter2@fe:9030?http=port', /http=port is not a port/);
  refused('mysql://u:hunter2@h?ssl=1', /unknown parameter ssl/);
});

test('the job gets a JDBC URL without the password; StarRocks its FE HTTP address', () => {
  const my = parseSinkUrl('mysql://root:pw@10.0.0.5:3307');
  assert.equal(jobJdbcUrl(my, 'cdcsizer_ab12cd'), 'jdbc:mariadb://10.0.0.5:3307/');
  assert.equal(jobJdbcUrl(parseSinkUrl('postgres://u:pw@h:5433/postgres'), 'odd db'), 'jdbc:postgresql://h:5433/odd%20db');
  const sr = parseSinkUrl('starrocks://root:pw@fe:9030?http=8030');
  assert.equal(jobJdbcUrl(sr, 'x'), 'jdbc:mariadb://fe:9030/');
  assert.equal(loadUrl(sr), 'fe:8030');
  assert.equal(sinkDisplay(sr), 'starrocks://root@fe:9030?http=8030');
  const e = sinkEndpointOf('mysql://root:pw@h:3306');
  assert.equal(e.kind, 'mysql');
  assert.equal(e.urlFromFlink, e.url);
  assert.ok(!e.display.includes('pw@'));
});
