import { spawn } from 'node:child_process';
import { InfraError } from './infra-error.js';

/**
 * Runs a build tool (Maven, debootstrap) to its end with its output collected, and turns a failure
 * into one line: `what` and the line of the output that says what broke (`explain` picks it).
 */
export function runTool(cmd: string, args: string[], what: string, explain: (output: string) => string, notFound = (err: Error) => err.message): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (err) => reject(new InfraError(`${what}: ${notFound(err)}`)));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new InfraError(`${what} (exit ${code}): ${explain(output)}`))));
  });
}

/** The last non-empty line of a tool's output. */
export const lastLine = (s: string): string => s.trim().split('\n').at(-1) ?? '';
