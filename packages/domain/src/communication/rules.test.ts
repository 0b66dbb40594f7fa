import { describe, expect, it } from 'vitest';
import { decideMessageNotification, isParticipant, normalizeMessageBody, resolveThreadTarget, type NotificationFacts } from './rules.ts';
import type { Caller } from './types.ts';

const PRO = 'p-1';
const professional: Caller = { userId: 'u-pro', role: 'professional', professionalId: PRO, patientId: null };
const patient: Caller = { userId: 'u-pat', role: 'patient', professionalId: PRO, patientId: 'pat-1' };

describe('normalizeMessageBody', () => {
  it('when the body has surrounding spaces, then it is trimmed', () => {
    expect(normalizeMessageBody('  oi, tudo bem?\n')).toEqual({ ok: true, body: 'oi, tudo bem?' });
  });
  it('when the body is blank, then it is refused', () => {
    expect(normalizeMessageBody(' \n\t ').ok).toBe(false);
  });
  it('when the body has 4000 characters (emoji count as one), then it passes; 4001 fails', () => {
    expect(normalizeMessageBody('😀'.repeat(4000)).ok).toBe(true);
    expect(normalizeMessageBody('a'.repeat(4001)).ok).toBe(false);
  });
});

describe('isParticipant', () => {
  const thread = { professionalId: PRO, patientId: 'pat-1' };
  it('when the caller is the practice’s professional, then it participates', () => expect(isParticipant(professional, thread)).toBe(true));
  it('when the caller is the thread’s patient, then it participates', () => expect(isParticipant(patient, thread)).toBe(true));
  it('when the caller is another patient of the same practice, then it does not', () => expect(isParticipant({ ...patient, patientId: 'pat-2' }, thread)).toBe(false));
  it('when the caller is of another practice, then it does not', () => expect(isParticipant({ ...professional, professionalId: 'p-2' }, thread)).toBe(false));
});

describe('resolveThreadTarget', () => {
  it('when a professional names a patient and a protocol, then that is the target', () => {
    expect(resolveThreadTarget(professional, { patientId: 'pat-1', contextType: 'protocol', contextId: 'pr-1' })).toEqual({ ok: true, patientId: 'pat-1', contextType: 'protocol', contextId: 'pr-1' });
  });
  it('when a professional names no patient, then it is a validation problem', () => {
    expect(resolveThreadTarget(professional, { contextType: 'general' })).toMatchObject({ ok: false, problem: { code: 'REQUEST.VALIDATION' } });
  });
  it('when a general thread carries a context id, or a check-in thread lacks one, then it is a validation problem', () => {
    expect(resolveThreadTarget(professional, { patientId: 'pat-1', contextType: 'general', contextId: 'x' })).toMatchObject({ ok: false, problem: { code: 'REQUEST.VALIDATION' } });
    expect(resolveThreadTarget(professional, { patientId: 'pat-1', contextType: 'checkin' })).toMatchObject({ ok: false, problem: { code: 'REQUEST.VALIDATION' } });
  });
  it('when a patient opens its general thread, then the patient comes from the token', () => {
    expect(resolveThreadTarget(patient, { contextType: 'general' })).toEqual({ ok: true, patientId: 'pat-1', contextType: 'general', contextId: null });
  });
  it('when a patient names another patient, then it is not found', () => {
    expect(resolveThreadTarget(patient, { patientId: 'pat-2', contextType: 'general' })).toEqual({ ok: false, problem: { code: 'PATIENT.NOT_FOUND' } });
  });
  it('when a patient asks for a protocol thread, then it is not allowed', () => {
    expect(resolveThreadTarget(patient, { contextType: 'protocol', contextId: 'pr-1' })).toMatchObject({ ok: false, problem: { code: 'THREAD.CONTEXT_NOT_ALLOWED' } });
  });
});

describe('decideMessageNotification', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const base: NotificationFacts = { preference: { emailOnMessage: true, quietPeriodMinutes: 30 }, senderUserId: 'a', recipientUserId: 'b', lastNotifiedAt: null, alreadyRead: false, now };
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  it('when never notified, then send', () => expect(decideMessageNotification(base)).toEqual({ kind: 'send' }));
  it('when the preference is off, then skip', () => expect(decideMessageNotification({ ...base, preference: { emailOnMessage: false, quietPeriodMinutes: 30 } })).toEqual({ kind: 'skip', reason: 'preference_off' }));
  it('when the recipient is the sender, then skip', () => expect(decideMessageNotification({ ...base, recipientUserId: 'a' })).toEqual({ kind: 'skip', reason: 'sender_is_recipient' }));
  it('when the recipient already read it, then skip', () => expect(decideMessageNotification({ ...base, alreadyRead: true })).toEqual({ kind: 'skip', reason: 'already_read' }));
  it('when the last e-mail is 29 minutes old (30-minute quiet period), then skip', () => {
    expect(decideMessageNotification({ ...base, lastNotifiedAt: minutesAgo(29) })).toEqual({ kind: 'skip', reason: 'quiet_period' });
  });
  it('when the last e-mail is exactly 30 minutes old, then send', () => expect(decideMessageNotification({ ...base, lastNotifiedAt: minutesAgo(30) })).toEqual({ kind: 'send' }));
  it('when the quiet period is 0, then every message sends', () => {
    expect(decideMessageNotification({ ...base, preference: { emailOnMessage: true, quietPeriodMinutes: 0 }, lastNotifiedAt: now })).toEqual({ kind: 'send' });
  });
});
