import { recalculateAllRisk } from '@korevitta/domain';
import { jobPorts, registerTimer } from '@korevitta/platform';

/**
 * The nightly risk recalculation, the safety net behind the event-driven one: at 03:00 UTC (midnight in
 * Brasília, so "yesterday" is a complete day for most patients) the domain's recalculateAllRisk
 * (packages/domain/src/risk/recalculate-all-risk.ts) reassesses every live patient: id ranges of 25,000 patients,
 * two at a time, each one read and writes of 5,000 in short system transactions. `now` is fixed once; idempotent
 * (a status change is written, audited and emitted once; a rerun finds nothing to change).
 */
export default registerTimer({
  name: 'risk-recalculate-nightly',
  schedule: '0 0 3 * * *',
  handler: async ({ rt, now, log }) => {
    const result = await recalculateAllRisk(jobPorts(rt), { now });
    log.info('risk.nightly_recalculated', { writes: result.writes, patients: result.patients, statusChanges: result.statusChanges });
  },
});
