/** The command ran, and what it checked said no (a failed or miscounted run). Exit code 1. */
export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
}
