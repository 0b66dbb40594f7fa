import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { inviteDelivery } from '../patients/support.ts';
import { putUpload } from '../progress/support.ts';

const BRAND = { displayName: 'Clínica Vida Leve', primaryColor: '#0B7A5A', accentColor: '#1F4E79' };

const png = async (colour: string, size = 64) => new Uint8Array(await sharp({ create: { width: size, height: size, channels: 3, background: colour } }).png().toBuffer());

/** Issue 11 / ADR 0018: a logo is an upload of purpose `logo`, confirmed by PUT /v1/branding, over HTTP on Postgres and Azurite. */
describe('branding logo', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  /** Asks for a logo upload URL and PUTs the bytes (declared: the bytes' own length unless told). */
  async function uploadLogo(pro: Professional, bytes: Uint8Array, o: { contentLength?: number; send?: boolean } = {}): Promise<{ uploadId: string; blob: string }> {
    const t = await h.api.post('/v1/uploads', { purpose: 'logo', contentType: 'image/png', contentLength: o.contentLength ?? bytes.length }, { token: pro.accessToken });
    expect(t.status).toBe(201);
    if (o.send !== false) expect(await putUpload(t.body, bytes)).toBe(201);
    return { uploadId: t.body.uploadId, blob: new URL(t.body.url).pathname.split('/uploads/')[1]! };
  }
  const putLogo = (pro: Professional, logoUploadId: string | null) => h.api.put('/v1/branding', { ...BRAND, logoUploadId }, { token: pro.accessToken });
  const stored = (uploadId: string) => withSystemBypass(h.db, 'test', async (tx) =>
    rowsOf<{ status: string; stored_bytes: string | null }>(await tx.execute(sql`select status, stored_bytes from uploads where id = ${uploadId}`))[0]);

  it('when a professional sets a PNG logo, then GET, /v1/me and the subscription usage show it, and the invite mail carries it inline', async () => {
    const pro = await createProfessional(h);
    const bytes = await png('#0B7A5A');
    const { uploadId } = await uploadLogo(pro, bytes);
    const saved = await putLogo(pro, uploadId);
    expect(saved.status).toBe(201);
    expect(saved.body.logoUploadId).toBe(uploadId);
    expect(await stored(uploadId)).toEqual({ status: 'confirmed', stored_bytes: String(bytes.length) });

    const got = await h.api.get('/v1/branding', { token: pro.accessToken });
    const url = new URL(got.body.logoUrl);
    expect(url.searchParams.get('sp')).toBe('r');
    expect(new Date(url.searchParams.get('se')!).getTime() - h.rt.clock.now().getTime()).toBeLessThanOrEqual(15 * 60_000 + 1000);
    const res = await fetch(got.body.logoUrl);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    expect((await fetch(got.body.logoUrl, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'x' })).status).toBe(403);

    const sub = await h.api.get('/v1/subscription', { token: pro.accessToken });
    expect(sub.body.usage.storageBytes).toBe(bytes.length);

    // The patient's /v1/me shows the practice's logo (it may read that upload and no other of the practice).
    const email = `paciente-${randomUUID().slice(0, 8)}@example.com`;
    const invite = await createInvitedPatient(h, pro.professionalId, { email });
    const accepted = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    const me = await h.api.get('/v1/me', { token: accepted.body.accessToken });
    expect(me.status).toBe(200);
    expect(new Uint8Array(await (await fetch(me.body.branding.logoUrl)).arrayBuffer())).toEqual(bytes);

    // The e-mail embeds the logo (cid:) and names no URL of our storage: a mail lives for years, a read URL must not.
    const invited = `convidado-${randomUUID().slice(0, 8)}@example.com`;
    expect((await h.api.post('/v1/patients', { name: 'Rita', email: invited, sendInvite: true }, { token: pro.accessToken })).status).toBe(201);
    const delivery = inviteDelivery(h);
    try { await delivery.deliver(); } finally { await delivery.stop(); }
    const [mail] = h.rt.mailbox?.list({ to: invited }) ?? [];
    expect(mail?.html).toContain('<img src="cid:brand-logo"');
    expect(mail?.html).not.toContain('/uploads/');
    expect(mail?.html).not.toContain('sig=');
    expect(mail?.inline).toEqual([{ cid: 'brand-logo', filename: 'logo.png', contentType: 'image/png', contentBase64: Buffer.from(bytes).toString('base64') }]);
    const dev = await h.api.get(`/dev/mailbox/${mail!.id}`);
    expect(dev.status).toBe(200);
    expect(dev.body.inline[0].contentBase64).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('when the logo is replaced or removed, then the old file is deleted and its bytes stop counting; it cannot be set again', async () => {
    const pro = await createProfessional(h);
    const first = await png('#1F4E79');
    const second = await png('#8B1E3F', 96);
    const a = await uploadLogo(pro, first);
    expect((await putLogo(pro, a.uploadId)).status).toBe(201);
    const b = await uploadLogo(pro, second);
    const replaced = await h.api.put('/v1/branding', { ...BRAND, logoUploadId: b.uploadId }, { token: pro.accessToken, headers: { 'if-match': '"1"' } });
    expect(replaced.status).toBe(200);
    expect(await h.rt.blobs!.properties({ container: 'uploads', name: a.blob })).toBeNull();
    expect(await stored(a.uploadId)).toEqual({ status: 'confirmed', stored_bytes: null });
    expect((await h.api.get('/v1/subscription', { token: pro.accessToken })).body.usage.storageBytes).toBe(second.length);
    const back = await putLogo(pro, a.uploadId);
    expect(back.status).toBe(400);
    expect(back.body.errors).toEqual([expect.objectContaining({ pointer: '/body/logoUploadId', code: 'invalid_upload' })]);
    // The same logo again is no change; no logo releases it.
    expect((await putLogo(pro, b.uploadId)).body.revision).toBe(2);
    const removed = await putLogo(pro, null);
    expect(removed.body).toMatchObject({ logoUploadId: null, logoUrl: null, revision: 3 });
    expect(await h.rt.blobs!.properties({ container: 'uploads', name: b.blob })).toBeNull();
    expect((await h.api.get('/v1/subscription', { token: pro.accessToken })).body.usage.storageBytes).toBe(0);
  });

  it('when the logo file is missing, not a PNG, over 1 MB, another practice’s or not a logo, then 409, 422, 413 or 400 and nothing is saved', async () => {
    const pro = await createProfessional(h);
    const other = await createProfessional(h, { name: 'Dr. Outro' });

    const missing = await uploadLogo(pro, await png('#000000'), { send: false });
    const notYet = await putLogo(pro, missing.uploadId);
    expect(notYet.status).toBe(409);
    expect(notYet.body.code).toBe('UPLOAD.NOT_RECEIVED');
    expect(await stored(missing.uploadId)).toEqual({ status: 'pending', stored_bytes: null });

    const jpeg = new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).jpeg().toBuffer());
    const lie = await uploadLogo(pro, jpeg);
    const mismatch = await putLogo(pro, lie.uploadId);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('UPLOAD.CONTENT_MISMATCH');
    expect(await h.rt.blobs!.properties({ container: 'uploads', name: lie.blob })).toBeNull();
    expect((await putLogo(pro, lie.uploadId)).status).toBe(400); // rejected for good

    const big = new Uint8Array(1024 * 1024 + 1);
    big.set(await png('#000000'));
    const large = await uploadLogo(pro, big, { contentLength: 1000 });
    const tooLarge = await putLogo(pro, large.uploadId);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('UPLOAD.TOO_LARGE');
    expect(await h.rt.blobs!.properties({ container: 'uploads', name: large.blob })).toBeNull();

    const theirs = await uploadLogo(other, await png('#000000'));
    const foreign = await putLogo(pro, theirs.uploadId);
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ pointer: '/body/logoUploadId', code: 'invalid_upload' })]);
    expect(await stored(theirs.uploadId)).toEqual({ status: 'pending', stored_bytes: null });

    const patient = await createInvitedPatient(h, pro.professionalId);
    const photo = await h.api.post('/v1/uploads', { purpose: 'progress_photo', contentType: 'image/png', contentLength: 100, patientId: patient.patientId }, { token: pro.accessToken });
    const notLogo = await putLogo(pro, photo.body.uploadId);
    expect(notLogo.status).toBe(400);
    expect(notLogo.body.errors[0].detail).toMatch(/logo/);

    expect((await h.api.get('/v1/branding', { token: pro.accessToken })).body.revision).toBe(0);
  });
});
