import { purgeExpiredRecords } from '@korevitta/domain';
import { jobPorts, purgeBillingPayloads, purgeExpiredDataExports, purgeUnconfirmedUploads, registerTimer } from '@korevitta/platform';

/**
 * `retention-purge`: hourly, the domain's purgeExpiredRecords (packages/domain/src/jobs/purge-expired-records.ts,
 * the RETENTION rule) deletes expired Idempotency-Key records (their stored responses may hold health data),
 * published outbox rows older than a week and consumer inbox entries older than two weeks; uploads not confirmed
 * within 24 h are deleted with their blobs; billing event payloads are emptied 30 days after they were applied
 * (ADR 0018); LGPD exports go 7 days after their request with their ZIP (ADR 0021). Bounded batches; idempotent, so a
 * failed run is repaired by the next.
 */
export default registerTimer({
  name: 'retention-purge',
  schedule: '0 20 * * * *',
  handler: async ({ rt, now, log }) => {
    const r = await purgeExpiredRecords(jobPorts(rt), { now });
    const unconfirmedUploads = await purgeUnconfirmedUploads(rt, { now });
    const billingPayloads = await purgeBillingPayloads(rt, now);
    const dataExports = await purgeExpiredDataExports(rt, { now });
    log.info('retention.purged', { idempotencyKeys: r.idempotencyKeys, publishedOutbox: r.publishedOutbox, processedMessages: r.processedMessages, unconfirmedUploads, billingPayloads, dataExports });
  },
});
