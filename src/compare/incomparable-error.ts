/** Two results that cannot be compared (other scenario, scale, no common point): the command makes it a usage error. */
export class IncomparableError extends Error {
  override name = 'IncomparableError';
}
