import { randomUUID } from 'node:crypto';
import azf from '@azure/functions';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, withSystemBypass, type Database } from '@korevitta/db';
import { createQueueDispatcher, invokeQueueFunction, listDeadLetterRecords, MessageLockLostError, type Runtime } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import {
  effectCount, ensureEffectsTable, envelope, isolatedQueue, noteConsumer, queueFunction, startQueueRuntime, testClock, worker,
  type TestClock,
} from './harness.ts';

/** Consumers under redelivery, poison messages and the replay tool (TEST-CATALOG 34, 35, 36). */
describe('queue consumers through the local worker', () => {
  let db: Database;
  let clock: TestClock;
  let rt: Runtime;
  let restore: () => Promise<void>;
  let logs: string[];
  /** The security events of dead-letter moves this runtime logged (TEST-CATALOG 43). */
  const deadLetterEvents = (messageId?: string) => logs.map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.event === 'queue.dead_lettered' && (messageId === undefined || e.messageId === messageId));
  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureEffectsTable(db);
    clock = testClock();
    ({ rt, restore, logs } = await startQueueRuntime(db, clock));
  });
  afterAll(async () => {
    await restore();
    await db.close();
  });

  it('when the same message is delivered twice, then its effect is applied once (34)', async () => {
    const q = isolatedQueue(db, clock);
    const c = noteConsumer();
    const w = worker(q, rt, [queueFunction('default', [c.def])]);
    const message = envelope(c.type);
    await q.send('default', message);
    await w.drain();
    // A second copy after the duplicate-detection window: the broker delivers it, the inbox absorbs it.
    clock.advance(q.duplicateDetectionWindowMs + 1);
    await q.send('default', message);
    await w.drain();
    await w.stop();
    expect(c.calls).toHaveLength(2);
    expect(await effectCount(db, c.consumer)).toBe(1);
    expect(await q.depth('default')).toBe(0);
  });

  it('when the handler fails after its effect committed, then the redelivery completes without a second effect (34)', async () => {
    const q = isolatedQueue(db, clock);
    const c = noteConsumer({ after: (ctx) => { if (ctx.delivery.deliveryCount === 1) throw new Error('crashed after the effect'); } });
    const w = worker(q, rt, [queueFunction('default', [c.def])]);
    await q.send('default', envelope(c.type));
    await w.drain();
    expect(await q.depth('default')).toBe(1);
    clock.advance(q.backoffMs(1));
    await w.drain();
    await w.stop();
    expect(c.calls.map((x) => x.deliveryCount)).toEqual([1, 2]);
    expect(await effectCount(db, c.consumer)).toBe(1);
    expect([await q.depth('default'), await q.deadLetterDepth('default')]).toEqual([0, 0]);
  });

  it('when a consumer always throws, then it is retried with growing delays and dead-lettered after exactly maxDeliveryCount attempts; the replay then succeeds once (36)', async () => {
    const q = isolatedQueue(db, clock, { backoffBaseMs: 1_000, backoffCapMs: 60_000 });
    let broken = true;
    const c = noteConsumer({ before: () => { if (broken) throw new Error('downstream unavailable'); } });
    const w = worker(q, rt, [queueFunction('critical', [c.def])]);
    await q.send('critical', envelope(c.type));
    await w.drain();
    for (let attempt = 1; attempt < q.maxDeliveryCount; attempt += 1) {
      const delay = q.backoffMs(attempt);
      clock.advance(delay - 1);
      await w.drain();
      expect(c.calls).toHaveLength(attempt); // not before its backoff
      clock.advance(1);
      await w.drain();
      expect(c.calls).toHaveLength(attempt + 1);
    }
    const gaps = c.calls.slice(1).map((x, i) => x.at.getTime() - c.calls[i]!.at.getTime());
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(c.calls.map((x) => x.deliveryCount)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    clock.advance(60 * 60_000);
    await w.drain();
    expect(c.calls).toHaveLength(10);
    const [dead, ...others] = await q.peekDeadLetters('critical');
    expect(others).toEqual([]);
    expect(dead).toMatchObject({ reason: 'MaxDeliveryCountExceeded', deliveryCount: 10 });
    expect(deadLetterEvents(dead?.messageId)).toEqual([expect.objectContaining({ security: true, queue: 'critical', reason: 'MaxDeliveryCountExceeded', deliveryCount: 10 })]);
    expect([await q.depth('critical'), await q.deadLetterDepth('critical')]).toEqual([0, 1]);
    expect(await effectCount(db, c.consumer)).toBe(0);

    broken = false;
    const replayed = await q.resubmitDeadLetter(dead!.sequenceNumber);
    expect(replayed).not.toBeNull();
    await w.drain();
    await w.stop();
    expect(await effectCount(db, c.consumer)).toBe(1);
    expect([await q.depth('critical'), await q.deadLetterDepth('critical')]).toEqual([0, 0]);
    expect(await q.resubmitDeadLetter(dead!.sequenceNumber)).toBeNull();
  });

  it('when the payload is invalid, then the message is dead-lettered on the first attempt with the app reason InvalidPayload (36)', async () => {
    const q = isolatedQueue(db, clock);
    const c = noteConsumer();
    const w = worker(q, rt, [queueFunction('default', [c.def])]);
    await q.send('default', envelope(c.type, { note: '', extra: 'not allowed' }));
    await w.drain();
    await w.stop();
    expect(c.calls).toEqual([]);
    const [dead] = await q.peekDeadLetters('default');
    expect(dead).toMatchObject({ reason: 'InvalidPayload', deliveryCount: 1 });
    expect(deadLetterEvents(dead?.messageId)).toEqual([expect.objectContaining({ security: true, outcome: 'failure', level: 'warn', queue: 'default', reason: 'InvalidPayload', deliveryCount: 1, time: expect.any(String) })]);
    expect(JSON.stringify(deadLetterEvents(dead?.messageId))).not.toContain('not allowed');
    expect(dead?.description).toContain(c.type);
    expect(dead?.description).not.toContain('not allowed'); // issues name paths, never received values
  });

  it('when the type is unknown or the envelope is malformed, then it is dead-lettered at once with UnknownMessageType / InvalidEnvelope (36)', async () => {
    const q = isolatedQueue(db, clock);
    const c = noteConsumer();
    const w = worker(q, rt, [queueFunction('bulk', [c.def])]);
    await q.send('bulk', envelope(`test.nobody_${randomUUID().slice(0, 6)}`));
    await q.send('bulk', { ...envelope(c.type), version: 0 });
    await w.drain();
    await w.stop();
    const reasons = (await q.peekDeadLetters('bulk')).map((d) => [d.reason, d.deliveryCount]);
    expect(reasons).toEqual([['UnknownMessageType', 1], ['InvalidEnvelope', 1]]);
  });

  it('when the lock expires mid-handler, then the message is redelivered, completes, and the effect happens once (35)', async () => {
    const q = isolatedQueue(db, clock);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => { firstStarted = resolve; });
    const c = noteConsumer({ before: async (ctx) => { if (ctx.delivery.deliveryCount === 1) { firstStarted(); await gate; } } });
    const fn = queueFunction('default', [c.def]);
    await q.send('default', envelope(c.type));

    // Delivery 1: a slow handler that outlives its lock (a stalled or killed worker).
    const [first] = await q.receive('default', { lockMs: 30_000 });
    const slow = invokeQueueFunction(fn, first!, rt);
    await started;
    clock.advance(30_000);
    // Delivery 2: another worker gets the message once the lock has expired.
    const w = worker(q, rt, [fn]);
    await w.drain();
    await w.stop();
    expect(await q.depth('default')).toBe(0);
    // The first handler wakes up: its effect is absorbed and its settlement is refused.
    release();
    await slow;
    await expect(q.complete(first!.lockToken)).rejects.toBeInstanceOf(MessageLockLostError);
    expect(c.calls.map((x) => x.deliveryCount)).toEqual([1, 2]);
    expect(await effectCount(db, c.consumer)).toBe(1);
  });

  it('when a handler outlives the worker timeout, then the message is abandoned and retried, and the late effect is not doubled', async () => {
    const q = isolatedQueue(db, clock);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const c = noteConsumer({ before: async (ctx) => { if (ctx.delivery.deliveryCount === 1) await gate; } });
    const w = worker(q, rt, [queueFunction('default', [c.def])], { handlerTimeoutMs: 200 });
    await q.send('default', envelope(c.type));
    await w.drain();
    expect(await q.depth('default')).toBe(1);
    clock.advance(q.backoffMs(1));
    await w.drain();
    release();
    await w.stop();
    expect(c.calls.map((x) => x.deliveryCount)).toEqual([1, 2]);
    expect(await effectCount(db, c.consumer)).toBe(1);
    expect(await q.depth('default')).toBe(0);
  });

  it('when the Service Bus driver gets a poison message, then it is logged, recorded as a dead letter and completed (no throw)', async () => {
    const sb = await startQueueRuntime(db, clock, { QUEUE_DRIVER: 'servicebus', SERVICEBUS_NAMESPACE: 'korevitta-test' });
    try {
      const c = noteConsumer();
      const handler = createQueueDispatcher({ queue: 'bulk', consumers: [c.def] });
      const messageId = randomUUID();
      const invocation = azf.InvocationContext;
      await expect(handler(envelope(c.type, { note: 42 }, messageId), { messageId, deliveryCount: 1, enqueuedAt: null }, {
        rt: sb.rt, log: sb.rt.log, invocation: new invocation({ functionName: 'queue-bulk' }),
      })).resolves.toBeUndefined();
      const records = (await listDeadLetterRecords(db, 'bulk', 1000)).filter((r) => r.messageId === messageId);
      expect(records).toMatchObject([{ reason: 'InvalidPayload', deliveryCount: 1, body: { messageId, type: c.type } }]);
      expect(sb.logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'queue.dead_lettered' && e.messageId === messageId))
        .toEqual([expect.objectContaining({ security: true, outcome: 'failure', queue: 'bulk', reason: 'InvalidPayload' })]);
      // A transient failure still throws, so Service Bus retries and then dead-letters it itself.
      const failing = noteConsumer({ before: () => { throw new Error('transient'); } });
      const failingHandler = createQueueDispatcher({ queue: 'bulk', consumers: [failing.def] });
      await expect(failingHandler(envelope(failing.type), { messageId: randomUUID(), deliveryCount: 1, enqueuedAt: null }, {
        rt: sb.rt, log: sb.rt.log, invocation: new invocation({ functionName: 'queue-bulk' }),
      })).rejects.toThrow('transient');
    } finally {
      await sb.restore();
    }
  });

  it('when a queue-only runtime wrote a line with an e-mail address, then restoring it fails the test (44)', async () => {
    const other = await startQueueRuntime(db, clock);
    other.logs.push('{"event":"raw","to":"paciente@example.com"}');
    await expect(other.restore()).rejects.toThrow(/sensitive data in logs/);
  });

  it('when the queue tables are read as the app role, then nothing is visible (messages are infrastructure)', async () => {
    const rows = await db.orm.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'korevitta_app', true)`);
      return rowsOf(await tx.execute(sql`select has_table_privilege('local_queue_messages', 'SELECT') as can`));
    });
    expect(rows).toEqual([{ can: false }]);
    const visible = await withSystemBypass(db, 'test: system sees the queue', async (tx) => rowsOf(await tx.execute(sql`select 1 from local_queue_messages limit 1`)));
    expect(Array.isArray(visible)).toBe(true);
  });
});
