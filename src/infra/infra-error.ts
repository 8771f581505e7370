/** The environment failed: a server unreachable, a binary missing, a process that would not start (exit code 3). */
export class InfraError extends Error {
  override name = 'InfraError';
}
