import { jobPorts, registerTimer } from '@korevitta/platform';

/**
 * `check_missed_checkins`: every five minutes, moves every check-in whose next step is due (open, late, missed)
 * in set-based batches, creates the next instance of those that closed, and asks for their risk to be
 * recalculated. The timing messages do this on time; this sweep guarantees it when one is lost, early or
 * delayed (DESIGN.md §7). Idempotent: a step already taken is not due any more.
 */
export default registerTimer({
  name: 'check-missed-checkins',
  schedule: '30 */5 * * * *',
  handler: async ({ rt, now, log }) => {
    const r = await jobPorts(rt).checkins.sweepDue({ now, batchSize: 5000 });
    log.info('checkins.swept', { batches: r.batches, advanced: r.advanced, opened: r.opened, late: r.late, missed: r.missed, created: r.created, ms: r.ms });
  },
});
