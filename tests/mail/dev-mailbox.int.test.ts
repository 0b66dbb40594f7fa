import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalMailbox, renderPasswordResetMail } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { uniqueEmail } from '../support/factories.ts';

describe('dev mailbox routes (local mode)', () => {
  let h: TestHost;
  let mailbox: LocalMailbox;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  const useMailbox = (box: LocalMailbox | null) => {
    h.rt.mailbox = box;
    if (box) h.rt.mail = box;
  };
  const sendReset = (to: string) =>
    h.rt.mail.send(renderPasswordResetMail({ to, name: 'Maria', resetUrl: `https://app.korevitta.test/reset?token=rt_${to.length}`, expiresInMinutes: 60 }));

  beforeAll(() => {
    mailbox = new LocalMailbox({ log: h.rt.log });
    useMailbox(mailbox);
  });
  afterEach(() => useMailbox(mailbox));

  it('when a mail was sent, then GET dev/mailbox?to= lists it with its kind, link and token, newest first, never cached', async () => {
    const to = uniqueEmail('reset');
    await sendReset(to);
    await sendReset(uniqueEmail('other'));

    const res = await h.api.get(`/dev/mailbox?to=${encodeURIComponent(to.toUpperCase())}`);

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      to,
      kind: 'password_reset',
      link: `https://app.korevitta.test/reset?token=rt_${to.length}`,
      token: `rt_${to.length}`,
      subject: 'Redefinição de senha do KoreVitta',
      id: expect.any(String),
      sentAt: expect.any(String),
    });
    expect(res.body.items[0].text).toContain(res.body.items[0].link);
  });

  it('when no filter is given, then every captured mail is listed, newest first', async () => {
    const first = uniqueEmail('first');
    const second = uniqueEmail('second');
    await sendReset(first);
    await sendReset(second);
    const res = await h.api.get('/dev/mailbox');
    expect(res.status).toBe(200);
    expect(res.body.items.slice(0, 2).map((m: { to: string }) => m.to)).toEqual([second, first]);
  });

  it('when a mail is fetched by id, then it answers the whole mail', async () => {
    const to = uniqueEmail('byid');
    await sendReset(to);
    const stored = mailbox.latestTo(to);

    const res = await h.api.get(`/dev/mailbox/${stored?.id}`);

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual(stored);
  });

  it('when the id is unknown, then it answers a 404 problem in the caller’s language', async () => {
    const pt = await h.api.get('/dev/mailbox/0190f0e4-0000-7000-8000-000000000000');
    expect(pt.status).toBe(404);
    expect(pt.headers.get('content-type')).toContain('application/problem+json');
    expect(pt.body).toMatchObject({ status: 404, title: 'E-mail não encontrado', code: 'MAILBOX.NOT_FOUND', detail: 'Nenhum e-mail com este id na caixa local.', type: expect.stringContaining('/problems/') });

    const en = await h.api.get('/dev/mailbox/unknown-id', { headers: { 'accept-language': 'en' } });
    expect(en.body).toMatchObject({ status: 404, title: 'Mail not found', detail: 'No mail with this id in the local mailbox.' });
  });

  it('when mail goes out through SendGrid (no local mailbox), then both routes answer 404', async () => {
    const to = uniqueEmail('gone');
    await sendReset(to);
    const id = mailbox.latestTo(to)?.id;
    useMailbox(null);

    const list = await h.api.get('/dev/mailbox');
    const one = await h.api.get(`/dev/mailbox/${id}`);

    expect([list.status, one.status]).toEqual([404, 404]);
    expect(list.headers.get('content-type')).toContain('application/problem+json');
    expect(list.body.detail).toBe('A caixa de e-mails local só existe com MAIL_DRIVER=local.');
  });

  it('when the runtime says production, then the routes answer 404 even with a mailbox', async () => {
    const config = h.rt.config;
    h.rt.config = { ...config, isProduction: true };
    try {
      expect((await h.api.get('/dev/mailbox')).status).toBe(404);
    } finally {
      h.rt.config = config;
    }
  });

  it('when a mail is captured, then the logs carry neither the address nor the link', async () => {
    const to = uniqueEmail('quiet');
    await sendReset(to);
    const captured = h.logs.filter((l) => l.includes('"mail.captured"'));
    expect(captured.length).toBeGreaterThan(0);
    expect(h.logs.join('\n')).not.toContain(to);
    expect(h.logs.join('\n')).not.toContain('reset?token=');
  });
});
