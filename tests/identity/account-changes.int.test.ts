import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_NOTICE_REQUESTED } from '@korevitta/domain';
import { outboxDelivery } from '../support/outbox-delivery.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, login, STRONG_PASSWORD, uniqueEmail, uniqueIp, type Professional } from '../support/factories.ts';

const NEW_PASSWORD = 'outra senha bem forte 77';

/**
 * TEST-CATALOG 11: the sign-in e-mail and the password change only with the current password; a refusal
 * changes nothing; a change tells the (old) address, ends the other sessions (password) and is audited.
 */
describe('re-authentication for e-mail and password changes (11)', () => {
  let h: TestHost;
  let delivery: ReturnType<typeof outboxDelivery>;
  beforeAll(async () => {
    h = await startTestHost({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
    delivery = outboxDelivery(h, [ACCOUNT_NOTICE_REQUESTED]);
  });
  afterAll(async () => { await delivery.stop(); await h.stop(); });

  const deliver = () => delivery.deliver();
  const me = (token: string) => h.api.get('/v1/me', { token });
  const patchMe = (pro: { accessToken: string }, body: unknown, ifMatch: string | null = '*') =>
    h.api.patch('/v1/me', body, { token: pro.accessToken, headers: { ...(ifMatch ? { 'if-match': ifMatch } : {}), 'x-forwarded-for': uniqueIp() } });
  const changePassword = (pro: { accessToken: string }, body: unknown) =>
    h.api.post('/v1/me/password', body, { token: pro.accessToken, headers: { 'x-forwarded-for': uniqueIp() } });
  const auditOf = async (pro: Professional, action: string) =>
    ((await h.api.get('/v1/audit-log', { token: pro.accessToken })).body.items as { action: string; changes: Record<string, unknown>; actorUserId: string }[]).filter((e) => e.action === action);

  it('when GET /v1/me is read, then it carries the account revision as ETag', async () => {
    const pro = await createProfessional(h);
    const res = await me(pro.accessToken);
    expect(res.body.revision).toBe(1);
    expect(res.headers.get('etag')).toBe('"1"');
  });

  it('when the e-mail changes without the current password, then 403 and nothing changed', async () => {
    const pro = await createProfessional(h);
    const res = await patchMe(pro, { email: uniqueEmail('new') });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('AUTH.REAUTHENTICATION_REQUIRED');
    const after = await me(pro.accessToken);
    expect(after.body.user.email).toBe(pro.email);
    expect(after.body.revision).toBe(1);
  });

  it('when the current password is wrong, then 403, nothing changed, and repeated guesses are throttled (429)', async () => {
    const pro = await createProfessional(h);
    const target = uniqueEmail('new');
    for (let i = 0; i < 3; i += 1) {
      const res = await patchMe(pro, { email: target, currentPassword: 'not my password 1' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.CURRENT_PASSWORD_INVALID');
    }
    const throttled = await patchMe(pro, { email: target, currentPassword: pro.password });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await me(pro.accessToken)).body.user.email).toBe(pro.email);
    expect((await login(h, target, pro.password)).status).toBe(401);
  });

  it('when the e-mail changes with the current password, then the new e-mail signs in, the old address is told, and the trail shows it', async () => {
    const pro = await createProfessional(h);
    const target = uniqueEmail('moved');
    const res = await patchMe(pro, { email: target, currentPassword: pro.password }, '"1"');
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(target);
    expect(res.body.revision).toBe(2);
    expect(res.headers.get('etag')).toBe('"2"');
    expect((await login(h, target, pro.password)).status).toBe(200);
    expect((await login(h, pro.email, pro.password)).status).toBe(401);
    await deliver();
    const notice = h.rt.mailbox?.latestTo(pro.email, 'email_changed');
    expect(notice).toMatchObject({ kind: 'email_changed', link: expect.stringContaining('/esqueci-senha') });
    expect(h.rt.mailbox?.list({ to: target }) ?? []).toHaveLength(0);
    const [entry] = await auditOf({ ...pro }, 'account.updated');
    expect(entry).toMatchObject({ actorUserId: pro.userId, changes: { email: { before: pro.email, after: target } } });
  });

  it('when If-Match is missing or stale, then 428 or 412 and nothing changed', async () => {
    const pro = await createProfessional(h);
    expect((await patchMe(pro, { locale: 'en' }, null)).status).toBe(428);
    expect((await patchMe(pro, { locale: 'en' }, '"7"')).status).toBe(412);
    expect((await me(pro.accessToken)).body.user.locale).toBe('pt-BR');
  });

  it('when only the language changes, then no password is needed; an e-mail another account holds is 409', async () => {
    const pro = await createProfessional(h);
    const other = await createProfessional(h);
    const res = await patchMe(pro, { locale: 'en' }, '"1"');
    expect(res.status).toBe(200);
    expect(res.body.user.locale).toBe('en');
    const taken = await patchMe(pro, { email: other.email, currentPassword: pro.password }, '"2"');
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('AUTH.EMAIL_TAKEN');
    expect((await me(pro.accessToken)).body).toMatchObject({ user: { email: pro.email }, revision: 2 });
  });

  it('when the password changes with a wrong current password or a weak new one, then it is refused and the old one still works', async () => {
    const pro = await createProfessional(h);
    const wrong = await changePassword(pro, { currentPassword: 'not my password 1', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('AUTH.CURRENT_PASSWORD_INVALID');
    const weak = await changePassword(pro, { currentPassword: pro.password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].pointer).toBe('/body/newPassword');
    expect((await login(h, pro.email, pro.password)).status).toBe(200);
    expect((await login(h, pro.email, NEW_PASSWORD)).status).toBe(401);
  });

  it('when the password changes, then every other session ends at once, this one stays, the address is told and the trail records it without the value', async () => {
    const pro = await createProfessional(h);
    const other = (await login(h, pro.email, pro.password)).body;
    const res = await changePassword(pro, { currentPassword: pro.password, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ changed: true });
    expect((await me(other.accessToken)).status).toBe(401);
    expect((await h.api.post('/v1/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
    expect((await me(pro.accessToken)).status).toBe(200);
    expect((await h.api.post('/v1/auth/refresh', { refreshToken: pro.refreshToken })).status).toBe(200);
    expect((await login(h, pro.email, NEW_PASSWORD)).status).toBe(200);
    expect((await login(h, pro.email, pro.password)).status).toBe(401);
    await deliver();
    expect(h.rt.mailbox?.latestTo(pro.email, 'password_changed')).toMatchObject({ kind: 'password_changed' });
    const [entry] = await auditOf({ ...pro, accessToken: (await login(h, pro.email, NEW_PASSWORD)).body.accessToken }, 'account.password_changed');
    expect(entry?.changes).toEqual({ credentials: { after: 'changed' }, otherSessionsEnded: { after: 1 } });
    expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD);
  });

  it('when a patient changes the password, then the same rules hold for the patient role', async () => {
    const pro = await createProfessional(h);
    const invite = await createInvitedPatient(h, pro.professionalId);
    const accepted = (await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD })).body;
    expect((await changePassword(accepted, { newPassword: NEW_PASSWORD })).status).toBe(400);
    expect((await changePassword(accepted, { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await login(h, invite.email, NEW_PASSWORD)).status).toBe(200);
  });
});
