import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AnswerQueue, type QueueStorage, type Scheduler } from '../../../web/src/exam/answer-queue.js';
import type { AnswerAck, AnswerChange } from '../../../web/src/exam/answer-types.js';

class MemoryStorage implements QueueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** Timers that run only when the test calls runAll, to make retries deterministic. */
class ManualScheduler implements Scheduler {
  private next = 1;
  readonly timers = new Map<number, { callback: () => void; delayMs: number }>();
  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.next++;
    this.timers.set(id, { callback, delayMs });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get delays(): number[] {
    return [...this.timers.values()].map((timer) => timer.delayMs);
  }
  async runAll(): Promise<void> {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const timer of due) timer.callback();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A server that stores the highest version per question, as the exam API promises. */
class FakeExamServer {
  readonly stored = new Map<string, AnswerChange>();
  readonly seenKeys = new Map<string, AnswerAck>();
  readonly requests: AnswerChange[][] = [];
  online = true;
  closed = false;

  send = async (changes: AnswerChange[]): Promise<AnswerAck[]> => {
    this.requests.push(changes.map((change) => ({ ...change })));
    if (!this.online) throw new Error('network unreachable');

    return changes.map((change) => {
      const seen = this.seenKeys.get(change.idempotencyKey);
      if (seen !== undefined) return { ...seen, result: 'duplicate' as const };

      const storedVersion = this.stored.get(change.questionId)?.clientVersion ?? 0;
      let ack: AnswerAck;
      if (this.closed) {
        ack = { questionId: change.questionId, idempotencyKey: change.idempotencyKey, result: 'closed', storedVersion };
      } else if (change.clientVersion > storedVersion) {
        this.stored.set(change.questionId, change);
        ack = { questionId: change.questionId, idempotencyKey: change.idempotencyKey, result: 'stored', storedVersion: change.clientVersion };
      } else {
        ack = { questionId: change.questionId, idempotencyKey: change.idempotencyKey, result: 'stale', storedVersion };
      }
      this.seenKeys.set(change.idempotencyKey, ack);
      return ack;
    });
  };
}

function makeQueue(storage = new MemoryStorage(), server = new FakeExamServer(), scheduler = new ManualScheduler()) {
  let clientIds = 0;
  const queue = new AnswerQueue({
    attemptId: 'att_1',
    storage,
    send: server.send,
    scheduler,
    newClientId: () => `client${++clientIds}`,
    random: () => 0.5,
  });
  return { queue, storage, server, scheduler };
}

describe('AnswerQueue', () => {
  it('stores a change locally before sending it', () => {
    const { queue, storage, server } = makeQueue();

    queue.change('q1', { choice: 'a' }, false);

    const saved = JSON.parse(storage.getItem('examgate.answers.att_1') ?? '{}');
    assert.equal(saved.pending.q1.clientVersion, 1);
    assert.deepEqual(saved.pending.q1.value, { choice: 'a' });
    assert.equal(server.requests.length, 0);
    assert.equal(queue.statusOf('q1'), 'pending');
  });

  it('gives every change a higher version and its own key', () => {
    const { queue } = makeQueue();

    const first = queue.change('q1', { choice: 'a' }, false);
    const second = queue.change('q1', { choice: 'b' }, false);

    assert.equal(first.clientVersion, 1);
    assert.equal(second.clientVersion, 2);
    assert.notEqual(first.idempotencyKey, second.idempotencyKey);
    assert.equal(queue.unsentCount, 1);
  });

  it('sends only the newest change and clears it on ack', async () => {
    const { queue, server, scheduler } = makeQueue();
    queue.change('q1', { choice: 'a' }, false);
    queue.change('q1', { choice: 'b' }, false);
    queue.change('q2', { text: 'x = 2' }, true);

    await scheduler.runAll();

    assert.equal(server.requests.length, 1);
    assert.deepEqual(server.requests[0]?.map((c) => [c.questionId, c.clientVersion]), [['q1', 2], ['q2', 1]]);
    assert.equal(queue.unsentCount, 0);
    assert.equal(queue.statusOf('q1'), 'saved');
    assert.deepEqual(server.stored.get('q2')?.value, { text: 'x = 2' });
    assert.equal(server.stored.get('q2')?.flagged, true);
  });

  it('keeps changes while offline and resends with backoff', async () => {
    const { queue, server, scheduler } = makeQueue();
    server.online = false;
    queue.change('q1', { choice: 'a' }, false);

    await scheduler.runAll();
    assert.equal(queue.unsentCount, 1);
    assert.equal(queue.consecutiveFailures, 1);
    assert.deepEqual(scheduler.delays, [750]);

    await scheduler.runAll();
    assert.deepEqual(scheduler.delays, [1500]);

    queue.change('q2', { choice: 'c' }, false);
    assert.deepEqual(scheduler.delays, [1500], 'a change while offline does not cut the backoff short');

    server.online = true;
    await scheduler.runAll();
    assert.equal(queue.unsentCount, 0);
    assert.equal(queue.consecutiveFailures, 0);
    assert.equal(server.stored.size, 2);
  });

  it('caps the retry delay', async () => {
    const { queue, server, scheduler } = makeQueue();
    server.online = false;
    queue.change('q1', { choice: 'a' }, false);

    for (let i = 0; i < 12; i += 1) await scheduler.runAll();

    // 30 s cap times the jitter factor 0.75 that random() = 0.5 gives.
    assert.deepEqual(scheduler.delays, [22_500]);
  });

  it('marks items resent after a failed send', async () => {
    const { queue, server, scheduler } = makeQueue();
    server.online = false;
    queue.change('q1', { choice: 'a' }, false);

    await scheduler.runAll();
    queue.change('q2', { choice: 'c' }, false);
    server.online = true;
    await scheduler.runAll();

    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]?.[0]?.resent, undefined, 'the first send is not a resend');
    assert.deepEqual(server.requests[1]?.map((change) => [change.questionId, change.resent ?? false]), [['q1', true], ['q2', false]]);
    assert.equal(queue.unsentCount, 0);
  });

