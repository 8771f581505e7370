import type { CleanupFailure } from '../model/run-result.js';

/**
 * A release step could not remove what the command started or created (a server it could not
 * stop, a jar it could not delete). Carries what is left and the command that removes it, so the
 * one place that says cleanup failures (src/commands/cleanup.ts) can say it exactly.
 */
export class LeftBehindError extends Error {
  override name = 'LeftBehindError';
  constructor(readonly failure: CleanupFailure) {
    super(`${failure.what} ${failure.name} left behind: ${failure.error}`);
  }
}
