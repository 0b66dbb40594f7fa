import { createPartitionsAhead, registerTimer } from '@korevitta/platform';

/**
 * Daily, idempotent: keeps the monthly partitions (DESIGN.md §4) three months ahead, so inserts never land in
 * the default partition. Infrastructure upkeep, not a use case (ADR 0016): packages/db/src/partitions.ts.
 */
export default registerTimer({
  name: 'partitions-create',
  schedule: '0 15 3 * * *',
  handler: async ({ rt, now, log }) => {
    const created = await createPartitionsAhead(rt, now);
    if (created > 0) log.info('partitions.created', { created });
  },
});
