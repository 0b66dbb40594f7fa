import { describe, expect, it } from 'vitest';
import { purgeExpiredRecords, RETENTION, retentionCutoffs, type RetentionCutoffs } from './purge-expired-records.ts';

const NOW = new Date('2026-12-03T12:00:00.000Z');

describe('retention (LGPD: kept only while the purpose lasts)', () => {
  it('when the purge runs at now, then idempotency keys go at expiry, published outbox rows after 7 days, inbox entries after 14', () => {
    expect(RETENTION).toEqual({ publishedOutboxDays: 7, processedMessagesDays: 14 });
    expect(retentionCutoffs(NOW)).toEqual({
      idempotencyKeysExpiredBy: NOW,
      outboxPublishedBy: new Date('2026-11-26T12:00:00.000Z'),
      inboxProcessedBy: new Date('2026-11-19T12:00:00.000Z'),
    });
  });

  it('when the job runs, then the purge port gets those cutoffs and its counts are the result', async () => {
    const asked: RetentionCutoffs[] = [];
    const result = await purgeExpiredRecords({ retention: { purge: async (c) => { asked.push(c); return { idempotencyKeys: 3, publishedOutbox: 1, processedMessages: 2 }; } } }, { now: NOW });
    expect(asked).toEqual([retentionCutoffs(NOW)]);
    expect(result).toEqual({ idempotencyKeys: 3, publishedOutbox: 1, processedMessages: 2 });
  });
});
