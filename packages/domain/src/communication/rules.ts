import type { FieldProblem } from '../shared/field-problems.ts';
import type { Caller, NotificationPreferences, Thread, ThreadContextType } from './types.ts';
import { MAX_QUIET_PERIOD_MINUTES, MESSAGE_BODY_MAX_CHARS } from './types.ts';

/** Length as Postgres counts it (code points), so the edge, the domain and the CHECK agree on emoji. */
export const charLength = (s: string): number => [...s].length;

/** A message body: trimmed, 1–4000 characters. */
export function normalizeMessageBody(raw: string): { ok: true; body: string } | { ok: false; problem: FieldProblem } {
  const body = raw.trim();
  if (body.length === 0) return { ok: false, problem: { pointer: '/body/body', code: 'too_short', params: { min: 1, unit: 'characters' } } };
  if (charLength(body) > MESSAGE_BODY_MAX_CHARS) return { ok: false, problem: { pointer: '/body/body', code: 'too_long', params: { max: MESSAGE_BODY_MAX_CHARS, unit: 'characters' } } };
  return { ok: true, body };
}

/**
 * The two participants of a thread: any professional login of the thread's practice, and the login of the
 * thread's patient. Nobody else may read or post (and they are told 404, not 403).
 */
export function isParticipant(caller: Caller, thread: Pick<Thread, 'professionalId' | 'patientId'>): boolean {
  if (caller.professionalId !== thread.professionalId) return false;
  switch (caller.role) {
    case 'professional':
      return true;
    case 'patient':
      return caller.patientId !== null && caller.patientId === thread.patientId;
    default: {
      const never: never = caller.role;
      return never;
    }
  }
}

export type ThreadTargetProblem =
  | { code: 'REQUEST.VALIDATION'; field: FieldProblem }
  | { code: 'PATIENT.NOT_FOUND' }
  | { code: 'THREAD.CONTEXT_NOT_ALLOWED' };

/**
 * Whose thread and which context. A professional names the patient and may open any context; a patient
 * opens only its own general thread (patientId absent or its own: another patient's is "not found").
 */
export function resolveThreadTarget(
  caller: Caller,
  input: { patientId?: string | undefined; contextType: ThreadContextType; contextId?: string | null | undefined },
): { ok: true; patientId: string; contextType: ThreadContextType; contextId: string | null } | { ok: false; problem: ThreadTargetProblem } {
  const contextId = input.contextId ?? null;
  if (input.contextType === 'general' && contextId !== null) return { ok: false, problem: { code: 'REQUEST.VALIDATION', field: { pointer: '/body/contextId', code: 'must_be_absent' } } };
  if (input.contextType !== 'general' && contextId === null) return { ok: false, problem: { code: 'REQUEST.VALIDATION', field: { pointer: '/body/contextId', code: 'required' } } };
  if (caller.role === 'patient') {
    if (caller.patientId === null) return { ok: false, problem: { code: 'PATIENT.NOT_FOUND' } };
    if (input.patientId !== undefined && input.patientId !== caller.patientId) return { ok: false, problem: { code: 'PATIENT.NOT_FOUND' } };
    if (input.contextType !== 'general') return { ok: false, problem: { code: 'THREAD.CONTEXT_NOT_ALLOWED' } };
    return { ok: true, patientId: caller.patientId, contextType: 'general', contextId: null };
  }
  if (input.patientId === undefined) return { ok: false, problem: { code: 'REQUEST.VALIDATION', field: { pointer: '/body/patientId', code: 'required' } } };
  return { ok: true, patientId: input.patientId, contextType: input.contextType, contextId };
}

export type NotificationSkipReason = 'preference_off' | 'sender_is_recipient' | 'already_read' | 'quiet_period';
export type NotificationDecision = { kind: 'send' } | { kind: 'skip'; reason: NotificationSkipReason };

export interface NotificationFacts {
  preference: NotificationPreferences;
  senderUserId: string;
  recipientUserId: string;
  /** The recipient's last new-message e-mail for this thread, if any. */
  lastNotifiedAt: Date | null;
  /** The recipient has already read up to (or past) this message in the app. */
  alreadyRead: boolean;
  now: Date;
}

/**
 * Whether a new message e-mails its recipient: the preference is on, the recipient is not the sender, the
 * message is still unread, and the recipient's quiet period for this thread has elapsed since the last
 * e-mail (at most one e-mail per thread per quiet period; 0 minutes = every message).
 */
export function decideMessageNotification(f: NotificationFacts): NotificationDecision {
  if (f.recipientUserId === f.senderUserId) return { kind: 'skip', reason: 'sender_is_recipient' };
  if (!f.preference.emailOnMessage) return { kind: 'skip', reason: 'preference_off' };
  if (f.alreadyRead) return { kind: 'skip', reason: 'already_read' };
  if (f.lastNotifiedAt !== null) {
    const quietMs = f.preference.quietPeriodMinutes * 60_000;
    if (f.now.getTime() - f.lastNotifiedAt.getTime() < quietMs) return { kind: 'skip', reason: 'quiet_period' };
  }
  return { kind: 'send' };
}

export const isValidQuietPeriod = (minutes: number): boolean => Number.isInteger(minutes) && minutes >= 0 && minutes <= MAX_QUIET_PERIOD_MINUTES;
