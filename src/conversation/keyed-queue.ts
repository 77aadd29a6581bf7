/**
 * Runs work one at a time per key, in arrival order; different keys run side by side.
 * A failed task fails only its own caller: the next one for the key still runs.
 * A key with nothing queued holds no memory.
 *
 *   const queue = createKeyedQueue();
 *   await Promise.all([queue.run('web:a', turn1), queue.run('web:a', turn2)]); // turn2 starts after turn1 ends
 */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with work queued or running (for tests and diagnostics). */
  size(): number;
}

export function createKeyedQueue(): KeyedQueue {
  // The settled tail of each key's chain: the next task starts when it resolves.
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const before = tails.get(key) ?? Promise.resolve();
      const result = before.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // The last task of a key removes the key when it ends (unless another was queued meanwhile).
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    size: () => tails.size,
  };
}
