import { describe, expect, it } from 'vitest';
import type { PatientStatus } from '../patients/types.ts';
import { getPatientRisk, type PatientRiskReader, type StoredRisk } from './get-patient-risk.ts';
import { recalculateRisk, riskRequestMessageId } from './recalculation.ts';
import { computeRisk, type RiskSignals } from './score.ts';

const steady: RiskSignals = { onTimeRate: 1, missedCheckins: 0, averageDelayHours: 0, adherence7d: 1, adherence30d: 1, hydration7d: 1, streakDays: 10, daysSinceLastActivity: 0 };
/** Score 90 (see score.test.ts). */
const stopped: RiskSignals = { onTimeRate: 0, missedCheckins: 3, averageDelayHours: null, adherence7d: 0, adherence30d: 0, hydration7d: 0, streakDays: 0, daysSinceLastActivity: 14 };
/** Score 57: between the exit (45) and entry (60) thresholds. */
const slipping: RiskSignals = { onTimeRate: 0.25, missedCheckins: 2, averageDelayHours: 12, adherence7d: 0.5, adherence30d: 0.6, hydration7d: 0.5, streakDays: 0, daysSinceLastActivity: 7 };

describe('recalculateRisk: assessment and status in one pure step', () => {
  it.each<[string, PatientStatus, RiskSignals, PatientStatus, boolean]>([
    ['an active patient who stopped', 'active', stopped, 'at_risk', true],
    ['an at-risk patient back on track', 'at_risk', steady, 'active', true],
    ['an at-risk patient still slipping (57, above the exit threshold)', 'at_risk', slipping, 'at_risk', false],
    ['an active patient slipping (57, below the entry threshold)', 'active', slipping, 'active', false],
    ['a paused patient who stopped', 'paused', stopped, 'paused', false],
    ['an archived patient', 'archived', stopped, 'archived', false],
  ])('when %s, then the status is %s (changed: %s)', (_l, current, signals, status, changed) => {
    const r = recalculateRisk(current, signals);
    expect(r).toMatchObject({ previousStatus: current, status, statusChanged: changed });
    expect(r.assessment).toEqual(computeRisk(signals));
  });

  it('when the same facts are recalculated again after a change, then nothing changes a second time (a replay is a no-op)', () => {
    const first = recalculateRisk('active', stopped);
    const again = recalculateRisk(first.status, stopped);
    expect([first.statusChanged, again.statusChanged]).toEqual([true, false]);
    expect(again.assessment).toEqual(first.assessment);
  });

  it('when a request message id is derived, then it is per patient and per request instant', () => {
    const at = new Date('2026-03-01T12:00:00.123Z');
    expect(riskRequestMessageId('p1', at)).toBe(`risk:p1:${at.getTime()}`);
    expect(riskRequestMessageId('p1', new Date(at.getTime() + 1))).not.toBe(riskRequestMessageId('p1', at));
  });
});

describe('getPatientRisk', () => {
  const NOW = new Date('2026-03-01T12:00:00Z');
  const reader = (stored: StoredRisk | null, signals: RiskSignals | null = steady): PatientRiskReader & { signalReads: number } => {
    const r = { signalReads: 0, stored: async () => stored, signals: async () => { r.signalReads += 1; return signals; } };
    return r;
  };

  it('when an assessment is stored, then it is returned as stored, without reading signals', async () => {
    const assessment = computeRisk(stopped);
    const computedAt = new Date('2026-02-28T03:00:00Z');
    const risk = reader({ status: 'at_risk', assessment, computedAt });
    const r = await getPatientRisk({ risk, now: NOW }, { role: 'professional' }, { patientId: 'p1' });
    expect(r).toEqual({ ok: true, value: { patientId: 'p1', status: 'at_risk', ...assessment, computedAt, live: false } });
    expect(risk.signalReads).toBe(0);
  });

  it('when the patient was never assessed, then a live assessment is computed now and marked live', async () => {
    const r = await getPatientRisk({ risk: reader({ status: 'active', assessment: null, computedAt: null }, slipping), now: NOW }, { role: 'professional' }, { patientId: 'p1' });
    expect(r).toEqual({ ok: true, value: { patientId: 'p1', status: 'active', ...computeRisk(slipping), computedAt: NOW, live: true } });
  });

  it('when the patient is not visible, or the caller is a patient, then not found', async () => {
    expect(await getPatientRisk({ risk: reader(null), now: NOW }, { role: 'professional' }, { patientId: 'p1' })).toMatchObject({ ok: false, error: { code: 'PATIENT.NOT_FOUND' } });
    expect(await getPatientRisk({ risk: reader({ status: 'active', assessment: null, computedAt: null }), now: NOW }, { role: 'patient' }, { patientId: 'p1' }))
      .toMatchObject({ ok: false, error: { code: 'PATIENT.NOT_FOUND' } });
  });
});
