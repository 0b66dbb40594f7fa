import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createProfessional, createInvitedPatient, STRONG_PASSWORD } from '../support/factories.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { inviteDelivery } from '../patients/support.ts';

const BRAND = { displayName: 'Clínica Vida Leve', primaryColor: '#0b7a5a', accentColor: '#1F4E79', emailSignature: 'Dra. Ana Souza\nCRN-3 12345' };

describe('branding over HTTP (GET/PUT /v1/branding, /v1/me)', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  it('when nothing was saved, then GET shows the default branding with revision 0 and ETag "0"', async () => {
    const pro = await createProfessional(h, { name: 'Dra. Bia Lima' });
    const res = await h.api.get('/v1/branding', { token: pro.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ displayName: 'Dra. Bia Lima', primaryColor: '#0B7A5A', accentColor: '#0B7A5A', logoUploadId: null, logoUrl: null, emailSignature: null, revision: 0, updatedAt: null });
    expect(res.headers.get('etag')).toBe('"0"');
  });

  it('when saved first, then 201 with Location, colours upper-cased; then 200 with the next revision; a stale If-Match is 412', async () => {
    const pro = await createProfessional(h);
    const created = await h.api.put('/v1/branding', BRAND, { token: pro.accessToken, headers: { 'if-match': '"0"' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v1/branding');
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ displayName: 'Clínica Vida Leve', primaryColor: '#0B7A5A', accentColor: '#1F4E79', revision: 1, emailSignature: BRAND.emailSignature });
    const replaced = await h.api.put('/v1/branding', { ...BRAND, displayName: 'Vida Leve' }, { token: pro.accessToken, headers: { 'if-match': '"1"' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ displayName: 'Vida Leve', revision: 2 });
    const stale = await h.api.put('/v1/branding', BRAND, { token: pro.accessToken, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect((await h.api.get('/v1/branding', { token: pro.accessToken })).body.displayName).toBe('Vida Leve');
    const trail = await h.api.get('/v1/audit-log?entityType=branding', { token: pro.accessToken });
    expect(trail.body.items.map((i: { action: string }) => i.action)).toEqual(['branding.updated', 'branding.created']);
  });

  it('when a colour is below WCAG AA, then 422 names the pair and ratio, one errors[] item per failing colour, and nothing is saved', async () => {
    const pro = await createProfessional(h);
    const res = await h.api.put('/v1/branding', { ...BRAND, primaryColor: '#7FD1AE', accentColor: '#777777' }, { token: pro.accessToken, headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('BRANDING.LOW_CONTRAST');
    expect(res.body.detail).toContain('#FFFFFF on #7FD1AE has a contrast of 1.80:1');
    expect(res.body.errors).toEqual([
      { pointer: '/body/primaryColor', code: 'low_contrast', detail: 'text #FFFFFF on #7FD1AE has contrast 1.80:1, below 4.5:1 (WCAG AA)' },
      { pointer: '/body/accentColor', code: 'low_contrast', detail: 'text #777777 on #FFFFFF has contrast 4.47:1, below 4.5:1 (WCAG AA)' },
    ]);
    expect((await h.api.get('/v1/branding', { token: pro.accessToken })).body.revision).toBe(0);
  });

  it('when a colour is not #RRGGBB or a field is unknown, then 400 with pointers', async () => {
    const pro = await createProfessional(h);
    const res = await h.api.put('/v1/branding', { ...BRAND, primaryColor: 'green', plan: 'clinic' }, { token: pro.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])).toEqual(expect.arrayContaining([['/body/primaryColor', 'invalid_format'], ['/body/plan', 'unknown_field']]));
  });

  it('when a logo id is not an upload of this practice, then 400 on /body/logoUploadId', async () => {
    const pro = await createProfessional(h);
    const res = await h.api.put('/v1/branding', { ...BRAND, logoUploadId: randomUUID() }, { token: pro.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/body/logoUploadId', code: 'invalid_upload' })]);
  });

  it('when a patient calls /v1/me, then it sees its professional’s branding, and cannot read or write /v1/branding', async () => {
    const pro = await createProfessional(h);
    await h.api.put('/v1/branding', BRAND, { token: pro.accessToken });
    const { token } = await createInvitedPatient(h, pro.professionalId);
    const accepted = await h.api.post('/v1/invites/accept', { token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    const me = await h.api.get('/v1/me', { token: accepted.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.branding).toEqual({ displayName: 'Clínica Vida Leve', primaryColor: '#0B7A5A', accentColor: '#1F4E79', logoUrl: null, emailSignature: BRAND.emailSignature });
    expect((await h.api.get('/v1/branding', { token: accepted.body.accessToken })).status).toBe(403);
    expect((await h.api.put('/v1/branding', BRAND, { token: accepted.body.accessToken })).status).toBe(403);
  });

  it('when a branded practice invites a patient, then the invite e-mail carries its name, colours and signature in both parts', async () => {
    const pro = await createProfessional(h);
    await h.api.put('/v1/branding', BRAND, { token: pro.accessToken });
    const email = `paciente-${randomUUID().slice(0, 8)}@example.com`;
    expect((await h.api.post('/v1/patients', { name: 'João', email, sendInvite: true }, { token: pro.accessToken })).status).toBe(201);
    const delivery = inviteDelivery(h);
    try { await delivery.deliver(); } finally { await delivery.stop(); }
    const [mail] = h.rt.mailbox?.list({ to: email }) ?? [];
    expect(mail?.subject).toBe('Clínica Vida Leve convidou você para o KoreVitta');
    expect(mail?.html).toContain('background:#0B7A5A');
    expect(mail?.html).toContain('color:#1F4E79');
    expect(mail?.html).toContain('Dra. Ana Souza<br>CRN-3 12345');
    expect(mail?.text).toContain('-- \nDra. Ana Souza\nCRN-3 12345');
  });

  it('when two practices save brandings, then each sees only its own', async () => {
    const a = await createProfessional(h);
    const b = await createProfessional(h, { name: 'Dr. Caio' });
    await h.api.put('/v1/branding', BRAND, { token: a.accessToken });
    expect((await h.api.get('/v1/branding', { token: b.accessToken })).body).toMatchObject({ displayName: 'Dr. Caio', revision: 0 });
  });
});
