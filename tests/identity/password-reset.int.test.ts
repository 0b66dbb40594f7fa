import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_RESET_REQUESTED } from '@korevitta/domain';
import { invokeQueueFunction, type QueueFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { outboxDelivery } from '../support/outbox-delivery.ts';
import { createProfessional, login, uniqueEmail, uniqueIp } from '../support/factories.ts';

const NEW_PASSWORD = 'nova senha bem forte 2026';

describe('forgot and reset password through the outbox, the queue and the mailbox', () => {
  let h: TestHost;
  let delivery: ReturnType<typeof outboxDelivery>;
  beforeAll(async () => {
    h = await startTestHost();
    delivery = outboxDelivery(h, [PASSWORD_RESET_REQUESTED]);
  });
  afterAll(async () => { await delivery.stop(); await h.stop(); });

  /** What the timer and the worker do in the background, run by hand. */
  const deliver = () => delivery.deliver();
  // Each request from its own address: the per-address reset limit (10) is shared by every file of the run.
  const forgot = (email: string) => h.api.post('/v1/auth/password/forgot', { email }, { headers: { 'x-forwarded-for': uniqueIp() } });
  const resetTokenFrom = (email: string) => h.rt.mailbox?.latestTo(email, 'password_reset')?.token ?? undefined;

  it('when the e-mail exists or not, then the answer is the same 202', async () => {
    const pro = await createProfessional(h);
    const known = await forgot(pro.email);
    const unknown = await forgot(uniqueEmail('nobody'));
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
  });

  it('when a reset is requested, then one pt-BR e-mail arrives, and its token sets a new password and revokes every session (8)', async () => {
    const pro = await createProfessional(h);
    expect((await forgot(pro.email)).status).toBe(202);
    await deliver();
    const mails = h.rt.mailbox?.list({ to: pro.email }) ?? [];
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Redefinição de senha do KoreVitta');
    const token = resetTokenFrom(pro.email);
    expect(token).toMatch(/^pr_/);

    const reset = await h.api.post('/v1/auth/password/reset', { token, password: NEW_PASSWORD });
    expect(reset.status).toBe(204);
    expect((await h.api.post('/v1/auth/refresh', { refreshToken: pro.refreshToken })).status).toBe(401);
    expect((await login(h, pro.email, pro.password, uniqueIp())).status).toBe(401);
    expect((await login(h, pro.email, NEW_PASSWORD, uniqueIp())).status).toBe(200);

    const again = await h.api.post('/v1/auth/password/reset', { token, password: 'mais uma senha forte' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('AUTH.INVALID_RESET_TOKEN');
  });

  it('when the queue delivers the same message twice, then only one e-mail is sent (34)', async () => {
    const pro = await createProfessional(h);
    await forgot(pro.email);
    await delivery.relay();
    // The relay also carries other files' reset events (one shared database): take this user's message.
    const received = await h.rt.localQueue!.receive('critical', { max: 100 });
    const message = received.find((m) => (m.envelope.payload as { userId?: string }).userId === pro.userId);
    expect(message).toBeDefined();
    const critical = allFunctions.find((f): f is QueueFunctionDefinition => f.kind === 'queue' && f.queue === 'critical')!;
    // At-least-once delivery: the same message reaches the handler twice (e.g. the lock was lost after the send).
    await invokeQueueFunction(critical, message!, h.rt);
    await invokeQueueFunction(critical, message!, h.rt);
    await h.rt.localQueue!.complete(message!.lockToken);
    expect(h.rt.mailbox?.list({ to: pro.email })).toHaveLength(1);
  });

  it('when a reset link is older than 30 minutes, then it is refused', async () => {
    const pro = await createProfessional(h);
    await forgot(pro.email);
    await deliver();
    const token = resetTokenFrom(pro.email);
    h.clock.advance(31 * 60 * 1000);
    try {
      const res = await h.api.post('/v1/auth/password/reset', { token, password: NEW_PASSWORD });
      expect(res.status).toBe(400);
    } finally {
      h.clock.reset();
    }
  });

  it('when the new password is weak, then 400 and the token still works afterwards', async () => {
    const pro = await createProfessional(h);
    await forgot(pro.email);
    await deliver();
    const token = resetTokenFrom(pro.email);
    expect((await h.api.post('/v1/auth/password/reset', { token, password: 'qwertyuiop' })).body.code).toBe('AUTH.WEAK_PASSWORD');
    expect((await h.api.post('/v1/auth/password/reset', { token, password: NEW_PASSWORD })).status).toBe(204);
  });
});
