import { generateUpcomingTasks } from '@korevitta/domain';
import { jobPorts, registerTimer } from '@korevitta/platform';

/**
 * `generate_daily_tasks`: hourly, the domain's generateUpcomingTasks (packages/domain/src/daily/
 * generate-upcoming-tasks.ts) keeps today + 7 days materialized for every patient with an active protocol, each
 * in its own time zone (a patient whose day just started gets its new horizon day within the hour). `now` is
 * fixed once; idempotent, so a failed or overlapping run is repaired by the next one (TEST-CATALOG 38).
 */
export default registerTimer({
  name: 'daily-tasks-generate',
  schedule: '0 5 * * * *',
  handler: async ({ rt, now, log }) => {
    const result = await generateUpcomingTasks(jobPorts(rt), { now });
    log.info('daily_tasks.generated', { batches: result.batches, patients: result.patients, inserted: result.inserted });
  },
});
