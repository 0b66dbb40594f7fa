import { describe, expect, it } from 'vitest';
import { renderNewMessageMail } from '../mail/new-message-mail.ts';
import { threadLink } from './notify-new-message.ts';

const base = { to: 'joao@example.com', senderName: 'Dra. Lívia Araújo', fromProfessional: true, threadUrl: 'https://app.korevitta.com.br/mensagens/0190', quietPeriodMinutes: 30 };

describe('renderNewMessageMail', () => {
  it('when no locale is given, then pt-BR, in the professional’s name, with the link and the quiet period', () => {
    const mail = renderNewMessageMail(base);
    expect(mail.subject).toBe('Nova mensagem de Dra. Lívia Araújo');
    expect(mail.text).toContain('Você tem uma nova mensagem de Dra. Lívia Araújo no KoreVitta.');
    expect(mail.text).toContain('\nhttps://app.korevitta.com.br/mensagens/0190\n');
    expect(mail.text).toContain('a cada 30 minutos');
    expect(mail.senderName).toBe('Dra. Lívia Araújo');
    expect(mail).toMatchObject({ kind: 'new_message', link: base.threadUrl });
  });
  it('when the locale is en and the sender is a patient, then English and no sender display name', () => {
    const mail = renderNewMessageMail({ ...base, locale: 'en', senderName: 'João', fromProfessional: false, quietPeriodMinutes: 60 });
    expect(mail.subject).toBe('New message from João');
    expect(mail.text).toContain('every 1 hour');
    expect(mail.senderName).toBeUndefined();
  });
  it('when the quiet period is 0, then no quiet-period sentence', () => {
    expect(renderNewMessageMail({ ...base, quietPeriodMinutes: 0 }).text).not.toContain('a cada');
  });
  it('when the sender name carries markup or line breaks, then it is escaped and kept on one line', () => {
    const mail = renderNewMessageMail({ ...base, senderName: '<b>Ana</b>\r\nBcc: x@evil.example' });
    expect(mail.html).not.toContain('<b>Ana');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
  it('when the thread link is built, then it is under /mensagens/ of the public app URL', () => {
    expect(threadLink('https://app.korevitta.test', '0190abcd')).toBe('https://app.korevitta.test/mensagens/0190abcd');
  });
});
