import { ensureMonthlyPartitions, generateDailyTasks, purgeRecords, recalculateRiskNightly, sweepCheckins } from '@korevitta/db';
import type { AllRiskRecalculator, DueCheckinSweeper, RetentionPurger, UpcomingTaskGenerator } from '@korevitta/domain';
import type { Runtime } from '../runtime.ts';

/** How many months ahead the monthly partitions must exist, so inserts never land in the default partition. */
const PARTITION_MONTHS_AHEAD = 3;

export interface JobPorts {
  checkins: DueCheckinSweeper;
  dailyTasks: UpcomingTaskGenerator;
  risk: AllRiskRecalculator;
  retention: RetentionPurger;
}

/**
 * The ports of the scheduled jobs' domain entries (sweepDueCheckins, generateUpcomingTasks, recalculateAllRisk,
 * purgeExpiredRecords): their set-based SQL, bound to this runtime's database. A system handle: a job runs over
 * every tenant, in short transactions of its own.
 */
export function jobPorts(rt: Pick<Runtime, 'db'>): JobPorts {
  return {
    checkins: { sweepDue: (input) => sweepCheckins(rt.db, input) },
    dailyTasks: { generate: (input) => generateDailyTasks(rt.db, input) },
    risk: { recalculateAll: (input) => recalculateRiskNightly(rt.db, input) },
    retention: { purge: (cutoffs) => purgeRecords(rt.db, cutoffs) },
  };
}

/** Infrastructure, not a use case: keeps every monthly-partitioned table three months ahead of `now`. Returns how many partitions it created. */
export const createPartitionsAhead = (rt: Pick<Runtime, 'db'>, now: Date): Promise<number> =>
  ensureMonthlyPartitions(rt.db, { today: now.toISOString().slice(0, 10), monthsAhead: PARTITION_MONTHS_AHEAD });
