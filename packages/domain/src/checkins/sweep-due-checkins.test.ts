import { describe, expect, it } from 'vitest';
import { DUE_CHECKIN_SWEEP_BATCH, sweepDueCheckins, type DueCheckinSweep } from './sweep-due-checkins.ts';

describe('sweepDueCheckins (the check_missed_checkins job)', () => {
  it('when the job runs at now, then the sweep port moves what is due at that instant in batches of 5,000', async () => {
    const now = new Date('2026-12-03T12:00:30.000Z');
    const swept: DueCheckinSweep = { batches: 1, advanced: 2, opened: 1, late: 1, missed: 0, created: 0, ms: { transitions: 1, risk: 0, next: 0 } };
    const asked: { now: Date; batchSize: number }[] = [];
    const result = await sweepDueCheckins({ checkins: { sweepDue: async (input) => { asked.push(input); return swept; } } }, { now });
    expect(DUE_CHECKIN_SWEEP_BATCH).toBe(5000);
    expect(asked).toEqual([{ now, batchSize: 5000 }]);
    expect(result).toBe(swept);
  });
});
