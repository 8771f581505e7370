/** Writes schemas/run-result.schema.json from the zod schema that defines result.json. */
import { writeFileSync } from 'node:fs';
import { runResultJsonSchema } from '../src/model/run-result.js';

writeFileSync('schemas/run-result.schema.json', `${JSON.stringify(runResultJsonSchema(), null, 2)}\n`);
process.stdout.write('wrote schemas/run-result.schema.json\n');
