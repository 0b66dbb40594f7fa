import { registerTimer, relayOutbox } from '@korevitta/platform';

/** Bounded work per run: a few batches, then the next tick (every 5 s) takes the rest. */
const MAX_BATCHES_PER_RUN = 10;
const BATCH_SIZE = 100;

export default registerTimer({
  name: 'outbox-relay',
  schedule: '*/5 * * * * *',
  handler: async ({ rt, now, log }) => {
    let published = 0;
    let failed = 0;
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i += 1) {
      const batch = await relayOutbox({ db: rt.db, sender: rt.queue, now, batchSize: BATCH_SIZE });
      published += batch.published;
      failed += batch.failed;
      if (batch.claimed < BATCH_SIZE) break;
    }
    if (published + failed > 0) log.info('outbox.relayed', { published, failed });
  },
});
