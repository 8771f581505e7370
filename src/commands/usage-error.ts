/** A command line that cannot be right (unknown action, bad option value). Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
