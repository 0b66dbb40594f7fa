import { describe, expect, it } from 'vitest';
import { generateUpcomingTasks } from './generate-upcoming-tasks.ts';

describe('generateUpcomingTasks (the generate_daily_tasks job)', () => {
  it('when the job runs at now, then today + 7 days are materialized, 2,000 patients per batch', async () => {
    const now = new Date('2026-12-03T12:05:00.000Z');
    const asked: { now: Date; horizonDays: number; batchSize: number }[] = [];
    const result = await generateUpcomingTasks({ dailyTasks: { generate: async (input) => { asked.push(input); return { batches: 1, patients: 4, inserted: 32 }; } } }, { now });
    expect(asked).toEqual([{ now, horizonDays: 7, batchSize: 2000 }]);
    expect(result).toEqual({ batches: 1, patients: 4, inserted: 32 });
  });
});
