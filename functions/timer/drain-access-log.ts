import { drainAccessLog, registerTimer } from '@korevitta/platform';

/**
 * `access-log-drain`: every minute, moves the reads recorded in the unlogged buffer into the monthly-partitioned
 * patient_access_log (set-based batches, SKIP LOCKED, idempotent; ADR 0019). A failed run leaves the rows for the next.
 */
export default registerTimer({
  name: 'access-log-drain',
  schedule: '0 * * * * *',
  handler: async ({ rt, log }) => {
    const moved = await drainAccessLog(rt);
    if (moved > 0) log.info('access_log.drained', { moved });
  },
});
