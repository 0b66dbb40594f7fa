const DAY_MS = 86_400_000;

/**
 * How long the transport tables keep what they no longer need (LGPD Art. 15/16: data is kept only while its
 * purpose lasts). Stored idempotent responses can carry health data (a submitted check-in's answers, a message):
 * they go as soon as their key expires (24 h). Published outbox rows are kept a week for diagnosis; consumer inbox
 * entries two weeks, longer than any redelivery (Service Bus duplicate detection: 10 minutes; queue TTL: 14 days
 * at most), so a late duplicate is still recognised.
 */
export const RETENTION = { publishedOutboxDays: 7, processedMessagesDays: 14 } as const;

/** The instants before which each kind of record goes. */
export interface RetentionCutoffs { idempotencyKeysExpiredBy: Date; outboxPublishedBy: Date; inboxProcessedBy: Date }

export const retentionCutoffs = (now: Date): RetentionCutoffs => ({
  idempotencyKeysExpiredBy: now,
  outboxPublishedBy: new Date(now.getTime() - RETENTION.publishedOutboxDays * DAY_MS),
  inboxProcessedBy: new Date(now.getTime() - RETENTION.processedMessagesDays * DAY_MS),
});

export interface PurgedRecords { idempotencyKeys: number; publishedOutbox: number; processedMessages: number }

/** Port: set-based, bounded deletes (packages/db/src/retention.ts). */
export interface RetentionPurger { purge(cutoffs: RetentionCutoffs): Promise<PurgedRecords> }

/** The `retention-purge` job: deletes what RETENTION no longer keeps. Idempotent and safe to overlap. */
export function purgeExpiredRecords(deps: { retention: RetentionPurger }, input: { now: Date }): Promise<PurgedRecords> {
  return deps.retention.purge(retentionCutoffs(input.now));
}
