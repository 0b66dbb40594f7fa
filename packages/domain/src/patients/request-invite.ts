import { fail, ok, type Result } from '../shared/result.ts';
import type { InviteDeps } from './ports.ts';
import { effectiveLimits } from '../billing/check-growth.ts';
import { decideInviteQuota, INVITE_QUOTA, INVITE_QUOTA_WINDOW_MS, inviteRefusal, type InviteQuotaLimits } from './rules.ts';

/** Event on the `default` queue; its consumer mints the one-time token and sends the e-mail. */
export const PATIENT_INVITE_REQUESTED = 'patients.invite_requested';
export interface PatientInviteRequestedV1 { patientId: string; inviteRequestId: string }

export type RequestInviteError = 'PATIENT.NOT_FOUND' | 'PATIENT.HAS_LOGIN' | 'PATIENT.NO_EMAIL' | 'INVITE.QUOTA_EXCEEDED';

/**
 * Sends (or resends) a patient's invite: refuses a deleted patient (404), one with a login or without an
 * e-mail (409), and a request over the daily quota (429 with Retry-After): the practice's comes from its plan
 * (`invitesPerDay`), the per-patient one is fixed. An accepted request voids the
 * open invites at once, records itself in the quota ledger, and appends the outbox event (ids only).
 */
export async function requestInvite(
  deps: InviteDeps,
  input: { professionalId: string; patientId: string; requestedBy: string; limits?: InviteQuotaLimits },
): Promise<Result<{ inviteRequestId: string }, RequestInviteError>> {
  const patient = await deps.patients.findForUpdate(input.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  const refusal = inviteRefusal(patient);
  if (refusal) return fail(refusal);
  const usage = await deps.ledger.lockAndCount({ professionalId: input.professionalId, patientId: patient.id, since: new Date(deps.now.getTime() - INVITE_QUOTA_WINDOW_MS) });
  const plan = input.limits ? null : await effectiveLimits(deps.entitlements, input.professionalId);
  const limits = input.limits ?? { perProfessionalPerDay: plan?.invitesPerDay ?? INVITE_QUOTA.perProfessionalPerDay, perPatientPerDay: INVITE_QUOTA.perPatientPerDay };
  const decision = decideInviteQuota(usage, limits, deps.now);
  if (decision.kind === 'deny') {
    return fail('INVITE.QUOTA_EXCEEDED', { params: { scope: decision.scope }, retryAfterSeconds: decision.retryAfterSeconds });
  }
  const inviteRequestId = deps.newId();
  await deps.ledger.record({ id: inviteRequestId, professionalId: input.professionalId, patientId: patient.id, requestedBy: input.requestedBy, now: deps.now });
  await deps.patients.supersedeOpenInvites(patient.id, deps.now);
  const payload: PatientInviteRequestedV1 = { patientId: patient.id, inviteRequestId };
  await deps.outbox.append(
    { queue: 'default', type: PATIENT_INVITE_REQUESTED, version: 1, payload, messageId: inviteRequestId },
    { professionalId: input.professionalId, occurredAt: deps.now, correlationId: deps.correlationId },
  );
  await deps.audit.record({ action: 'patient.invite_requested', entityType: 'patient', entityId: patient.id });
  return ok({ inviteRequestId });
}
