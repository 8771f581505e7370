import { EmbeddedPostgres } from '../infra/embedded/embedded-postgres.js';
import { UsageError } from './usage-error.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** db start|stop|status|destroy: keep the embedded server running between commands. */
export async function dbCommand(action: string): Promise<void> {
  const server = new EmbeddedPostgres().withLog(log);
  switch (action) {
    case 'start': {
      const started = await server.start();
      if (started.note) log(started.note);
      process.stdout.write(`${started.ownsServer ? 'started' : 'already running'}: ${started.pg.display} (state in ${started.stateDir}); commands without --pg-url use it until "cdc-sizer db stop"\n`);
      return;
    }
    case 'stop':
      process.stdout.write((await server.stop()) ? 'stopped\n' : 'not running\n');
      return;
    case 'status': {
      const s = await server.status();
      process.stdout.write(s.running ? `running: ${s.endpoint!.display} (state in ${s.stateDir})\n` : `not running (state in ${s.stateDir})\n`);
      return;
    }
    case 'destroy':
      await server.destroy();
      process.stdout.write('stopped and deleted the embedded server\'s data\n');
      return;
    default:
      throw new UsageError(`unknown db action "${action}"; use start, stop, status or destroy`);
  }
}
