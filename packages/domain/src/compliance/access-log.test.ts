import { describe, expect, it } from 'vitest';
import { isRecordedAccess } from './access-log.ts';

const PATIENT = '0190a4f0-0000-7000-8000-000000000001';

describe('access log rule', () => {
  it('when a professional reads a patient, then the read is recorded', () => {
    expect(isRecordedAccess({ userId: 'u', role: 'professional', patientId: null }, PATIENT)).toBe(true);
  });
  it('when the patient reads its own data, then nothing is recorded (the subject is not an accessor)', () => {
    expect(isRecordedAccess({ userId: 'u', role: 'patient', patientId: PATIENT }, PATIENT)).toBe(false);
  });
  it('when the system reads a patient (an export job), then the read is recorded', () => {
    expect(isRecordedAccess({ userId: null, role: 'system', patientId: null }, PATIENT)).toBe(true);
  });
});
