import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailMessage } from './port.ts';
import { LocalMailbox } from './local-mailbox.ts';

const mail = (to: string, overrides: Partial<MailMessage> = {}): MailMessage => ({
  to,
  subject: 'Assunto',
  text: `link para ${to}`,
  html: '<p>link</p>',
  kind: 'password_reset',
  link: `https://app.korevitta.test/redefinir-senha?token=rt_${to.length}`,
  ...overrides,
});

const dirs: string[] = [];
const tempFile = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kv-mailbox-'));
  dirs.push(dir);
  return join(dir, 'mailbox', 'mailbox.json');
};
afterEach(async () => { await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))); });

describe('LocalMailbox', () => {
  it('when mails are sent, then list answers newest first with an id and sentAt', async () => {
    let t = Date.parse('2025-03-01T12:00:00Z');
    const box = new LocalMailbox({ now: () => new Date((t += 1000)) });
    await box.send(mail('a@example.com'));
    await box.send(mail('b@example.com'));

    const list = box.list();
    expect(list.map((m) => m.to)).toEqual(['b@example.com', 'a@example.com']);
    expect(list[0]).toMatchObject({ sentAt: '2025-03-01T12:00:02.000Z', subject: 'Assunto', kind: 'password_reset' });
    expect(list[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(list.map((m) => m.id)).size).toBe(2);
  });

  it('when filtered by address, then only that recipient’s mails come back, whatever the case', async () => {
    const box = new LocalMailbox();
    await box.send(mail('Ana@Example.com'));
    await box.send(mail('bia@example.com'));
    expect(box.list({ to: ' ana@example.COM ' }).map((m) => m.to)).toEqual(['Ana@Example.com']);
    expect(box.list({ to: 'nobody@example.com' })).toEqual([]);
  });

  it('when more mails than the capacity arrive, then the oldest fall off', async () => {
    const box = new LocalMailbox({ capacity: 2 });
    for (const to of ['1@x.io', '2@x.io', '3@x.io']) await box.send(mail(to));
    expect(box.list().map((m) => m.to)).toEqual(['3@x.io', '2@x.io']);
  });

  it('when get is asked for a known or unknown id, then it answers the mail or null', async () => {
    const box = new LocalMailbox();
    await box.send(mail('a@example.com'));
    const [first] = box.list();
    expect(box.get(first?.id ?? '')).toEqual(first);
    expect(box.get('00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('when latestTo is asked, then it answers the last mail to that address (optionally of one kind)', async () => {
    const box = new LocalMailbox();
    await box.send(mail('a@example.com', { subject: 'primeiro' }));
    await box.send(mail('a@example.com', { subject: 'convite', kind: 'patient_invite' }));
    await box.send(mail('b@example.com'));
    expect(box.latestTo('A@example.com')?.subject).toBe('convite');
    expect(box.latestTo('a@example.com', 'password_reset')?.subject).toBe('primeiro');
    expect(box.latestTo('c@example.com')).toBeNull();
  });

  it('when a mail has a link, then the mail carries it and its token parameter; without one, both are null', async () => {
    const box = new LocalMailbox();
    await box.send(mail('a@example.com', { link: 'https://app.korevitta.test/convite?token=iv_abc-1_X&lang=en', kind: 'patient_invite' }));
    await box.send(mail('b@example.com', { link: 'https://app.korevitta.test/mensagens/0190f0e4', kind: 'new_message' }));
    await box.send(mail('c@example.com', { link: undefined }));
    expect(box.latestTo('a@example.com')).toMatchObject({ kind: 'patient_invite', link: 'https://app.korevitta.test/convite?token=iv_abc-1_X&lang=en', token: 'iv_abc-1_X' });
    expect(box.latestTo('b@example.com')).toMatchObject({ kind: 'new_message', link: 'https://app.korevitta.test/mensagens/0190f0e4', token: null });
    expect(box.latestTo('c@example.com')).toMatchObject({ link: null, token: null });
  });

  it('when a returned mail is mutated, then the mailbox is unaffected', async () => {
    const box = new LocalMailbox();
    await box.send(mail('a@example.com'));
    const first = box.list()[0];
    expect(() => { if (first) (first as { subject: string }).subject = 'x'; }).toThrow(TypeError);
    expect(box.list()[0]?.subject).toBe('Assunto');
  });

  it('when cleared, then it is empty', async () => {
    const box = new LocalMailbox();
    await box.send(mail('a@example.com'));
    await box.clear();
    expect(box.list()).toEqual([]);
  });

  it('when backed by a file, then the mails survive a restart, and the file is private to its owner', async () => {
    const file = await tempFile();
    const first = await LocalMailbox.open({ file });
    await first.send(mail('a@example.com'));
    await first.send(mail('b@example.com'));

    const reopened = await LocalMailbox.open({ file });
    expect(reopened.list()).toEqual(first.list());
    expect(reopened.latestTo('a@example.com')?.text).toBe('link para a@example.com');
    expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it('when a file-backed mailbox is cleared, then the restart finds it empty', async () => {
    const file = await tempFile();
    const box = await LocalMailbox.open({ file });
    await box.send(mail('a@example.com'));
    await box.clear();
    expect((await LocalMailbox.open({ file })).list()).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 2, mails: [] });
  });

  it('when the file holds more than the capacity, then only the newest are loaded', async () => {
    const file = await tempFile();
    const big = await LocalMailbox.open({ file });
    for (const to of ['1@x.io', '2@x.io', '3@x.io']) await big.send(mail(to));
    expect((await LocalMailbox.open({ file, capacity: 2 })).list().map((m) => m.to)).toEqual(['3@x.io', '2@x.io']);
  });

  it('when the file is unreadable, then the mailbox starts empty and keeps working', async () => {
    const file = await tempFile();
    const box = await LocalMailbox.open({ file });
    await box.send(mail('a@example.com'));
    await writeFile(file, '{ not json');
    const reopened = await LocalMailbox.open({ file });
    expect(reopened.list()).toEqual([]);
    await reopened.send(mail('b@example.com'));
    expect((await LocalMailbox.open({ file })).list().map((m) => m.to)).toEqual(['b@example.com']);
  });

  it('when the file is from before kind, link and token (version 1), then the mailbox starts empty', async () => {
    const file = await tempFile();
    await (await LocalMailbox.open({ file })).send(mail('a@example.com'));
    const old = JSON.parse(await readFile(file, 'utf8')) as { mails: Record<string, unknown>[] };
    await writeFile(file, JSON.stringify({ version: 1, mails: old.mails.map(({ kind: _k, link: _l, token: _t, ...m }) => ({ ...m, template: 'password-reset' })) }));
    expect((await LocalMailbox.open({ file })).list()).toEqual([]);
  });

  it('when many sends run at once, then the file ends with all of them', async () => {
    const file = await tempFile();
    const box = await LocalMailbox.open({ file });
    await Promise.all(Array.from({ length: 20 }, (_, i) => box.send(mail(`${i}@x.io`))));
    await box.flush();
    expect((await LocalMailbox.open({ file })).list()).toHaveLength(20);
  });
});
