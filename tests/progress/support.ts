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

import { GENERATE_THUMBNAIL } from '@korevitta/domain';
import { invokeQueueFunction, relayOutbox, type QueueFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';

/** Relays the photo's `generate_thumbnail` event to the bulk queue and delivers it `times` times (a redelivery). */
export async function deliverThumbnailJob(h: TestHost, photoId: string, times = 1): Promise<void> {
  await relayOutbox({ db: h.db, sender: h.rt.queue, now: h.rt.clock.now(), onlyTypes: [GENERATE_THUMBNAIL] });
  const received = await h.rt.localQueue!.receive('bulk', { max: 100 });
  const message = received.find((r) => r.messageId === photoId);
  if (!message) throw new Error(`no generate_thumbnail message for ${photoId}`);
  const bulk = allFunctions.find((f): f is QueueFunctionDefinition => f.kind === 'queue' && f.queue === 'bulk')!;
  for (let i = 0; i < times; i++) await invokeQueueFunction(bulk, message, h.rt);
  for (const r of received) await h.rt.localQueue!.complete(r.lockToken);
}

/** PUTs bytes to an upload ticket as a client would. */
export async function putUpload(ticket: { url: string; requestHeaders: Record<string, string> }, bytes: Uint8Array): Promise<number> {
  const res = await fetch(ticket.url, { method: 'PUT', headers: ticket.requestHeaders, body: bytes });
  return res.status;
}
