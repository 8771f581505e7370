/**
 * Retrying a REST call through a passing outage: a JobManager restarting, a proxy reset, a cluster
 * busy enough to answer 503. The job runs on without us meanwhile; polling is only how we watch
 * it, so losing a multi-hour measurement to one refused connection would be wrong.
 */
export interface RetryPolicy {
  /** Wait before the second attempt; each later wait doubles, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** How long the calls may keep failing, from the first failure, before the outage is taken for real. */
  giveUpAfterMs: number;
}

/**
 * Five minutes: a JobManager failover or a rescheduled pod answers again within a minute or two,
 * so this rides those out with margin; a cluster that is really gone still fails the run within
 * minutes instead of after the hours the job would have taken.
 */
export const UNREACHABLE_GIVE_UP_MS = 5 * 60_000;

/** 1, 2, 4 … s between attempts, at most 30 s: quick to notice a recovery, without hammering a struggling cluster. */
export const POLL_RETRY: RetryPolicy = { firstDelayMs: 1000, maxDelayMs: 30_000, giveUpAfterMs: UNREACHABLE_GIVE_UP_MS };

/** One attempt only: for teardown (Ctrl-C), which must end soon whatever the cluster does. */
export const NO_RETRY: RetryPolicy = { firstDelayMs: 0, maxDelayMs: 0, giveUpAfterMs: 0 };

export interface OutageNotes {
  /** The first failure of an outage (said once, however many attempts follow). */
  down(err: unknown): void;
  /** The first answer after an outage. */
  back(downMs: number): void;
  /** The error to throw when the outage outlasts the policy. */
  giveUp(err: unknown, downMs: number): Error;
}

/** Calls `attempt` until it answers; errors that `transient` rejects are thrown at once. */
export async function retryTransient<T>(attempt: () => Promise<T>, transient: (err: unknown) => boolean, policy: RetryPolicy, notes: OutageNotes): Promise<T> {
  let downSince: number | undefined;
  let delay = policy.firstDelayMs;
  for (;;) {
    // An outage starts when the first failed attempt was sent: a call that timed out was down all along.
    const sent = Date.now();
    try {
      const answer = await attempt();
      if (downSince !== undefined) notes.back(Date.now() - downSince);
      return answer;
    } catch (err) {
      if (!transient(err)) throw err;
      const now = Date.now();
      if (downSince === undefined) {
        downSince = sent;
        notes.down(err);
      }
      const left = policy.giveUpAfterMs - (now - downSince);
      if (left <= 0) throw notes.giveUp(err, now - downSince);
      // The last wait is cut to the bound, so one more attempt lands right on it.
      await new Promise((r) => setTimeout(r, Math.min(delay, left)));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
