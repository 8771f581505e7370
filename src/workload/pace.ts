import type { MergedSchedule } from './schedule.js';

/** Time as the pacer sees it: real in a run, fake in the tests. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PaceOutcome {
  /** Transactions started (each ran to commit or failure). */
  started: number;
  /** Seconds from start to stop. */
  seconds: number;
}

/**
 * Runs transactions on `connections` workers at the schedule's due times until `stopped()`: each
 * worker takes the next due transaction, waits for its time if early, runs it, and takes the next.
 * A worker that is late runs at once, so the schedule is caught up if the source allows.
 * `run` gets the group and the transaction's index; it rejects to stop the workload.
 */
export async function pace(schedule: MergedSchedule, connections: number, run: (worker: number, group: number, k: number) => Promise<void>, stopped: () => boolean, clock: Clock = realClock): Promise<PaceOutcome> {
  const start = clock.now();
  let started = 0;
  let failed = false;
  const worker = async (w: number) => {
    while (!stopped() && !failed) {
      const next = schedule.take();
      const wait = start + next.due * 1000 - clock.now();
      // A long wait is cut into slices, so that a stop is seen within a quarter second.
      if (wait > 0) {
        await sleepUntil(clock, start + next.due * 1000, stopped);
        if (stopped()) break;
      }
      started++;
      try {
        await run(w, next.group, next.k);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  return { started, seconds: (clock.now() - start) / 1000 };
}

async function sleepUntil(clock: Clock, at: number, stopped: () => boolean): Promise<void> {
  for (let left = at - clock.now(); left > 0 && !stopped(); left = at - clock.now()) await clock.sleep(Math.min(left, 250));
}
