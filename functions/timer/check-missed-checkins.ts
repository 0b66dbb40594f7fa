import { sweepDueCheckins } from '@korevitta/domain';
import { jobPorts, registerTimer } from '@korevitta/platform';

/**
 * `check_missed_checkins`: every five minutes, the domain's sweepDueCheckins (packages/domain/src/checkins/
 * sweep-due-checkins.ts) moves every check-in whose next step is due, in set-based batches.
 */
export default registerTimer({
  name: 'check-missed-checkins',
  schedule: '30 */5 * * * *',
  handler: async ({ rt, now, log }) => {
    const r = await sweepDueCheckins(jobPorts(rt), { now });
    log.info('checkins.swept', { batches: r.batches, advanced: r.advanced, opened: r.opened, late: r.late, missed: r.missed, created: r.created, ms: r.ms });
  },
});
