import { describe, expect, it } from 'vitest';
import { addDays, dateRange, daysBetween, isCalendarDate, localDate } from './calendar.ts';
import { decideComplete, decideUndo, type TaskForCompletion } from './completion.ts';
import { hydrationProgress } from './hydration.ts';
import { adherenceReadRange, computeAdherence } from './adherence.ts';

const task = (over: Partial<TaskForCompletion> = {}): TaskForCompletion => ({
  id: 't1', patientId: 'p1', taskDate: '2026-11-29', kind: 'meal', completedAt: null, timezone: 'America/Sao_Paulo', ...over,
});
const me = { patientId: 'p1' };

describe('day boundaries across time zones and DST', () => {
  it('when it is 02:30 UTC, then São Paulo (UTC−3) is still on the previous day and Tokyo is on the same day', () => {
    const now = new Date('2026-11-30T02:30:00Z');
    expect(localDate(now, 'America/Sao_Paulo')).toBe('2026-11-29');
    expect(localDate(now, 'Asia/Tokyo')).toBe('2026-11-30');
  });

  it('when New York springs forward (2026-03-08), then the day still runs midnight to midnight local', () => {
    expect(localDate(new Date('2026-03-08T04:59:00Z'), 'America/New_York')).toBe('2026-03-07'); // 23:59 EST
    expect(localDate(new Date('2026-03-08T05:00:00Z'), 'America/New_York')).toBe('2026-03-08'); // 00:00 EST
    expect(localDate(new Date('2026-03-09T03:59:00Z'), 'America/New_York')).toBe('2026-03-08'); // 23:59 EDT (a 23 h day)
    expect(localDate(new Date('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
  });

  it('when Lisbon falls back (2026-10-25), then the 25 h day keeps one date', () => {
    expect(localDate(new Date('2026-10-24T23:00:00Z'), 'Europe/Lisbon')).toBe('2026-10-25'); // 00:00 WEST
    expect(localDate(new Date('2026-10-25T23:59:00Z'), 'Europe/Lisbon')).toBe('2026-10-25'); // 23:59 WET
    expect(localDate(new Date('2026-10-26T00:00:00Z'), 'Europe/Lisbon')).toBe('2026-10-26');
  });

  it('when dates are added across a DST change or a leap day, then calendar arithmetic is exact', () => {
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2026-10-01', '2026-10-31')).toBe(30);
    expect(dateRange('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });
});

describe('completion rules', () => {
  const now = new Date('2026-11-30T02:30:00Z'); // São Paulo: 2026-11-29 23:30

  it('when the patient completes its own task of today, then it is inserted', () => {
    expect(decideComplete(task(), me, now)).toEqual({ ok: true, value: { kind: 'insert' } });
  });

  it("when the task belongs to another patient or does not exist, then not found (never forbidden)", () => {
    expect(decideComplete(task({ patientId: 'p2' }), me, now)).toMatchObject({ ok: false, error: { code: 'DAILY.TASK_NOT_FOUND' } });
    expect(decideComplete(null, me, now)).toMatchObject({ ok: false, error: { code: 'DAILY.TASK_NOT_FOUND' } });
    expect(decideComplete(task(), { patientId: null }, now)).toMatchObject({ ok: false, error: { code: 'DAILY.TASK_NOT_FOUND' } });
    expect(decideUndo(task({ patientId: 'p2' }), me)).toMatchObject({ ok: false, error: { code: 'DAILY.TASK_NOT_FOUND' } });
  });

  it("when the task is of tomorrow in the patient's zone (although today in UTC), then refused as a future task", () => {
    expect(decideComplete(task({ taskDate: '2026-11-30' }), me, now)).toMatchObject({ ok: false, error: { code: 'DAILY.FUTURE_TASK' } });
    expect(decideComplete(task({ taskDate: '2026-11-30', timezone: 'Asia/Tokyo' }), me, now)).toMatchObject({ ok: true });
  });

  it('when a past task is completed, then allowed (late logging)', () => {
    expect(decideComplete(task({ taskDate: '2026-11-20' }), me, now)).toMatchObject({ ok: true });
  });

  it('when completed twice or undone twice, then the second is a no-op', () => {
    const done = new Date('2026-11-29T12:00:00Z');
    expect(decideComplete(task({ completedAt: done }), me, now)).toEqual({ ok: true, value: { kind: 'already_done', completedAt: done } });
    expect(decideUndo(task({ completedAt: done }), me)).toEqual({ ok: true, value: { kind: 'delete' } });
    expect(decideUndo(task(), me)).toEqual({ ok: true, value: { kind: 'already_undone' } });
  });

  it('when the task is the hydration goal, then it cannot be ticked (water logs drive it)', () => {
    expect(decideComplete(task({ kind: 'hydration' }), me, now)).toMatchObject({ ok: false, error: { code: 'DAILY.TASK_NOT_COMPLETABLE' } });
  });
});

describe('hydration progress', () => {
  it('when intake exceeds the goal, then the percent is not capped', () => expect(hydrationProgress(2000, 2600)).toEqual({ goalMl: 2000, consumedMl: 2600, percent: 130 }));
  it('when there is no goal, then percent is null', () => expect(hydrationProgress(null, 500).percent).toBeNull());
  it('when half the goal, then 50', () => expect(hydrationProgress(2500, 1250).percent).toBe(50));
});

describe('adherence series and averages', () => {
  const today = '2026-11-29';
  it('when days have tasks, then the series has completed/total and capped hydration; averages are pooled and end today', () => {
    const facts = [
      { date: '2026-11-27', total: 4, completed: 2, goalMl: 2000, consumedMl: 3000 },
      { date: '2026-11-28', total: 4, completed: 4, goalMl: 2000, consumedMl: 1000 },
      { date: '2026-11-29', total: 2, completed: 0, goalMl: null, consumedMl: 0 },
      { date: '2026-11-30', total: 4, completed: 0, goalMl: 2000, consumedMl: 0 },
    ];
    const a = computeAdherence(facts, { from: '2026-11-26', to: '2026-11-30', today });
    expect(a.days.map((d) => [d.date, d.completed, d.total, d.completionRate, d.hydration.percent])).toEqual([
      ['2026-11-26', 0, 0, null, null],
      ['2026-11-27', 2, 4, 0.5, 150],
      ['2026-11-28', 4, 4, 1, 50],
      ['2026-11-29', 0, 2, 0, null],
      ['2026-11-30', 0, 4, 0, 0],
    ]);
    expect(a.averages.last7).toEqual({ from: '2026-11-23', to: today, completionRate: 0.6, hydrationRate: 0.75 });
    expect(a.averages.last30).toMatchObject({ from: '2026-10-31', to: today, completionRate: 0.6 });
  });

  it('when no day has tasks, then the averages are null', () => {
    expect(computeAdherence([], { from: today, to: today, today }).averages.last7).toMatchObject({ completionRate: null, hydrationRate: null });
  });

  it('when the series is short, then the read range still covers the 30-day window', () => {
    expect(adherenceReadRange('2026-11-25', '2026-11-29', today)).toEqual({ from: '2026-10-31', to: today });
    expect(adherenceReadRange('2026-12-01', '2026-12-05', today)).toEqual({ from: '2026-10-31', to: '2026-12-05' });
  });
});
