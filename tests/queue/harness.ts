import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import { firstRow, withSystemBypass, type Database } from '@korevitta/db';
import { findLogLeaks } from '../support/log-scan.ts';
import type { QueueName } from '@korevitta/domain';
import {
  applyOnce, createQueueDispatcher, createRuntime, defineConsumer, loadConfig, LocalQueue, registerQueue, setLogSinks, setRuntime,
  startLocalQueueWorker, type ConsumerContext, type ConsumerDefinition, type LocalQueueOptions, type LocalQueueWorker,
  type QueueFunctionDefinition, type Runtime,
} from '@korevitta/platform';

/** A clock the test moves; the queue, the dispatcher and the consumers all read it. */
export function testClock(start = new Date('2026-03-02T12:00:00.000Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => { current += ms; },
  };
}
export type TestClock = ReturnType<typeof testClock>;

/**
 * A runtime over the test database and clock, installed for getRuntime() (the Azure handler path). Its log
 * lines are kept in `logs` and scanned for leaks when it is restored, as the HTTP test host does
 * (TEST-CATALOG 44: queue-only tests are scanned too).
 */
export async function startQueueRuntime(db: Database, clock: TestClock, env: Record<string, string> = {}): Promise<{ rt: Runtime; logs: string[]; restore(): Promise<void> }> {
  const config = loadConfig({ APP_ENV: 'test', LOG_LEVEL: 'info', ...env });
  const logs: string[] = [];
  const removeSink = setLogSinks([(line) => logs.push(line)]);
  const placeholder = new LocalQueue({ db, clock, namespace: `rt-${randomUUID()}` });
  const rt = await createRuntime(config, { db, clock, queue: { queue: placeholder, probe: () => placeholder.probe(), local: placeholder } });
  const restoreRuntime = setRuntime(rt);
  return {
    rt,
    logs,
    async restore() {
      restoreRuntime();
      await rt.close();
      removeSink();
      const leaks = findLogLeaks(logs);
      if (leaks.length > 0) throw new Error(`sensitive data in logs: ${leaks.slice(0, 5).join('; ')}`);
    },
  };
}

/** A local queue of its own namespace, so a test sees only its own messages even on a shared database. */
export const isolatedQueue = (db: Database, clock: TestClock, options: Partial<LocalQueueOptions> = {}) =>
  new LocalQueue({ db, clock, namespace: `test-${randomUUID()}`, ...options });

/**
 * A side-effect table outside `public` (so the catalog tests of public tables ignore it), written by the
 * system role in the same transaction as the consumer inbox.
 */
export async function ensureEffectsTable(db: Database): Promise<void> {
  await db.orm.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7301034)`);
    await tx.execute(sql`create schema if not exists kv_test`);
    await tx.execute(sql`create table if not exists kv_test.queue_effects (
      consumer text not null, message_id text not null, delivery_count integer not null, applied_at timestamptz not null default now())`);
    await tx.execute(sql`grant usage on schema kv_test to korevitta_system`);
    await tx.execute(sql`grant select, insert on kv_test.queue_effects to korevitta_system`);
  });
}

export async function effectCount(db: Database, consumer: string): Promise<number> {
  const row = await withSystemBypass(db, 'test: count effects', async (tx) =>
    firstRow<{ n: number }>(await tx.execute(sql`select count(*)::int as n from kv_test.queue_effects where consumer = ${consumer}`)));
  return row?.n ?? 0;
}

/** The effect a real consumer would have: one row, guarded by the inbox in the same transaction. */
export async function applyEffect(ctx: ConsumerContext, consumer: string): Promise<boolean> {
  return withSystemBypass(ctx.rt.db, 'test consumer effect', async (tx) => {
    if (!(await applyOnce(tx, consumer, ctx.envelope.messageId))) return false;
    await tx.execute(sql`insert into kv_test.queue_effects (consumer, message_id, delivery_count)
      values (${consumer}, ${ctx.envelope.messageId}, ${ctx.delivery.deliveryCount})`);
    return true;
  });
}

export const NotePayload = v.strictObject({ note: v.pipe(v.string(), v.minLength(1)) });

/**
 * A consumer of a type unique to the test. `before` runs ahead of the effect (to fail, to wait on a gate),
 * `after` once the effect is committed (to fail after the side effect).
 */
export function noteConsumer(options: {
  before?: (ctx: ConsumerContext) => Promise<void> | void;
  after?: (ctx: ConsumerContext) => Promise<void> | void;
} = {}) {
  const type = `test.note_${randomUUID().slice(0, 8)}`;
  const consumer = `test-consumer-${randomUUID()}`;
  const calls: { deliveryCount: number; at: Date }[] = [];
  const def = defineConsumer({
    type,
    version: 1,
    consumer,
    payload: NotePayload,
    handle: async (_payload, ctx) => {
      calls.push({ deliveryCount: ctx.delivery.deliveryCount, at: ctx.now });
      await options.before?.(ctx);
      await applyEffect(ctx, consumer);
      await options.after?.(ctx);
    },
  });
  return { def, type, consumer, calls };
}

export function queueFunction(queue: QueueName, consumers: readonly ConsumerDefinition[]): QueueFunctionDefinition {
  return registerQueue({ name: `queue-${queue}`, queue, handler: createQueueDispatcher({ queue, consumers }) });
}

export function worker(queue: LocalQueue, rt: Runtime, functions: QueueFunctionDefinition[], options: { lockMs?: number; handlerTimeoutMs?: number } = {}): LocalQueueWorker {
  return startLocalQueueWorker({ queue, functions, rt, poll: false, lockMs: options.lockMs ?? 30_000, handlerTimeoutMs: options.handlerTimeoutMs ?? 10_000 });
}

export function envelope(type: string, payload: unknown = { note: 'hello' }, messageId: string = randomUUID()) {
  return { messageId, type, version: 1, occurredAt: '2026-03-02T12:00:00.000Z', correlationId: 'corr-test', payload };
}
