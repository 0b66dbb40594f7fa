import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { purgeUnconfirmedUploads } from '@korevitta/platform';
import { deliverThumbnailJob, GPS_POINTER, jpegWithGps, progressWorld, putUpload, startTestHost, type ProgressWorld, type TestHost } from './support.ts';

/** Issue 10 / TEST-CATALOG 18: upload → confirm → thumbnail job → list, over HTTP, on Postgres and Azurite. */
describe('progress photos', () => {
  let h: TestHost;
  let a: ProgressWorld;
  let b: ProgressWorld;

  beforeAll(async () => {
    h = await startTestHost();
    a = await progressWorld(h);
    b = await progressWorld(h, 'Outra');
  });
  afterAll(async () => { await h.stop(); });

  const ticket = async (token: string, body: Record<string, unknown>) => h.api.post('/v1/uploads', body, { token });
  const photoTicket = (w: ProgressWorld, token: string, contentLength: number, contentType = 'image/jpeg') =>
    ticket(token, { purpose: 'progress_photo', contentType, contentLength, patientId: w.patientId });
  const confirm = (w: ProgressWorld, token: string, uploadId: string, pose = 'front', takenAt = '2026-11-01T10:00:00.000Z') =>
    h.api.post(`/v1/patients/${w.patientId}/photos`, { uploadId, pose, takenAt }, { token });

  it('when a patient uploads a photo with GPS tags, then the job stores only stripped, auto-rotated sizes and the list serves them', async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif?.includes(GPS_POINTER)).toBe(true);
    const t = await photoTicket(a, a.patientToken, original.length);
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({ method: 'PUT', requestHeaders: { 'content-type': 'image/jpeg', 'x-ms-blob-type': 'BlockBlob' } });
    expect(new URL(t.body.url).pathname).toContain(`/uploads/${a.pro.professionalId}/${a.patientId}/`);
    expect(await putUpload(t.body, original)).toBe(201);
    expect((await fetch(t.body.url)).status).toBe(403);
    const confirmed = await confirm(a, a.patientToken, t.body.uploadId);
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ status: 'processing', thumbnailUrl: null, pose: 'front' });
    expect((await confirm(a, a.patientToken, t.body.uploadId)).status).toBe(409);

    await deliverThumbnailJob(h, confirmed.body.id, 2);
    const list = await h.api.get(`/v1/patients/${a.patientId}/photos`, { token: a.pro.accessToken });
    expect(list.status).toBe(200);
    const [photo] = list.body.items;
    expect(photo).toMatchObject({ id: confirmed.body.id, status: 'ready', width: 900, height: 1200 });
    for (const url of [photo.displayUrl, photo.thumbnailUrl]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(meta.height).toBeGreaterThan(meta.width ?? 0);
      expect(bytes.includes(Buffer.from('TestCam'))).toBe(false);
      expect(bytes.includes(GPS_POINTER)).toBe(false);
      expect((await fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'x' })).status).toBe(403);
    }
    // The redelivered job made nothing twice, and the upload's original is gone.
    const blobs = await withSystemBypass(h.db, 'test', async (tx) => rowsOf<{ original_blob: string | null }>(await tx.execute(sql`select original_blob from progress_photos where id = ${photo.id}`)));
    expect(blobs).toEqual([{ original_blob: null }]);
    expect((await h.rt.blobs!.properties({ container: 'uploads', name: new URL(t.body.url).pathname.split('/uploads/')[1]! }))).toBeNull();
    // A read URL for one size cannot read the other.
    const other = photo.thumbnailUrl.replace('thumbnail.jpg', 'display.jpg');
    expect((await fetch(other)).status).toBe(403);
  });

  it('when the file is not what was declared, larger than the cap, or not there yet, then 422, 413, 409 and refused files are deleted', async () => {
    const png = new Uint8Array(await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).png().toBuffer());
    const lie = await photoTicket(a, a.pro.accessToken, png.length);
    expect(await putUpload(lie.body, png)).toBe(201);
    const mismatch = await confirm(a, a.pro.accessToken, lie.body.uploadId);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('UPLOAD.CONTENT_MISMATCH');
    expect(await h.rt.blobs!.properties({ container: 'uploads', name: new URL(lie.body.url).pathname.split('/uploads/')[1]! })).toBeNull();
    expect((await confirm(a, a.pro.accessToken, lie.body.uploadId)).status).toBe(404);

    const small = await photoTicket(a, a.pro.accessToken, 1000);
    const big = new Uint8Array(15 * 1024 * 1024 + 10);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(await putUpload(small.body, big)).toBe(201);
    const tooBig = await confirm(a, a.pro.accessToken, small.body.uploadId);
    expect(tooBig.status).toBe(413);
    expect(await h.rt.blobs!.properties({ container: 'uploads', name: new URL(small.body.url).pathname.split('/uploads/')[1]! })).toBeNull();

    const early = await photoTicket(a, a.pro.accessToken, 1000);
    expect((await confirm(a, a.pro.accessToken, early.body.uploadId)).status).toBe(409);
  });

  it('when an upload is asked with a wrong type, size, purpose or patient, then 415, 413, 403, 400 or 404', async () => {
    expect((await photoTicket(a, a.pro.accessToken, 1000, 'image/svg+xml')).status).toBe(415);
    expect((await photoTicket(a, a.pro.accessToken, 15 * 1024 * 1024 + 1)).status).toBe(413);
    expect((await ticket(a.patientToken, { purpose: 'logo', contentType: 'image/png', contentLength: 1000 })).status).toBe(403);
    expect((await ticket(a.pro.accessToken, { purpose: 'logo', contentType: 'image/png', contentLength: 2 * 1024 * 1024 })).status).toBe(413);
    expect((await ticket(a.pro.accessToken, { purpose: 'logo', contentType: 'image/png', contentLength: 1000 })).status).toBe(201);
    expect((await ticket(a.pro.accessToken, { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: 1000 })).body.errors[0]).toMatchObject({ pointer: '/body/patientId', code: 'required' });
    for (const token of [b.pro.accessToken, b.patientToken]) {
      const res = await photoTicket(a, token, 1000);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('sig=');
    }
  });

  it("when another practice or patient confirms, lists or deletes A's photos, then 404 and no URL", async () => {
    const t = await photoTicket(a, a.pro.accessToken, 1000);
    for (const token of [b.pro.accessToken, b.patientToken]) {
      expect((await confirm(a, token, t.body.uploadId)).status).toBe(404);
      expect((await confirm(b, token, t.body.uploadId)).status).toBe(404);
      const list = await h.api.get(`/v1/patients/${a.patientId}/photos`, { token });
      expect(list.status).toBe(404);
      expect(list.text).not.toContain('sig=');
    }
  });

  it('when photos of several poses exist, then ?pose=front&limit=2 is the latest pair and a date range filters', async () => {
    const w = await progressWorld(h, 'Comparação');
    const jpeg = new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer());
    const ids: Record<string, string> = {};
    for (const [pose, takenAt] of [['front', '2026-09-01T10:00:00Z'], ['side', '2026-10-01T10:00:00Z'], ['front', '2026-10-15T10:00:00Z'], ['front', '2026-11-20T10:00:00Z']] as const) {
      const t = await photoTicket(w, w.pro.accessToken, jpeg.length);
      await putUpload(t.body, jpeg);
      const c = await confirm(w, w.pro.accessToken, t.body.uploadId, pose, new Date(takenAt).toISOString());
      expect(c.status).toBe(201);
      ids[`${pose}@${takenAt.slice(0, 10)}`] = c.body.id;
    }
    const pair = await h.api.get(`/v1/patients/${w.patientId}/photos?pose=front&limit=2`, { token: w.patientToken });
    expect(pair.body.items.map((p: { id: string }) => p.id)).toEqual([ids['front@2026-11-20'], ids['front@2026-10-15']]);
    expect(pair.body.nextCursor).not.toBeNull();
    const rest = await h.api.get(`/v1/patients/${w.patientId}/photos?pose=front&limit=2&cursor=${pair.body.nextCursor}`, { token: w.patientToken });
    expect(rest.body.items.map((p: { id: string }) => p.id)).toEqual([ids['front@2026-09-01']]);
    const ranged = await h.api.get(`/v1/patients/${w.patientId}/photos?from=2026-10-01T00:00:00.000Z&to=2026-10-31T23:59:59.000Z`, { token: w.pro.accessToken });
    expect(ranged.body.items.map((p: { id: string }) => p.id)).toEqual([ids['front@2026-10-15'], ids['side@2026-10-01']]);
    expect((await h.api.delete(`/v1/patients/${w.patientId}/photos/${ids['side@2026-10-01']}`, { token: b.pro.accessToken })).status).toBe(404);
    expect((await h.api.delete(`/v1/patients/${w.patientId}/photos/${ids['side@2026-10-01']}`, { token: w.patientToken })).status).toBe(204);
    expect((await h.api.delete(`/v1/patients/${w.patientId}/photos/${ids['side@2026-10-01']}`, { token: w.patientToken })).status).toBe(404);
  });

  it('when uploads stay unconfirmed for 24 h, then retention removes them and their blobs; confirmed ones and fresh ones stay', async () => {
    const w = await progressWorld(h, 'Retenção');
    const jpeg = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).jpeg().toBuffer());
    const stale = await photoTicket(w, w.pro.accessToken, jpeg.length);
    await putUpload(stale.body, jpeg);
    const kept = await photoTicket(w, w.pro.accessToken, jpeg.length);
    await putUpload(kept.body, jpeg);
    expect((await confirm(w, w.pro.accessToken, kept.body.uploadId)).status).toBe(201);
    const blobOf = (t: { url: string }) => ({ container: 'uploads' as const, name: new URL(t.url).pathname.split('/uploads/')[1]! });
    const only = [w.pro.professionalId];
    expect(await purgeUnconfirmedUploads(h.rt, { now: new Date(Date.now() + 23 * 3_600_000), professionalIds: only })).toBe(0);
    expect(await purgeUnconfirmedUploads(h.rt, { now: new Date(Date.now() + 25 * 3_600_000), professionalIds: only })).toBe(1);
    expect(await h.rt.blobs!.properties(blobOf(stale.body))).toBeNull();
    expect(await h.rt.blobs!.properties(blobOf(kept.body))).not.toBeNull();
    expect((await confirm(w, w.pro.accessToken, stale.body.uploadId)).status).toBe(404);
  });

  it('when a HEIC file (accepted by type and magic number) cannot be decoded, then the photo ends failed with unreadable_image', async () => {
    const heic = new Uint8Array([0, 0, 0, 24, ...Buffer.from('ftypheic'), ...new Uint8Array(200).fill(7)]);
    const t = await photoTicket(a, a.pro.accessToken, heic.length, 'image/heic');
    expect(await putUpload(t.body, heic)).toBe(201);
    const c = await confirm(a, a.pro.accessToken, t.body.uploadId, 'side');
    expect(c.status).toBe(201);
    await deliverThumbnailJob(h, c.body.id);
    const list = await h.api.get(`/v1/patients/${a.patientId}/photos?pose=side`, { token: a.pro.accessToken });
    expect(list.body.items[0]).toMatchObject({ id: c.body.id, status: 'failed', failureReason: 'unreadable_image', thumbnailUrl: null });
  });

  it('when a user has asked for 50 upload URLs in 24 h, then the next is 429 with Retry-After until the oldest is a day old', async () => {
    const w = await progressWorld(h, 'Cota');
    for (let i = 0; i < 50; i++) expect((await photoTicket(w, w.patientToken, 1000)).status).toBe(201);
    const refused = await photoTicket(w, w.patientToken, 1000);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('UPLOAD.QUOTA_EXCEEDED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(86_000);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect((await photoTicket(w, w.pro.accessToken, 1000)).status).toBe(201);
  });
});
