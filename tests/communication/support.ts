import { expect } from 'vitest';
import { MESSAGE_POSTED } from '@korevitta/domain';
import { createPatientLogin as createPatientLoginOf, createProfessional, type PatientLogin, type Professional } from '../support/factories.ts';

export type { PatientLogin };
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { outboxDelivery } from '../support/outbox-delivery.ts';

export function startCommunicationHost(): Promise<TestHost> {
  return startTestHost();
}

/** A patient of `pro` with an accepted invite (a login of its own). */
export const createPatientLogin = (h: TestHost, pro: Pick<Professional, 'professionalId'>, name?: string): Promise<PatientLogin> =>
  createPatientLoginOf(h, pro.professionalId, name);

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
