import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from '../../src/conversation/keyed-queue.js';

/** A task that records its start and end, and finishes when `release` is called. */
function gated(name: string, events: string[]) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const task = async () => {
    events.push(`start ${name}`);
    await gate;
    events.push(`end ${name}`);
    return name;
  };
  return { task, release };
}

describe('conversation/keyed-queue', () => {
  it('runs tasks of one key one after another, in arrival order', async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    const a = gated('a', events);
    const b = gated('b', events);
    const ra = queue.run('k', a.task);
    const rb = queue.run('k', b.task);
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual(['start a']);
    a.release();
    b.release();
    expect(await Promise.all([ra, rb])).toEqual(['a', 'b']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('runs tasks of different keys side by side', async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    const a = gated('a', events);
    const b = gated('b', events);
    const ra = queue.run('k1', a.task);
    const rb = queue.run('k2', b.task);
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual(['start a', 'start b']);
    b.release();
    expect(await rb).toBe('b');
    a.release();
    expect(await ra).toBe('a');
  });

  it('fails only the failing task: the next one of the key still runs', async () => {
    const queue = createKeyedQueue();
    const failed = queue.run('k', () => Promise.reject(new Error('boom')));
    const next = queue.run('k', async () => 'after');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('after');
  });

  it('forgets a key once its last task ends', async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    const a = gated('a', events);
    const run = queue.run('k', a.task);
    expect(queue.size()).toBe(1);
    a.release();
    await run;
    await new Promise((r) => setTimeout(r, 0));
    expect(queue.size()).toBe(0);
  });
});
