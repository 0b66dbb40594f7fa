import { ensureMonthlyPartitions, generateDailyTasks, purgeExpired, recalculateRiskNightly, sweepCheckins } from '@korevitta/db';
import type { Runtime } from '../runtime.ts';

/** How many months ahead the monthly partitions must exist, so inserts never land in the default partition. */
const PARTITION_MONTHS_AHEAD = 3;

/**
 * The set-based SQL of the scheduled jobs, bound to this runtime's database (a system handle: a job runs over
 * every tenant, in short transactions of its own).
 */
export function jobPorts(rt: Pick<Runtime, 'db'>) {
  return {
    checkins: { sweepDue: (input: { now: Date; batchSize: number }) => sweepCheckins(rt.db, input) },
    dailyTasks: { generate: (input: { now: Date; horizonDays: number; batchSize: number }) => generateDailyTasks(rt.db, input) },
    risk: { recalculateAll: (input: { now: Date; writeBatchSize: number }) => recalculateRiskNightly(rt.db, input) },
    retention: { purgeExpired: (input: { now: Date }) => purgeExpired(rt.db, input) },
  };
}

/** Infrastructure: keeps every monthly-partitioned table three months ahead of `now`. Returns how many partitions it created. */
export const createPartitionsAhead = (rt: Pick<Runtime, 'db'>, now: Date): Promise<number> =>
  ensureMonthlyPartitions(rt.db, { today: now.toISOString().slice(0, 10), monthsAhead: PARTITION_MONTHS_AHEAD });
