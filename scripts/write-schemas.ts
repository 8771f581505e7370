/** Writes schemas/*.schema.json from the zod schemas that define the result files. */
import { writeFileSync } from 'node:fs';
import { estimateResultJsonSchema } from '../src/model/estimate-result.js';
import { runResultJsonSchema } from '../src/model/run-result.js';
import { streamCapacityResultJsonSchema } from '../src/model/stream-capacity.js';
import { tuneResultJsonSchema } from '../src/tune/tune-result.js';

for (const [file, schema] of [
  ['schemas/run-result.schema.json', runResultJsonSchema()],
  ['schemas/estimate-result.schema.json', estimateResultJsonSchema()],
  ['schemas/stream-capacity-result.schema.json', streamCapacityResultJsonSchema()],
  ['schemas/tune-result.schema.json', tuneResultJsonSchema()],
] as const) {
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}
