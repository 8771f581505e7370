/** The target database is not one generate may write into (tables it did not create, name clashes). Exit code 2. */
export class UnsafeTargetError extends Error {
  override name = 'UnsafeTargetError';
}
