import { describe, expect, it } from 'vitest';
import { recalculateAllRisk } from './recalculate-all-risk.ts';

describe('recalculateAllRisk (the nightly risk job)', () => {
  it('when the job runs at now, then every live patient is reassessed at that instant, written 5,000 per transaction', async () => {
    const now = new Date('2026-12-04T03:00:00.000Z');
    const asked: { now: Date; writeBatchSize: number }[] = [];
    const result = await recalculateAllRisk({ risk: { recalculateAll: async (input) => { asked.push(input); return { writes: 1, patients: 10, statusChanges: 2 }; } } }, { now });
    expect(asked).toEqual([{ now, writeBatchSize: 5000 }]);
    expect(result).toEqual({ writes: 1, patients: 10, statusChanges: 2 });
  });
});
