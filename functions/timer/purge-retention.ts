import { jobPorts, registerTimer } from '@korevitta/platform';

/**
 * `retention-purge`: hourly, deletes expired Idempotency-Key records (their stored responses may hold health
 * data), published outbox rows older than a week and consumer inbox entries older than two weeks
 * (packages/db/src/retention.ts). Bounded batches; idempotent, so a failed run is repaired by the next.
 */
export default registerTimer({
  name: 'retention-purge',
  schedule: '0 20 * * * *',
  handler: async ({ rt, now, log }) => {
    const r = await jobPorts(rt).retention.purgeExpired({ now });
    log.info('retention.purged', { idempotencyKeys: r.idempotencyKeys, publishedOutbox: r.publishedOutbox, processedMessages: r.processedMessages });
  },
});
