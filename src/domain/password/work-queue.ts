// A bounded queue for expensive work: at most `maxConcurrent` tasks run at once, at most `maxQueue` wait,
// and a task beyond that is refused at once with `onFull()` rather than piling up memory and latency.
// Password hashing is deliberately slow, so without this bound a burst of logins could queue minutes of
// work and exhaust memory (argon2 takes tens of MiB per hash).

export interface WorkQueueOptions {
  maxConcurrent: number;
  maxQueue: number;
  /** The error a refused task rejects with. */
  onFull: () => Error;
}

export interface WorkQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly running: number;
  readonly waiting: number;
}

export function createWorkQueue({ maxConcurrent, maxQueue, onFull }: WorkQueueOptions): WorkQueue {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new Error(`maxConcurrent must be an integer ≥ 1, got ${maxConcurrent}`);
  if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new Error(`maxQueue must be an integer ≥ 0, got ${maxQueue}`);

  let running = 0;
  const waiting: Array<() => void> = [];

  const start = <T>(task: () => Promise<T>): Promise<T> => {
    running += 1;
    let result: Promise<T>;
    try {
      result = Promise.resolve(task());
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.finally(() => {
      running -= 1;
      waiting.shift()?.();
    });
  };

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      if (running < maxConcurrent) return start(task);
      if (waiting.length >= maxQueue) return Promise.reject(onFull());
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => void start(task).then(resolve, reject));
      });
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
