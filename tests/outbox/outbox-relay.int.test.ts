import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWriter, rowsOf, withSystemBypass, withTenant, type Database } from '@korevitta/db';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import { relayOutbox, type LocalQueue, type QueueSender, type Runtime } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { seedTenant } from '../support/tenants.ts';
import {
  effectCount, ensureEffectsTable, isolatedQueue, noteConsumer, queueFunction, startQueueRuntime, testClock, worker, type TestClock,
} from '../queue/harness.ts';

interface OutboxState { id: string; message_id: string; published_at: unknown; publish_attempts: number; last_error: string | null }

async function outboxRows(db: Database, type: string): Promise<OutboxState[]> {
  return withSystemBypass(db, 'test: read outbox', async (tx) => rowsOf<OutboxState>(await tx.execute(sql`
    select id, message_id, published_at, publish_attempts, last_error from event_outbox where type = ${type} order by created_at, id`)));
}

/** A sender that fails in the ways a relay meets in production, decided per call. */
function faultySender(target: LocalQueue, decide: () => 'ok' | 'fail_before_send' | 'fail_after_send'): QueueSender & { sends: number } {
  const s = {
    sends: 0,
    async send(queue: QueueName, message: MessageEnvelope, options?: { scheduledAt?: Date }) {
      const fault = decide();
      if (fault === 'fail_before_send') throw new Error('connection refused');
      await target.send(queue, message, options);
      s.sends += 1;
      // The broker took the message but the relay never heard back (timeout, crash before the mark).
      if (fault === 'fail_after_send') throw new Error('operation timed out');
    },
    close: async () => undefined,
  };
  return s;
}

