import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { purgeExpired, rowsOf, withSystemBypass, type Database } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { seedTenant } from '../support/tenants.ts';

/**
 * The retention job: what the transport tables no longer need goes (an expired Idempotency-Key record and its
 * stored response, a week-old published outbox row, a two-week-old consumer inbox entry), the rest stays.
 */
describe('retention purge', () => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase(); });
  afterAll(async () => { await db.close(); });

  it('when the job runs, then only expired idempotency records, old published outbox rows and old inbox entries are deleted, in batches', async () => {
    const { ctx } = await seedTenant(db, 1);
    const pro = ctx.professionalId;
    const consumer = `test-retention-${ids.newId()}`;
    const now = new Date('2027-01-15T12:00:00.000Z');
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    await withSystemBypass(db, 'test: seed retention', async (tx) => {
      for (const [key, expires] of [['expired-1', ago(1)], ['expired-2', ago(0)], ['expired-3', ago(30)], ['live', ago(-1)]] as const) {
        await tx.execute(sql`insert into idempotency_keys (professional_id, user_id, key, request_hash, state, response_status, response_body, locked_until, expires_at)
          values (${pro}, ${ctx.userId}, ${key}, 'h', 'completed', 200, '{"responses":{"peso":80}}', ${expires}::timestamptz, ${expires}::timestamptz)`);
      }
      for (const [id, published] of [[ids.newId(), ago(8)], [ids.newId(), ago(6)], [ids.newId(), null]] as const) {
        await tx.execute(sql`insert into event_outbox (id, professional_id, queue, message_id, type, version, payload, occurred_at, published_at)
          values (${id}, ${pro}, 'default', ${id}, 'test.retention', 1, '{}'::jsonb, ${ago(10)}::timestamptz, ${published}::timestamptz)`);
      }
      for (const [id, at] of [['old', ago(15)], ['recent', ago(13)]] as const) {
        await tx.execute(sql`insert into processed_messages (consumer, message_id, processed_at) values (${consumer}, ${id}, ${at}::timestamptz)`);
      }
    });
    const only = { professionalIds: [pro], consumers: [consumer] };
    expect(await purgeExpired(db, { now, batchSize: 2, only })).toEqual({ idempotencyKeys: 3, publishedOutbox: 1, processedMessages: 1 });
    const left = await withSystemBypass(db, 'test: read retention', async (tx) => ({
      keys: rowsOf<{ key: string }>(await tx.execute(sql`select key from idempotency_keys where professional_id = ${pro}`)).map((r) => r.key),
      outbox: rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from event_outbox where professional_id = ${pro} and type = 'test.retention'`))[0]?.n,
      inbox: rowsOf<{ message_id: string }>(await tx.execute(sql`select message_id from processed_messages where consumer = ${consumer}`)).map((r) => r.message_id),
    }));
    expect(left).toEqual({ keys: ['live'], outbox: 2, inbox: ['recent'] });
    expect(await purgeExpired(db, { now, only })).toEqual({ idempotencyKeys: 0, publishedOutbox: 0, processedMessages: 0 });
  });
});
