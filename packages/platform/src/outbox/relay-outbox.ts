import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass, type Database } from '@korevitta/db';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import type { QueueSender } from '../queue/sender.ts';

export interface RelayOutboxOptions {
  db: Database;
  sender: QueueSender;
  /** Fixed once per run (STYLE.md rule 9). */
  now: Date;
  batchSize?: number;
  /** How long a claimed row is left to this relay; after it, a row still pending is published again. */
  leaseMs?: number;
  /** A failed send waits min(cap, base · 2^attempts) before the next try. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Relay only these event types (a dedicated relay, or a test that must not take others' rows). */
  onlyTypes?: readonly string[];
  /** Relay only this professional's rows (a test on a shared database, whose other files leave rows pending). */
  onlyProfessionalId?: string;
}

export interface RelayOutboxResult {
  claimed: number;
  published: number;
  failed: number;
}

interface OutboxRow {
  id: string;
  queue: QueueName;
  message_id: string;
  type: string;
  version: number;
  payload: unknown;
  correlation_id: string | null;
  occurred_at: string | Date;
  deliver_at: string | Date | null;
  publish_attempts: number;
}

const iso = (d: Date) => d.toISOString();
const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));
const toPayload = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) as unknown : value);

/**
 * Publishes pending outbox rows (DESIGN.md §7). One batch: claim rows oldest first with
 * `FOR UPDATE SKIP LOCKED` and a lease (a short transaction), send each outside any transaction, then mark
 * the sent ones published and give the failed ones an error, an attempt and a retry time.
 *
 * At-least-once: a relay that dies after sending but before marking leaves the row pending, and it is
 * sent again once the lease ends; the queue's duplicate detection (messageId = outbox id, 10-minute
 * window ≥ the lease) drops the copy, and the consumer inbox (applyOnce) absorbs anything later.
 */
export async function relayOutbox(options: RelayOutboxOptions): Promise<RelayOutboxResult> {
  const { db, sender, now } = options;
  const batchSize = options.batchSize ?? 100;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000));
  const retryBaseMs = options.retryBaseMs ?? 5_000;
  const retryCapMs = options.retryCapMs ?? 5 * 60_000;
  const types = options.onlyTypes ? [...options.onlyTypes] : null;

  const rows = await withSystemBypass(db, 'outbox relay claim', async (tx) => rowsOf<OutboxRow>(await tx.execute(sql`
    with candidates as (
      select o.id from event_outbox o
      left join event_outbox_claims c on c.outbox_id = o.id
      where o.published_at is null
        and (c.claimed_until is null or c.claimed_until <= ${iso(now)}::timestamptz)
        ${types ? sql`and o.type in ${types}` : sql``}
        ${options.onlyProfessionalId ? sql`and o.professional_id = ${options.onlyProfessionalId}::uuid` : sql``}
      order by o.created_at, o.id
      limit ${batchSize}
      for update of o skip locked
    ), claimed as (
      insert into event_outbox_claims (outbox_id, claimed_until, created_at, updated_at)
      select id, ${iso(leaseUntil)}::timestamptz, ${iso(now)}::timestamptz, ${iso(now)}::timestamptz from candidates
      on conflict (outbox_id) do update set claimed_until = excluded.claimed_until, updated_at = excluded.updated_at
      returning outbox_id
    )
    select o.id, o.queue, o.message_id, o.type, o.version, o.payload, o.correlation_id, o.occurred_at, o.deliver_at,
      o.publish_attempts
    from event_outbox o join claimed on claimed.outbox_id = o.id`)));
  if (rows.length === 0) return { claimed: 0, published: 0, failed: 0 };
  rows.sort((a, b) => toDate(a.occurred_at).getTime() - toDate(b.occurred_at).getTime() || a.id.localeCompare(b.id));

  const published: string[] = [];
  const failed: { id: string; error: string; retryAt: Date }[] = [];
  for (const row of rows) {
    const envelope: MessageEnvelope = {
      messageId: row.message_id,
      type: row.type,
      version: row.version,
      occurredAt: toDate(row.occurred_at).toISOString(),
      correlationId: row.correlation_id,
      payload: toPayload(row.payload),
    };
    try {
      await sender.send(row.queue, envelope, row.deliver_at ? { scheduledAt: toDate(row.deliver_at) } : {});
      published.push(row.id);
    } catch (error) {
      const delay = Math.min(retryCapMs, retryBaseMs * 2 ** row.publish_attempts);
      failed.push({ id: row.id, error: errorText(error), retryAt: new Date(now.getTime() + delay) });
    }
  }

  await withSystemBypass(db, 'outbox relay mark', async (tx) => {
    if (published.length > 0) {
      await tx.execute(sql`
        update event_outbox set published_at = ${iso(now)}::timestamptz, publish_attempts = publish_attempts + 1,
          last_error = null, updated_at = ${iso(now)}::timestamptz
        where id in ${published} and published_at is null`);
      await tx.execute(sql`delete from event_outbox_claims where outbox_id in ${published}`);
    }
    for (const f of failed) {
      await tx.execute(sql`
        update event_outbox set publish_attempts = publish_attempts + 1, last_error = ${f.error}, updated_at = ${iso(now)}::timestamptz
        where id = ${f.id}`);
      // The lease becomes the retry delay: the row waits out its backoff before any relay takes it again.
      await tx.execute(sql`update event_outbox_claims set claimed_until = ${iso(f.retryAt)}::timestamptz where outbox_id = ${f.id}`);
    }
  });
  return { claimed: rows.length, published: published.length, failed: failed.length };
}

/** The error's class and message, bounded; never a payload. */
function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
  return text.slice(0, 500);
}
