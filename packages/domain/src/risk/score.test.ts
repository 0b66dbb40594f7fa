import { describe, expect, it } from 'vitest';
import type { PatientStatus } from '../patients/types.ts';
import { checkinSignals, computeRisk, DEFAULT_RISK_WEIGHTS, nextStatus, RISK_FACTORS, riskBand, type RiskSignals, type RiskWeights } from './score.ts';

const steady: RiskSignals = {
  onTimeRate: 1, missedCheckins: 0, averageDelayHours: 0, adherence7d: 1, adherence30d: 1, hydration7d: 1, streakDays: 10, daysSinceLastActivity: 0,
};
const signals = (over: Partial<RiskSignals>): RiskSignals => ({ ...steady, ...over });
/** Contributions in RISK_FACTORS order: on_time, missed, delay, adh7, adh30, hydration, streak, inactivity. */
const contributions = (s: RiskSignals, w?: RiskWeights) => computeRisk(s, w).factors.map((f) => f.contribution);

describe('computeRisk: a table of patients', () => {
  it.each([
    ['a steady patient', steady, 0, 'low', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['a new patient with no data and no activity yet', {
      onTimeRate: null, missedCheckins: 0, averageDelayHours: null, adherence7d: null, adherence30d: null, hydration7d: null, streakDays: 0, daysSinceLastActivity: null,
    }, 20, 'low', [0, 0, 0, 0, 0, 0, 5, 15]],
    ['a patient who stopped: every check-in missed, no tasks, 14 days silent', {
      onTimeRate: 0, missedCheckins: 3, averageDelayHours: null, adherence7d: 0, adherence30d: 0, hydration7d: 0, streakDays: 0, daysSinceLastActivity: 14,
    }, 90, 'high', [20, 20, 0, 15, 10, 5, 5, 15]],
    ['the worst case: everything saturated', {
      onTimeRate: 0, missedCheckins: 5, averageDelayHours: 72, adherence7d: 0, adherence30d: 0, hydration7d: 0, streakDays: 0, daysSinceLastActivity: 30,
    }, 100, 'high', [20, 20, 10, 15, 10, 5, 5, 15]],
    ['a wobbling patient (fractions rounded by largest remainder)', {
      onTimeRate: 0.5, missedCheckins: 1, averageDelayHours: 24, adherence7d: 0.6, adherence30d: 0.7, hydration7d: 0.8, streakDays: 2, daysSinceLastActivity: 3,
    }, 38, 'moderate', [10, 7, 5, 6, 3, 1, 4, 2]],
    ['a slipping patient (equal remainders go to the earlier factor)', {
      onTimeRate: 0.25, missedCheckins: 2, averageDelayHours: 12, adherence7d: 0.5, adherence30d: 0.6, hydration7d: 0.5, streakDays: 0, daysSinceLastActivity: 7,
    }, 57, 'moderate', [15, 13, 3, 8, 4, 2, 5, 7]],
    ['a patient late on check-ins but doing the daily plan', signals({ onTimeRate: 0, averageDelayHours: 48 }), 30, 'moderate', [20, 0, 10, 0, 0, 0, 0, 0]],
    ['a patient answering check-ins but not doing the plan for a week', signals({ adherence7d: 0, streakDays: 0, daysSinceLastActivity: 1 }), 20, 'low', [0, 0, 0, 15, 0, 0, 5, 0]],
    ['a patient without a hydration goal', signals({ hydration7d: null }), 0, 'low', [0, 0, 0, 0, 0, 0, 0, 0]],
  ] as const)('when %s, then score %s (%s) with these contributions', (_l, s, score, band, expected) => {
    const r = computeRisk(s);
    expect([r.score, r.band]).toEqual([score, band]);
    expect(r.factors.map((f) => f.contribution)).toEqual(expected);
  });

  it('when a result is computed, then every factor is named, carries its signal value and explains itself', () => {
    const r = computeRisk(signals({ missedCheckins: 2, daysSinceLastActivity: 9, onTimeRate: 0.5 }));
    expect(r.factors.map((f) => f.factor)).toEqual([...RISK_FACTORS]);
    expect(r.factors.find((f) => f.factor === 'missed_checkins')).toEqual({ factor: 'missed_checkins', value: 2, contribution: 14, explanation: '2 check-ins missed recently' });
    expect(r.factors.find((f) => f.factor === 'inactivity')).toMatchObject({ value: 9, explanation: '9 days since the last activity' });
    expect(r.factors.find((f) => f.factor === 'on_time_rate')).toMatchObject({ value: 0.5, contribution: 10, explanation: 'Recent check-ins answered on time: 50%' });
  });

  it('when a signal has no data, then it contributes 0 and says so', () => {
    const r = computeRisk(signals({ adherence7d: null, onTimeRate: null }));
    expect(r.factors.find((f) => f.factor === 'adherence_7d')).toEqual({ factor: 'adherence_7d', value: null, contribution: 0, explanation: 'No protocol tasks in the last 7 days' });
    expect(r.factors.find((f) => f.factor === 'on_time_rate')?.explanation).toBe('No check-in has closed yet');
  });

  it('when signals fall outside their range (rate above 1, negative counts), then they are clamped, not amplified', () => {
    expect(computeRisk(signals({ onTimeRate: 1.4, missedCheckins: -2, adherence7d: -0.5 })).score).toBe(15);
  });

  it('when weights are given, then they are normalised to 100 points', () => {
    const onlyInactivity = Object.fromEntries(RISK_FACTORS.map((f) => [f, f === 'inactivity' ? 1 : 0])) as Record<(typeof RISK_FACTORS)[number], number>;
    expect(computeRisk(signals({ daysSinceLastActivity: 14 }), onlyInactivity).score).toBe(100);
    const doubled = Object.fromEntries(RISK_FACTORS.map((f) => [f, DEFAULT_RISK_WEIGHTS[f] * 2])) as RiskWeights;
    expect(contributions(signals({ onTimeRate: 0.5 }), doubled)).toEqual(contributions(signals({ onTimeRate: 0.5 })));
  });

  it('when the weights are negative or all zero, then it is a bug (throws)', () => {
    expect(() => computeRisk(steady, { ...DEFAULT_RISK_WEIGHTS, streak: -1 })).toThrow();
    const zero = Object.fromEntries(RISK_FACTORS.map((f) => [f, 0])) as Record<(typeof RISK_FACTORS)[number], number>;
    expect(() => computeRisk(steady, zero)).toThrow();
  });

  it('when the default weights are read, then they sum to 100', () => {
    expect(RISK_FACTORS.reduce((a, f) => a + DEFAULT_RISK_WEIGHTS[f], 0)).toBe(100);
  });

  it('when many signal combinations are scored, then the score is an integer 0–100 equal to the sum of contributions, and repeatable', () => {
    const rates = [null, 0, 0.33, 0.5, 0.77, 1];
    for (const r of rates) {
      for (const missed of [0, 1, 2, 4]) {
        for (const idle of [null, 0, 2, 5, 13, 40]) {
          const s: RiskSignals = { onTimeRate: r, missedCheckins: missed, averageDelayHours: r === null ? null : 7.3, adherence7d: r, adherence30d: r === null ? null : 1 - r, hydration7d: 0.41, streakDays: missed, daysSinceLastActivity: idle };
          const a = computeRisk(s);
          expect(Number.isInteger(a.score) && a.score >= 0 && a.score <= 100).toBe(true);
          expect(a.factors.reduce((x, f) => x + f.contribution, 0)).toBe(a.score);
          expect(a.factors.every((f) => Number.isInteger(f.contribution) && f.contribution >= 0)).toBe(true);
          expect(computeRisk(s)).toEqual(a);
        }
      }
    }
  });

  it.each([[0, 'low'], [29, 'low'], [30, 'moderate'], [59, 'moderate'], [60, 'high'], [100, 'high']] as const)('when the score is %s, then the band is %s', (score, band) => {
    expect(riskBand(score)).toBe(band);
  });
});

describe('nextStatus: hysteresis', () => {
  const run = (start: PatientStatus, scores: number[], thresholds?: { enter: number; exit: number }) => {
    const out: PatientStatus[] = [];
    let s = start;
    for (const score of scores) {
      s = nextStatus(s, score, thresholds);
      out.push(s);
    }
    return out;
  };

  it('when the score rises and falls, then at_risk is entered at 60 and left only below 45', () => {
    expect(run('active', [30, 59, 60, 50, 46, 45, 44, 59, 60])).toEqual([
      'active', 'active', 'at_risk', 'at_risk', 'at_risk', 'at_risk', 'active', 'active', 'at_risk',
    ]);
  });

  it('when the score hovers around the entry threshold, then the status does not flap', () => {
    expect(run('active', [61, 59, 61, 58, 62, 55])).toEqual(['at_risk', 'at_risk', 'at_risk', 'at_risk', 'at_risk', 'at_risk']);
  });

  it('when the score hovers around the exit threshold, then the status changes once', () => {
    expect(run('at_risk', [44, 46, 44, 47, 43])).toEqual(['active', 'active', 'active', 'active', 'active']);
  });

  it.each([['paused'], ['archived']] as const)('when the patient is %s, then no score changes the status', (status) => {
    expect(run(status, [0, 100, 30, 90])).toEqual([status, status, status, status]);
  });

  it('when thresholds are given, then they are used', () => {
    expect(run('active', [65, 70, 55, 49], { enter: 70, exit: 50 })).toEqual(['active', 'at_risk', 'at_risk', 'active']);
  });

  it('when the exit threshold is not below the entry threshold, then it is a bug (throws)', () => {
    expect(() => nextStatus('active', 50, { enter: 50, exit: 50 })).toThrow();
  });
});

describe('checkinSignals: from closed check-ins', () => {
  const due = (day: number) => new Date(Date.UTC(2026, 2, day, 12));
  const h = (d: Date, hours: number) => new Date(d.getTime() + hours * 3_600_000);

  it('when none has closed, then the rates are unknown (null) and nothing is missed', () => {
    expect(checkinSignals([])).toEqual({ onTimeRate: null, missedCheckins: 0, averageDelayHours: null });
  });

  it('when some were on time, some late and some missed, then rate, misses and mean delay of the late ones', () => {
    const closed = [
      { dueAt: due(1), submittedAt: h(due(1), -3) },
      { dueAt: due(8), submittedAt: h(due(8), 10) },
      { dueAt: due(15), submittedAt: null },
      { dueAt: due(22), submittedAt: h(due(22), 20) },
    ];
    expect(checkinSignals(closed)).toEqual({ onTimeRate: 0.25, missedCheckins: 1, averageDelayHours: 15 });
  });

  it('when a submission lands exactly at the due instant, then it counts as late (the state machine’s rule)', () => {
    expect(checkinSignals([{ dueAt: due(1), submittedAt: due(1) }])).toEqual({ onTimeRate: 0, missedCheckins: 0, averageDelayHours: 0 });
  });

  it('when more than N closed, then only the N most recent by due time count, whatever the input order', () => {
    const old = Array.from({ length: 5 }, (_, i) => ({ dueAt: due(i + 1), submittedAt: null }));
    const recent = [{ dueAt: due(20), submittedAt: h(due(20), -1) }, { dueAt: due(27), submittedAt: h(due(27), -1) }];
    expect(checkinSignals([...recent, ...old], 2)).toEqual({ onTimeRate: 1, missedCheckins: 0, averageDelayHours: 0 });
  });

  it('when all were missed, then no delay is known', () => {
    expect(checkinSignals([{ dueAt: due(1), submittedAt: null }, { dueAt: due(8), submittedAt: null }])).toEqual({ onTimeRate: 0, missedCheckins: 2, averageDelayHours: null });
  });
});