  it('does not mark an acknowledged send', async () => {
    const { queue, server, scheduler } = makeQueue();
    queue.change('q1', { choice: 'a' }, false);
    await scheduler.runAll();
    queue.change('q1', { choice: 'b' }, false);
    await scheduler.runAll();

    assert.deepEqual(server.requests.map((request) => request.map((change) => change.resent ?? false)), [[false], [false]]);
  });

  it('marks a send without reply resent after a reload', async () => {
    const storage = new MemoryStorage();
    const server = new FakeExamServer();
    const before = makeQueue(storage, server);
    let releaseReply = (): void => {};
    const unanswered = new Promise<AnswerAck[]>((resolve) => {
      releaseReply = () => resolve([]);
    });
    const hanging = new AnswerQueue({ attemptId: 'att_1', storage, send: () => unanswered, scheduler: before.scheduler, newClientId: () => 'client1', random: () => 0.5 });
    hanging.change('q1', { choice: 'a' }, false);
    await before.scheduler.runAll();
    hanging.stop();

    const after = makeQueue(storage, server);
    after.queue.seed([]);
    await after.scheduler.runAll();
    releaseReply();

    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.[0]?.resent, true);
    assert.equal(after.queue.unsentCount, 0);
  });

  it('resumes unsent changes after a reload', async () => {
    const storage = new MemoryStorage();
    const server = new FakeExamServer();
    server.online = false;
    const before = makeQueue(storage, server);
    before.queue.change('q1', { choice: 'a' }, false);
    before.queue.change('q1', { choice: 'd' }, true);
    await before.scheduler.runAll();
    before.queue.stop();

    server.online = true;
    const after = makeQueue(storage, server);
    after.queue.seed([]);
    assert.equal(after.queue.unsentCount, 1);
    assert.deepEqual(after.queue.answerOf('q1'), { value: { choice: 'd' }, flagged: true, status: 'pending' });

    await after.scheduler.runAll();
    assert.equal(after.queue.unsentCount, 0);
    assert.equal(server.stored.get('q1')?.clientVersion, 2);
  });

  it('continues versions above the server after a reload', () => {
    const { queue } = makeQueue();
    queue.seed([{ questionId: 'q1', version: 7, value: { choice: 'b' }, flagged: false }]);

    const change = queue.change('q1', { choice: 'c' }, false);

    assert.equal(change.clientVersion, 8);
  });

  it('drops a local change older than the server copy', () => {
    const storage = new MemoryStorage();
    const first = makeQueue(storage);
    first.queue.change('q1', { choice: 'a' }, false);
    first.queue.stop();

    const second = makeQueue(storage);
    second.queue.seed([{ questionId: 'q1', version: 4, value: { choice: 'c' }, flagged: false }]);

    assert.equal(second.queue.unsentCount, 0);
    assert.deepEqual(second.queue.answerOf('q1').value, { choice: 'c' });
  });

  it('keeps a local change newer than the server copy', () => {
    const storage = new MemoryStorage();
    const first = makeQueue(storage);
    first.queue.seed([{ questionId: 'q1', version: 4, value: { choice: 'c' }, flagged: false }]);
    first.queue.change('q1', { choice: 'a' }, false);
    first.queue.stop();

    const second = makeQueue(storage);
    second.queue.seed([{ questionId: 'q1', version: 4, value: { choice: 'c' }, flagged: false }]);

    assert.equal(second.queue.unsentCount, 1);
    assert.deepEqual(second.queue.answerOf('q1').value, { choice: 'a' });
  });

  it('keeps a change made while sending', async () => {
    const storage = new MemoryStorage();
    const scheduler = new ManualScheduler();
    const server = new FakeExamServer();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queue = new AnswerQueue({
      attemptId: 'att_1',
      storage,
      scheduler,
      newClientId: () => 'client',
      send: async (changes) => {
        await gate;
        return server.send(changes);
      },
    });

    queue.change('q1', { choice: 'a' }, false);
    const flushing = queue.flush();
    assert.equal(queue.statusOf('q1'), 'sending');
    queue.change('q1', { choice: 'b' }, false);
    assert.equal(queue.statusOf('q1'), 'pending');
    release();
    await flushing;

    assert.equal(queue.unsentCount, 1, 'version 2 waits for its own ack');
    await scheduler.runAll();
    assert.equal(queue.unsentCount, 0);
    assert.deepEqual(server.stored.get('q1')?.value, { choice: 'b' });
  });

  it('never lets a resent old version win', async () => {
    const { queue, server, scheduler } = makeQueue();
    queue.change('q1', { choice: 'a' }, false);
    await scheduler.runAll();
    queue.change('q1', { choice: 'b' }, false);
    await scheduler.runAll();

    const replay = await server.send([{ ...server.requests[0]![0]!, idempotencyKey: 'other-key' }]);

    assert.equal(replay[0]?.result, 'stale');
    assert.deepEqual(server.stored.get('q1')?.value, { choice: 'b' });
    assert.equal(queue.unsentCount, 0);
  });

  it('treats a duplicate ack as saved', async () => {
    const { queue, server, scheduler } = makeQueue();
    const change = queue.change('q1', { choice: 'a' }, false);
    await server.send([change]);

    await scheduler.runAll();

    assert.equal(server.requests.at(-1)?.[0]?.idempotencyKey, change.idempotencyKey);
    assert.equal(queue.unsentCount, 0);
  });

  it('marks changes refused after the deadline', async () => {
    const { queue, server, scheduler } = makeQueue();
    server.closed = true;
    queue.change('q1', { choice: 'a' }, false);

    await scheduler.runAll();

    assert.equal(queue.unsentCount, 0);
    assert.equal(queue.rejectedCount, 1);
    assert.equal(queue.statusOf('q1'), 'rejected');
    assert.equal(scheduler.timers.size, 0, 'refused changes are not resent');
  });

  it('stops resending a rejected value', async () => {
    const storage = new MemoryStorage();
    const scheduler = new ManualScheduler();
    const queue = new AnswerQueue({
      attemptId: 'att_1',
      storage,
      scheduler,
      newClientId: () => 'client',
      send: async (changes) =>
        changes.map((change) => ({ questionId: change.questionId, idempotencyKey: change.idempotencyKey, result: 'rejected' as const, storedVersion: 0, reason: 'option x is not an option of q1' })),
    });

    queue.change('q1', { choice: 'x' }, false);
    await scheduler.runAll();

    assert.equal(queue.statusOf('q1'), 'rejected');
    assert.equal(queue.unsentCount, 0);
    assert.equal(scheduler.timers.size, 0);
  });

  it('survives unreadable local data', () => {
    const storage = new MemoryStorage();
    storage.setItem('examgate.answers.att_1', '{not json');

    const { queue } = makeQueue(storage);

    assert.equal(queue.unsentCount, 0);
    assert.equal(queue.change('q1', null, true).clientVersion, 1);
  });

  it('keeps sending when local storage fails', async () => {
    const storage = new MemoryStorage();
    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const { queue, server, scheduler } = makeQueue(storage);

    queue.change('q1', { choice: 'a' }, false);
    assert.equal(queue.localStorageFailed, true);
    await scheduler.runAll();

    assert.equal(server.stored.size, 1);
  });
});