/** TEST-CATALOG 32 and 33: the transactional outbox and its at-least-once relay. */
describe('transactional outbox and relay', () => {
  let db: Database;
  let clock: TestClock;
  let rt: Runtime;
  let restore: () => Promise<void>;
  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureEffectsTable(db);
    clock = testClock();
    ({ rt, restore } = await startQueueRuntime(db, clock));
  });
  afterAll(async () => {
    await restore();
    await db.close();
  });

  it('when the business transaction throws after appending, then no outbox row exists (32)', async () => {
    const tenant = await seedTenant(db, 1);
    const type = `test.rolled_back_${randomUUID().slice(0, 8)}`;
    await expect(withTenant(db, tenant.ctx, async (tx) => {
      await tx.execute(sql`update patients set name = 'Changed' where id = ${tenant.patientIds[0]}`);
      await new OutboxWriter(tx).append({ queue: 'default', type, version: 1, payload: { note: 'x' } },
        { professionalId: tenant.ctx.professionalId, occurredAt: clock.now(), correlationId: null });
      throw new Error('fault injected before commit');
    })).rejects.toThrow('fault injected');
    expect(await outboxRows(db, type)).toEqual([]);
    const names = await withSystemBypass(db, 'test', async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`select name from patients where id = ${tenant.patientIds[0]}`)));
    expect(names).toEqual([{ name: 'Paciente' }]);
  });

  it('when a tenant transaction commits, then exactly one row is written and the relay publishes it exactly once (32)', async () => {
    const tenant = await seedTenant(db, 1);
    const q = isolatedQueue(db, clock);
    const c = noteConsumer();
    await withTenant(db, tenant.ctx, async (tx) => {
      await new OutboxWriter(tx).append({ queue: 'default', type: c.type, version: 1, payload: { note: 'welcome' } },
        { professionalId: tenant.ctx.professionalId, occurredAt: clock.now(), correlationId: 'req-1' });
    });
    const [row, ...more] = await outboxRows(db, c.type);
    expect(more).toEqual([]);
    expect(row?.message_id).toBe(row?.id);

    expect(await relayOutbox({ db, sender: q, now: clock.now(), onlyTypes: [c.type] })).toEqual({ claimed: 1, published: 1, failed: 0 });
    expect(await relayOutbox({ db, sender: q, now: clock.now(), onlyTypes: [c.type] })).toEqual({ claimed: 0, published: 0, failed: 0 });
    clock.advance(2 * 60 * 60_000);
    expect((await relayOutbox({ db, sender: q, now: clock.now(), onlyTypes: [c.type] })).claimed).toBe(0);
    expect((await outboxRows(db, c.type))[0]).toMatchObject({ publish_attempts: 1, last_error: null });
    expect(await q.depth('default')).toBe(1);

    const [m] = await q.receive('default');
    expect(m?.envelope).toEqual({ messageId: row?.id, type: c.type, version: 1, occurredAt: expect.any(String), correlationId: 'req-1', payload: { note: 'welcome' } });
    await q.abandon(m!.lockToken);
    clock.advance(q.backoffMs(1));
    const w = worker(q, rt, [queueFunction('default', [c.def])]);
    await w.drain();
    await w.stop();
    expect(await effectCount(db, c.consumer)).toBe(1);
  });

  it('when an event has a deliverAt, then the relay schedules it and it arrives no earlier (37)', async () => {
    const q = isolatedQueue(db, clock);
    const c = noteConsumer();
    const deliverAt = new Date(clock.now().getTime() + 15 * 60_000);
    await withSystemBypass(db, 'test: scheduled event', (tx) => new OutboxWriter(tx).append(
      { queue: 'critical', type: c.type, version: 1, payload: { note: 'reminder' }, deliverAt },
      { professionalId: null, occurredAt: clock.now(), correlationId: null }));
    await relayOutbox({ db, sender: q, now: clock.now(), onlyTypes: [c.type] });
    expect(await q.receive('critical')).toEqual([]);
    clock.advance(15 * 60_000);
    expect(await q.receive('critical')).toHaveLength(1);
  });

  it('when a send fails, then the row stays pending with the error and an attempt, and is retried after a backoff', async () => {
    const q = isolatedQueue(db, clock);
    const type = `test.retry_${randomUUID().slice(0, 8)}`;
    await withSystemBypass(db, 'test', (tx) => new OutboxWriter(tx).append({ queue: 'bulk', type, version: 1, payload: { note: 'n' } },
      { professionalId: null, occurredAt: clock.now(), correlationId: null }));
    let down = true;
    const sender = faultySender(q, () => (down ? 'fail_before_send' : 'ok'));
    expect(await relayOutbox({ db, sender, now: clock.now(), onlyTypes: [type], retryBaseMs: 5_000 })).toEqual({ claimed: 1, published: 0, failed: 1 });
    expect(await outboxRows(db, type)).toMatchObject([{ published_at: null, publish_attempts: 1, last_error: 'Error: connection refused' }]);
    down = false;
    clock.advance(4_999);
    expect((await relayOutbox({ db, sender, now: clock.now(), onlyTypes: [type] })).claimed).toBe(0);
    clock.advance(1);
    expect(await relayOutbox({ db, sender, now: clock.now(), onlyTypes: [type] })).toEqual({ claimed: 1, published: 1, failed: 0 });
    expect(await outboxRows(db, type)).toMatchObject([{ publish_attempts: 2, last_error: null }]);
  });

  it('when the relay dies after sending but before marking, then the row is republished after its lease and the effect still happens once (33)', async () => {
    const q = isolatedQueue(db, clock);
    const c = noteConsumer();
    await withSystemBypass(db, 'test', (tx) => new OutboxWriter(tx).append({ queue: 'default', type: c.type, version: 1, payload: { note: 'n' } },
      { professionalId: null, occurredAt: clock.now(), correlationId: null }));
    // Run 1 "crashes" between send and mark: claimed and sent, never marked.
    const crashed = faultySender(q, () => 'fail_after_send');
    await relayOutbox({ db, sender: crashed, now: clock.now(), onlyTypes: [c.type] });
    expect(crashed.sends).toBe(1);
    // The lost mark past the duplicate-detection window: the broker accepts the copy, the inbox absorbs it.
    await withSystemBypass(db, 'test: lose the mark', (tx) => tx.execute(sql`delete from event_outbox_claims where outbox_id in (select id from event_outbox where type = ${c.type})`));
    clock.advance(q.duplicateDetectionWindowMs + 1);
    expect(await relayOutbox({ db, sender: q, now: clock.now(), onlyTypes: [c.type] })).toEqual({ claimed: 1, published: 1, failed: 0 });
    expect(await q.depth('default')).toBe(2);
    const w = worker(q, rt, [queueFunction('default', [c.def])]);
    await w.drain();
    await w.stop();
    expect(c.calls).toHaveLength(2);
    expect(await effectCount(db, c.consumer)).toBe(1);
  });

  it('when the relay is killed at random points many times, then every committed event has exactly one effect (33)', async () => {
    const q = isolatedQueue(db, clock);
    const c = noteConsumer();
    const events = 25;
    for (let i = 0; i < events; i += 1) {
      await withSystemBypass(db, 'test', (tx) => new OutboxWriter(tx).append({ queue: 'default', type: c.type, version: 1, payload: { note: `n${i}` } },
        { professionalId: null, occurredAt: clock.now(), correlationId: null }));
    }
    let seed = 42;
    const random = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
    const sender = faultySender(q, () => { const r = random(); return r < 0.3 ? 'fail_before_send' : r < 0.6 ? 'fail_after_send' : 'ok'; });
    const w = worker(q, rt, [queueFunction('default', [c.def])]);
    for (let run = 0; run < 100 && (await outboxRows(db, c.type)).some((r) => r.published_at === null); run += 1) {
      await relayOutbox({ db, sender, now: clock.now(), onlyTypes: [c.type], batchSize: 7, retryBaseMs: 1_000, retryCapMs: 4_000 });
      await w.drain();
      // Now and then the relay stays down past the duplicate-detection window.
      clock.advance(random() < 0.1 ? q.duplicateDetectionWindowMs + 1 : 5_000);
    }
    await w.drain();
    await w.stop();
    const rows = await outboxRows(db, c.type);
    expect(rows.filter((r) => r.published_at === null)).toEqual([]);
    expect(sender.sends).toBeGreaterThan(events); // duplicates were really produced
    expect(await effectCount(db, c.consumer)).toBe(events);
    expect([await q.depth('default'), await q.deadLetterDepth('default')]).toEqual([0, 0]);
  });
});
