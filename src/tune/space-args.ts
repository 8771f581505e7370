import { UsageError } from '../commands/usage-error.js';
import { reservedOptionMessage } from '../engines/flink-cdc/reserved-options.js';
import { isKnownOption } from './builder-options.js';
import { BACKFILL_SKIP, CHUNK_SIZE, defaultSpace, DEFAULT_VALUE, JOBS, PARALLELISM, type Dimension } from './search-space.js';

/**
 * `--space name=v1|v2|…` (repeatable) replaces or adds a dimension of the default space. A name is
 * chunk-size, a connector builder option or a debezium.* property; each bad one is one line.
 */
export function parseSpace(args: readonly string[], parallelisms: readonly number[], allowAtLeastOnce: boolean): Dimension[] {
  const space = defaultSpace(parallelisms, allowAtLeastOnce);
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? '' : arg.slice(0, eq).trim();
    const values = arg.slice(eq + 1).split('|').map((v) => v.trim()).filter((v) => v !== '');
    if (!name || values.length === 0) throw new UsageError(`--space needs name=value|value…, got "${arg}"`);
    if (name === PARALLELISM) throw new UsageError('--space cannot set parallelism: give it with --parallelism');
    const whole = name === CHUNK_SIZE || name === JOBS;
    if (!whole && !isKnownOption(name)) throw new UsageError(`--space: unknown option "${name}": use chunk-size, jobs, a connector option (scan.incremental.snapshot.chunk.size is chunk-size) or debezium.<property>`);
    const reserved = reservedOptionMessage(name, '--space');
    if (reserved) throw new UsageError(reserved);
    if (name === BACKFILL_SKIP && values.includes('true') && !allowAtLeastOnce) throw new UsageError(`--space ${BACKFILL_SKIP}=true gives up exactly-once for changes made during the snapshot: add --allow-at-least-once to search it`);
    if (whole && values.some((v) => !/^[1-9]\d*$/.test(v))) throw new UsageError(`--space ${name} takes whole numbers, got "${values.join('|')}"`);
    if (name === JOBS && !values.some((k) => parallelisms.some((p) => p % Number(k) === 0))) throw new UsageError(`--space jobs: each job needs a whole share of the readers; none of ${values.join('|')} divides --parallelism ${parallelisms.join(',')}`);
    if (!whole && values.some((v) => v.includes(',') && v !== DEFAULT_VALUE)) throw new UsageError(`--space ${name}: a value may not hold a comma, got "${values.join('|')}"`);
    const dim: Dimension = { name, values, why: 'given with --space' };
    const at = space.findIndex((d) => d.name === name);
    if (at >= 0) space[at] = dim;
    else space.push(dim);
  }
  return space;
}
