import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@korevitta/db';
import { MessageLockLostError } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { envelope, isolatedQueue, testClock } from './harness.ts';

/** The local queue keeps the Service Bus contract the consumers rely on (TEST-CATALOG 35, 37). */
describe('local queue (Service Bus semantics)', () => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase(); });
  afterAll(async () => { await db.close(); });

  it('when the same messageId is sent twice within the window, then the second send is dropped; after the window it is accepted', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock);
    const message = envelope('test.dup');
    expect((await q.enqueue('default', message)).accepted).toBe(true);
    clock.advance(9 * 60_000);
    expect(await q.enqueue('default', message)).toEqual({ accepted: false, reason: 'duplicate' });
    expect(await q.depth('default')).toBe(1);
    expect(await q.enqueue('critical', message)).toMatchObject({ accepted: true }); // the window is per queue
    clock.advance(60_001);
    expect((await q.enqueue('default', message)).accepted).toBe(true);
    expect(await q.depth('default')).toBe(2);
  });

  it('when a message is received, then it is locked with a token, deliveryCount 1, its sequence number and enqueue time', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock);
    const sent = await q.enqueue('bulk', envelope('test.peek'));
    const [m, ...rest] = await q.receive('bulk', { max: 5, lockMs: 30_000 });
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ deliveryCount: 1, enqueuedAt: clock.now(), lockedUntil: new Date(clock.now().getTime() + 30_000) });
    expect(sent).toEqual({ accepted: true, sequenceNumber: m?.sequenceNumber });
    expect(m?.lockToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(await q.receive('bulk')).toEqual([]); // locked: nobody else gets it
    await q.complete(m!.lockToken);
    expect(await q.depth('bulk')).toBe(0);
  });

  it('when two receivers ask at the same time, then no message is handed to both (FOR UPDATE SKIP LOCKED)', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock);
    for (let i = 0; i < 10; i += 1) await q.enqueue('default', envelope('test.skip-locked'));
    const [a, b] = await Promise.all([q.receive('default', { max: 6 }), q.receive('default', { max: 6 })]);
    const seen = [...a!, ...b!].map((m) => m.sequenceNumber);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it('when a lock expires, then the message is receivable again with deliveryCount + 1 and the old token can no longer settle it (35)', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock);
    await q.enqueue('default', envelope('test.lock'));
    const [first] = await q.receive('default', { lockMs: 30_000 });
    clock.advance(29_999);
    expect(await q.receive('default')).toEqual([]);
    clock.advance(1);
    const [second] = await q.receive('default', { lockMs: 30_000 });
    expect(second).toMatchObject({ sequenceNumber: first?.sequenceNumber, deliveryCount: 2 });
    await expect(q.complete(first!.lockToken)).rejects.toBeInstanceOf(MessageLockLostError);
    await q.complete(second!.lockToken);
    expect(await q.depth('default')).toBe(0);
  });

  it('when the lock of the last allowed delivery expires, then the message is dead-lettered with MaxDeliveryCountExceeded', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock, { maxDeliveryCount: 2 });
    await q.enqueue('default', envelope('test.lock-exhausted'));
    expect(await q.receive('default', { lockMs: 1_000 })).toHaveLength(1);
    clock.advance(1_000);
    expect(await q.receive('default', { lockMs: 1_000 })).toHaveLength(1);
    clock.advance(1_000);
    expect(await q.receive('default')).toEqual([]);
    const [dead] = await q.peekDeadLetters('default');
    expect(dead).toMatchObject({ reason: 'MaxDeliveryCountExceeded', deliveryCount: 2 });
    expect([await q.depth('default'), await q.deadLetterDepth('default')]).toEqual([0, 1]);
  });

  it('when a message is abandoned, then it comes back only after an exponential backoff', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock, { backoffBaseMs: 1_000, backoffCapMs: 3_000 });
    await q.enqueue('default', envelope('test.backoff'));
    const deliveries: number[] = [];
    for (const expectedDelay of [1_000, 2_000, 3_000, 3_000]) {
      const [m] = await q.receive('default');
      if (!m) throw new Error('the message should be due');
      deliveries.push(m.deliveryCount);
      expect(await q.abandon(m.lockToken)).toEqual({ deadLettered: false });
      clock.advance(expectedDelay - 1);
      expect(await q.receive('default')).toEqual([]);
      clock.advance(1);
    }
    expect(deliveries).toEqual([1, 2, 3, 4]);
    expect(await q.receive('default')).toHaveLength(1);
  });

  it('when a message is scheduled, then it is not delivered before its time and is delivered at it (37)', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock);
    const at = new Date(clock.now().getTime() + 60_000);
    const sent = await q.enqueue('critical', envelope('test.scheduled'), { scheduledAt: at });
    expect(sent.accepted).toBe(true);
    expect(await q.depth('critical')).toBe(0);
    clock.advance(59_999);
    expect(await q.receive('critical')).toEqual([]);
    clock.advance(1);
    const [m] = await q.receive('critical');
    expect(m).toMatchObject({ scheduledAt: at, deliveryCount: 1 });
  });

  it('when a scheduled message is cancelled before activation, then it is never delivered; a cancel after activation loses the race (37)', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock);
    const at = new Date(clock.now().getTime() + 60_000);
    const cancelled = await q.enqueue('critical', envelope('test.cancel'), { scheduledAt: at });
    const late = await q.enqueue('critical', envelope('test.cancel'), { scheduledAt: at });
    if (!cancelled.accepted || !late.accepted) throw new Error('not accepted');
    expect(await q.cancelScheduled(cancelled.sequenceNumber)).toBe(true);
    clock.advance(60_000);
    expect(await q.cancelScheduled(late.sequenceNumber)).toBe(false);
    const delivered = await q.receive('critical', { max: 10 });
    expect(delivered.map((m) => m.sequenceNumber)).toEqual([late.sequenceNumber]);
  });

  it('when a reschedule uses a new messageId, then duplicate detection keeps both; the same messageId would be dropped (37)', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock);
    const planned = envelope('test.reschedule');
    const first = await q.enqueue('critical', planned, { scheduledAt: new Date(clock.now().getTime() + 60_000) });
    if (!first.accepted) throw new Error('not accepted');
    await q.cancelScheduled(first.sequenceNumber);
    expect((await q.enqueue('critical', planned, { scheduledAt: new Date(clock.now().getTime() + 120_000) })).accepted).toBe(false);
    expect((await q.enqueue('critical', { ...planned, messageId: randomUUID() }, { scheduledAt: new Date(clock.now().getTime() + 120_000) })).accepted).toBe(true);
  });

  it('when a message is dead-lettered by the application, then it leaves the queue at once with the reason', async () => {
    const clock = testClock();
    const q = isolatedQueue(db, clock);
    await q.enqueue('bulk', envelope('test.app-dlq'));
    const [m] = await q.receive('bulk');
    await q.deadLetter(m!.lockToken, { reason: 'InvalidPayload', description: 'note: missing' });
    expect(await q.peekDeadLetters('bulk')).toMatchObject([{ reason: 'InvalidPayload', description: 'note: missing', deliveryCount: 1 }]);
    expect(await q.depth('bulk')).toBe(0);
    await expect(q.complete(m!.lockToken)).rejects.toBeInstanceOf(MessageLockLostError);
  });
});
