import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, type Professional } from '../support/factories.ts';

/** A professional and one of its patients with a login (both tokens), for the progress endpoints. */
export interface ProgressWorld { pro: Professional; patientId: string; patientToken: string }

export async function progressWorld(h: TestHost, name = 'Dra. Progresso'): Promise<ProgressWorld> {
  const pro = await createProfessional(h, { name });
  const invite = await createInvitedPatient(h, pro.professionalId);
  const accepted = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
  if (accepted.status !== 201) throw new Error(`invite accept failed: ${accepted.status}`);
  return { pro, patientId: invite.patientId, patientToken: accepted.body.accessToken as string };
}

export { startTestHost, type TestHost };
