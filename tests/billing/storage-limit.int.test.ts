import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import { progressWorld, putUpload, type ProgressWorld } from '../progress/support.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';

const FREE_STORAGE = 500 * 1024 * 1024;

/** Issue 11: the plan's storage cap bites on uploads (decided under the growth lock); usage is the practice's confirmed bytes. */
describe('storage cap', () => {
  let h: TestHost;
  let w: ProgressWorld;
  let jpeg: Uint8Array;
  beforeAll(async () => {
    h = await startTestHost();
    jpeg = new Uint8Array(await sharp({ create: { width: 40, height: 40, channels: 3, background: '#c08060' } }).jpeg().toBuffer());
  });
  afterAll(async () => { await h.stop(); });

  /** A confirmed upload of `bytes` the practice already holds (no blob: only the row counts). */
  const holding = (professionalId: string, bytes: number) => withSystemBypass(h.db, 'test: storage filler', async (tx) => {
    const now = h.rt.clock.now();
    await tx.insert(tables.uploads).values({
      id: randomUUID(), professionalId, patientId: null, requestedBy: randomUUID(), purpose: 'logo', contentType: 'image/png', declaredBytes: bytes,
      blobName: `${professionalId}/practice/${randomUUID()}`, status: 'confirmed', storedBytes: bytes, expiresAt: now, settledAt: now, createdAt: now, updatedAt: now,
    });
  });
  const ticket = (token: string, contentLength: number) =>
    h.api.post('/v1/uploads', { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength, patientId: w.patientId }, { token, headers: { 'accept-language': 'en' } });
  const confirm = (token: string, uploadId: string) =>
    h.api.post(`/v1/patients/${w.patientId}/photos`, { uploadId, pose: 'front', takenAt: '2026-11-01T10:00:00.000Z' }, { token });

  it('when an upload would pass the free plan’s storage, then 409 SUBSCRIPTION.LIMIT_REACHED with limit and usage, for the professional and the patient', async () => {
    w = await progressWorld(h, 'Dra. Cheia');
    await withSystemBypass(h.db, 'test: free plan', (tx) => tx.update(tables.subscriptions).set({ planCode: 'free' }).where(eqPro(w.pro.professionalId)));
    await holding(w.pro.professionalId, FREE_STORAGE - 1000);
    const sub = await h.api.get('/v1/subscription', { token: w.pro.accessToken });
    expect(sub.body.usage.storageBytes).toBe(FREE_STORAGE - 1000);
    expect(sub.body.limits.storageBytes).toBe(FREE_STORAGE);

    for (const token of [w.pro.accessToken, w.patientToken]) {
      const refused = await ticket(token, 1001);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('SUBSCRIPTION.LIMIT_REACHED');
      expect(refused.body.detail).toContain(`allows ${FREE_STORAGE} bytes of files and you use ${FREE_STORAGE - 1000}`);
    }
    expect((await ticket(w.patientToken, 1000)).status).toBe(201);
  });

  it('when the file is larger than declared and no longer fits, then confirmation is 409 and the upload stays pending; a plan change lets it through', async () => {
    const t = await ticket(w.patientToken, 500);
    expect(t.status).toBe(201);
    const big = new Uint8Array(2000);
    big.set(jpeg.subarray(0, Math.min(jpeg.length, 2000)));
    expect(await putUpload(t.body, big)).toBe(201);
    const refused = await confirm(w.patientToken, t.body.uploadId);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SUBSCRIPTION.LIMIT_REACHED');
    await withSystemBypass(h.db, 'test: upgrade', (tx) => tx.update(tables.subscriptions).set({ planCode: 'pro' }).where(eqPro(w.pro.professionalId)));
    expect((await confirm(w.patientToken, t.body.uploadId)).status).toBe(201);
    expect((await h.api.get('/v1/subscription', { token: w.pro.accessToken })).body.usage.storageBytes).toBe(FREE_STORAGE - 1000 + 2000);
  });

  it('when several confirmations race for the last bytes, then exactly the ones that fit are confirmed (growth lock), and a deleted photo frees its bytes', async () => {
    const x = await progressWorld(h, 'Dra. Corrida');
    await withSystemBypass(h.db, 'test: free plan', (tx) => tx.update(tables.subscriptions).set({ planCode: 'free' }).where(eqPro(x.pro.professionalId)));
    await holding(x.pro.professionalId, FREE_STORAGE - 2 * jpeg.length);
    w = x;
    const tickets = [];
    for (let i = 0; i < 4; i++) {
      const t = await h.api.post('/v1/uploads', { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: jpeg.length, patientId: x.patientId }, { token: x.patientToken });
      expect(t.status).toBe(201);
      expect(await putUpload(t.body, jpeg)).toBe(201);
      tickets.push(t.body.uploadId as string);
    }
    const results = await Promise.all(tickets.map((id) => confirm(x.patientToken, id)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409]);
    expect((await h.api.get('/v1/subscription', { token: x.pro.accessToken })).body.usage.storageBytes).toBe(FREE_STORAGE);

    const photo = results.find((r) => r.status === 201)!.body.id;
    expect((await h.api.delete(`/v1/patients/${x.patientId}/photos/${photo}`, { token: x.pro.accessToken })).status).toBe(204);
    expect((await h.api.get('/v1/subscription', { token: x.pro.accessToken })).body.usage.storageBytes).toBe(FREE_STORAGE - jpeg.length);
    const retry = results.findIndex((r) => r.status === 409);
    expect((await confirm(x.patientToken, tickets[retry]!)).status).toBe(201);
  });
});

const eqPro = (professionalId: string) => eq(tables.subscriptions.professionalId, professionalId);
