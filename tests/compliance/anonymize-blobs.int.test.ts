import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PURGE_PATIENT_BLOBS, type BlobRef } from '@korevitta/domain';
import { runPurgePatientBlobs } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, randomUUID, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import { outboxDelivery } from '../support/outbox-delivery.ts';
import { deliverThumbnailJob, putUpload } from '../progress/support.ts';
import { whereFound } from './support.ts';

/**
 * Issue 12: the anonymisation deletes the patient's photos and exam files from storage. The photo rows go in the
 * anonymisation's transaction; the files go after it commits, by the bulk consumer of compliance.purge_patient_blobs,
 * which empties `{professionalId}/{patientId}/` in every container (Azurite here).
 */
describe('anonymisation deletes the patient\'s files (LGPD)', () => {
  let h: TestHost;
  let pro: Professional;
  const tag = randomUUID().slice(0, 8);
  const name = `Yolanda Fotografada ${tag}`;
  const email = `yolanda-${tag}@example.com`;
  let patientId: string;
  let otherPatientId: string;
  const blobsOfPatient: BlobRef[] = [];
  const blobsOfOther: BlobRef[] = [];
  let delivery: ReturnType<typeof outboxDelivery>;

  const blobName = (url: string, container: string) => decodeURIComponent(new URL(url).pathname.split(`/${container}/`)[1] ?? '');
  /** A confirmed photo through the real flow (ticket, PUT, confirm, thumbnail job): its display and thumbnail blobs. */
  async function photoOf(patient: string, token: string): Promise<BlobRef[]> {
    const jpeg = new Uint8Array(await sharp({ create: { width: 32, height: 24, channels: 3, background: '#a86' } }).jpeg().toBuffer());
    const ticket = await h.api.post('/v1/uploads', { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: jpeg.length, patientId: patient }, { token });
    expect(await putUpload(ticket.body, jpeg)).toBe(201);
    const confirmed = await h.api.post(`/v1/patients/${patient}/photos`, { uploadId: ticket.body.uploadId, pose: 'front', takenAt: '2026-11-01T10:00:00.000Z' }, { token });
    expect(confirmed.status).toBe(201);
    await deliverThumbnailJob(h, confirmed.body.id);
    const list = await h.api.get(`/v1/patients/${patient}/photos`, { token: pro.accessToken });
    const photo = list.body.items.find((p: { id: string }) => p.id === confirmed.body.id);
    return [{ container: 'photos', name: blobName(photo.displayUrl, 'photos') }, { container: 'photos', name: blobName(photo.thumbnailUrl, 'photos') }];
  }
  const existing = async (refs: BlobRef[]) => (await Promise.all(refs.map(async (r) => ((await h.rt.blobs!.properties(r)) ? r.name : null)))).filter((n) => n !== null);

  beforeAll(async () => {
    h = await startTestHost();
    delivery = outboxDelivery(h, [PURGE_PATIENT_BLOBS]);
    pro = await createProfessional(h);
    const invite = await createInvitedPatient(h, pro.professionalId, { name, email });
    const accepted = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    patientId = invite.patientId;
    otherPatientId = (await createInvitedPatient(h, pro.professionalId)).patientId;

    blobsOfPatient.push(...await photoOf(patientId, accepted.body.accessToken));
    // An upload never confirmed (its blob sits in `uploads`) and an exam kept as a document.
    const jpeg = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toBuffer());
    const pending = await h.api.post('/v1/uploads', { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: jpeg.length, patientId }, { token: pro.accessToken });
    expect(await putUpload(pending.body, jpeg)).toBe(201);
    blobsOfPatient.push({ container: 'uploads', name: blobName(pending.body.url, 'uploads') });
    const exam: BlobRef = { container: 'documents', name: `${pro.professionalId}/${patientId}/${randomUUID()}.pdf` };
    await h.rt.blobs!.write(exam, new TextEncoder().encode('%PDF-1.4 exame'), 'application/pdf');
    blobsOfPatient.push(exam);
    blobsOfOther.push(...await photoOf(otherPatientId, pro.accessToken));
  });
  afterAll(async () => { await delivery.stop(); await h.stop(); });

  it('when the patient is anonymised, then after the purge no file of it remains in any container, the other patient\'s stay, and no text column holds its name or e-mail', async () => {
    expect(await existing(blobsOfPatient)).toHaveLength(4);
    const res = await h.api.post(`/v1/patients/${patientId}/anonymize`, { confirmPatientId: patientId }, { token: pro.accessToken });
    expect(res.status).toBe(200);
    // The rows went with the anonymisation; the files wait for the event (only after the commit).
    expect((await h.api.get(`/v1/patients/${patientId}/photos`, { token: pro.accessToken })).body.items).toEqual([]);
    expect(await existing(blobsOfPatient)).toHaveLength(4);

    await delivery.deliver({ professionalId: pro.professionalId });
    expect(await existing(blobsOfPatient)).toEqual([]);
    for (const container of ['uploads', 'photos', 'documents'] as const) {
      expect(await h.rt.blobs!.deleteUnder(container, `${pro.professionalId}/${patientId}/`)).toBe(0);
    }
    expect(await existing(blobsOfOther)).toHaveLength(2);
    expect(await whereFound(h, name)).toEqual([]);
    expect(await whereFound(h, email)).toEqual([]);
  });

  it('when the purge event is delivered again, then it deletes nothing more and does not fail (idempotent)', async () => {
    expect(await runPurgePatientBlobs(h.rt, { professionalId: pro.professionalId, patientId })).toBe(0);
    expect(await existing(blobsOfOther)).toHaveLength(2);
  });
});
