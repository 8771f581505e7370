/** Something wrong in a scenario file; `where` is `file:line` or a field path, the message says how to fix it. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
  }
}
