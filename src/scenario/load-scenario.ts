import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z, ZodError } from 'zod';
import { expandScenario } from './expand-scenario.js';
import { ScenarioError } from './scenario-error.js';
import { scenarioSchema, type ScenarioFile } from './schema.js';
import type { ScenarioPlan } from './table-spec.js';

export interface LoadOptions {
  /** Overrides the scenario's own scale. */
  scale?: number;
}

/** Reads, validates and expands a scenario file; every problem is a ScenarioError naming file and line. */
export async function loadScenario(file: string, opts: LoadOptions = {}): Promise<ScenarioPlan> {
  const text = await readScenarioText(file);
  const parsed = parseScenarioText(text, file);
  return expandScenario(parsed, { file, scale: opts.scale });
}

async function readScenarioText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a scenario file' : String(err);
    throw new ScenarioError(file, `${why}; pass a scenario YAML file such as scenarios/smoke.yaml`);
  }
}

export function parseScenarioText(text: string, file: string): ScenarioFile {
  return parseYamlWith(scenarioSchema, text, file);
}

/** YAML text validated by a schema; every problem is a ScenarioError naming file and line. */
export function parseYamlWith<T>(schema: z.ZodType<T>, text: string, file: string): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lineCounter.linePos(yamlError.pos[0]);
    throw new ScenarioError(`${file}:${pos.line}:${pos.col}`, `invalid YAML: ${firstLine(yamlError.message)}`);
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) throw schemaError(result.error, doc, lineCounter, file);
  return result.data;
}

function schemaError(error: ZodError, doc: Document, lines: LineCounter, file: string): ScenarioError {
  const issue = error.issues[0]!;
  const path = formatPath(issue.path);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  const message = issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  return new ScenarioError(`${file}:${lineOf(doc, lines, issue.path)}`, `${path || '(top level)'}: ${message}${more}`);
}

/** The line of the deepest node on the path that exists in the document. */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}
