import type { Logger } from './logger';

/** A loop that runs batches when kicked (an inbox applier): see startKickedLoop. */
export interface KickedLoop {
  /** Run now (after a row is stored); cheap, returns at once. */
  kick(): void;
  /** Resolves when the loop has nothing running. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `batch` until it takes nothing, each time it is kicked: a route kicks it right after its
 * INSERT commits, so work starts at once, not at a poll interval. Kicks while it runs fold into one
 * more pass; one pass runs at a time per process. When a pass ends, `nextWakeMs` (optional) says
 * when rows held back now (a retry's backoff, another instance's claim that may have died) become
 * due: the loop kicks itself then (an unref'd timer, so it never holds a process up). A batch that
 * throws (the database cannot be reached) ends the pass; the rows wait for the next kick, the
 * start-up kick or a sweeper.
 */
export function startKickedLoop(options: {
  logger: Logger;
  /** Said when a pass stops on an error (the log line's message). */
  failure: string;
  /** One batch: how many rows it took (0 = nothing waits). */
  batch: () => Promise<number>;
  nextWakeMs?: () => Promise<number | null>;
}): KickedLoop {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let wake: NodeJS.Timeout | null = null;

  const schedule = async () => {
    const ms = options.nextWakeMs ? await options.nextWakeMs() : null;
    if (ms === null || stopped) return;
    if (wake) clearTimeout(wake);
    wake = setTimeout(
      () => {
        wake = null;
        kick();
      },
      Math.max(10, Math.min(ms, 2_147_000_000)),
    );
    wake.unref();
  };

  const pass = async () => {
    do {
      again = false;
      try {
        while (!stopped && (await options.batch()) > 0) {
          /* next batch */
        }
        if (!again && !stopped) await schedule();
      } catch (err) {
        options.logger.error({ err }, options.failure);
        return;
      }
    } while (again && !stopped);
  };

  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = null;
    });
  };

  const drained = async () => {
    while (running) await running;
  };

  return {
    kick,
    drained,
    stop: async () => {
      stopped = true;
      if (wake) clearTimeout(wake);
      await drained();
    },
  };
}

/**
 * Waits until `loop` has nothing running and `hasPending` says no row waits (tests, after posting),
 * kicking it again while rows remain.
 */
export async function drainKickedLoop(
  loop: KickedLoop,
  hasPending: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await loop.drained();
    if (!(await hasPending())) return;
    if (Date.now() > deadline) throw new Error(`${what} did not drain in time`);
    loop.kick();
    await new Promise((ok) => setTimeout(ok, 10));
  }
}
