import sharp from 'sharp';
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

/** A GPS IFD pointer (tag 0x8825, little-endian as sharp writes EXIF). */
export const GPS_POINTER = Buffer.from([0x25, 0x88]);

/** A landscape JPEG whose EXIF says "rotate 90°" and carries a camera make and a GPS position. */
export async function jpegWithGps(width = 1200, height = 900): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: { r: 180, g: 120, b: 90 } } })
    .jpeg().withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '23/1 33/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '46/1 38/1 0/1' } })
    .toBuffer());
}
