import { expect } from 'vitest';
import { MESSAGE_POSTED } from '@korevitta/domain';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { outboxDelivery } from '../support/outbox-delivery.ts';

export function startCommunicationHost(): Promise<TestHost> {
  return startTestHost();
}

export interface PatientLogin { patientId: string; email: string; token: string }

/** A patient of `pro` with an accepted invite (a login of its own). */
export async function createPatientLogin(h: TestHost, pro: Pick<Professional, 'professionalId'>, name = 'João da Silva'): Promise<PatientLogin> {
  const invited = await createInvitedPatient(h, pro.professionalId, { name });
  const accepted = await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD });
  expect(accepted.status).toBe(201);
  return { patientId: invited.patientId, email: invited.email, token: accepted.body.accessToken };
}

/** A professional, one patient with a login, and their general thread. */
export async function createConversation(h: TestHost, options: { proName?: string; patientName?: string } = {}) {
  const pro = await createProfessional(h, { name: options.proName ?? 'Dra. Ana Souza' });
  const patient = await createPatientLogin(h, pro, options.patientName);
  const res = await h.api.post('/v1/threads', { patientId: patient.patientId }, { token: pro.accessToken });
  expect(res.status).toBe(201);
  return { pro, patient, threadId: res.body.id as string };
}

export const post = (h: TestHost, token: string, threadId: string, body: string, headers: Record<string, string> = {}) =>
  h.api.post(`/v1/threads/${threadId}/messages`, { body }, { token, headers });

/** The relay and the queue worker for new-message events; deliver({ professionalId }) relays one practice's. */
export const messageDelivery = (h: TestHost) => outboxDelivery(h, [MESSAGE_POSTED]);
