// Serialises commands on one aggregate inside this process, so concurrent updates of a hot user queue up
// instead of colliding on the sequence guard and burning retries. Other processes are still kept apart
// by the guard in push-statement.ts.

export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      // Forget the key once nobody queued behind us, so the map does not grow with every user ever touched.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
