import { and, eq, isNull } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import type { Runtime } from '../runtime.ts';
import { renderPatientInviteMail } from '../mail/patient-invite-mail.ts';
import { inviteSecrets } from '../auth/secret-tokens.ts';
import { ids } from '../ids.ts';
import { applyOnce } from '../queue/apply-once.ts';
import { mailBrandOf } from '../composition/branding-deps.ts';

export const PATIENT_INVITE_TTL_DAYS = 7;
export const SEND_PATIENT_INVITE_CONSUMER = 'send-patient-invite';

export type SendPatientInviteOutcome = 'sent' | 'skipped_duplicate' | 'skipped_state';

/**
 * Consumer of `patients.invite_requested`: in one system transaction with the consumer inbox, voids the
 * patient's open invites, mints a one-time token (only its hash is stored, valid 7 days) and sends the
 * e-mail in the professional's branding name. A redelivered message sends nothing; a failed send rolls
 * the token back for the retry. A patient deleted, logged in or without e-mail since the request is skipped.
 */
export async function sendPatientInvite(rt: Runtime, input: { patientId: string; messageId: string; now: Date }): Promise<SendPatientInviteOutcome> {
  return withSystemBypass(rt.db, 'consumer: send patient invite', async (tx) => {
    if (!(await applyOnce(tx, SEND_PATIENT_INVITE_CONSUMER, input.messageId))) return 'skipped_duplicate';
    const { patients, professionals, patientInvites } = tables;
    const [row] = await tx.select({ patient: patients, professional: professionals }).from(patients)
      .innerJoin(professionals, eq(professionals.id, patients.professionalId))
      .where(eq(patients.id, input.patientId)).limit(1).for('update', { of: patients });
    if (!row || row.patient.deletedAt || row.patient.userId || !row.patient.email) return 'skipped_state';
    const { patient, professional } = row;
    const to = row.patient.email;
    await tx.update(patientInvites).set({ supersededAt: input.now, updatedAt: input.now })
      .where(and(eq(patientInvites.patientId, patient.id), isNull(patientInvites.acceptedAt), isNull(patientInvites.supersededAt)));
    const token = inviteSecrets.generate();
    await tx.insert(patientInvites).values({
      id: ids.newId(),
      professionalId: patient.professionalId,
      patientId: patient.id,
      tokenHash: inviteSecrets.hash(token),
      expiresAt: new Date(input.now.getTime() + PATIENT_INVITE_TTL_DAYS * 86_400_000),
      createdAt: input.now,
      updatedAt: input.now,
    });
    const acceptUrl = new URL('/convite', rt.config.publicAppUrl);
    acceptUrl.searchParams.set('token', token);
    const brand = await mailBrandOf(rt, tx, patient.professionalId);
    await rt.mail.send(renderPatientInviteMail({
      to,
      brand,
      patientName: patient.name,
      professionalName: brand?.name ?? professional.displayName ?? professional.name,
      acceptUrl: acceptUrl.toString(),
      expiresInDays: PATIENT_INVITE_TTL_DAYS,
    }));
    return 'sent';
  });
}
