import { describe, expect, it } from 'vitest';
import { renderPatientInviteMail } from './patient-invite-mail.ts';

const base = {
  to: 'joao@example.com',
  patientName: 'João',
  professionalName: 'Dra. Lívia Araújo',
  acceptUrl: 'https://app.korevitta.com.br/convite?token=inv_123',
  expiresInDays: 7,
};

describe('renderPatientInviteMail', () => {
  it('when no locale is given, then the mail is in pt-BR, in the professional name', () => {
    const mail = renderPatientInviteMail(base);
    expect(mail.subject).toBe('Dra. Lívia Araújo convidou você para o KoreVitta');
    expect(mail.text).toContain('Olá, João!');
    expect(mail.text).toContain('Você foi convidado(a) por Dra. Lívia Araújo para acompanhar seu protocolo no KoreVitta.');
    expect(mail.text).toContain('O convite vale por 7 dias.');
    expect(mail.text).toContain('Enviado pelo KoreVitta em nome de Dra. Lívia Araújo.');
    expect(mail.senderName).toBe('Dra. Lívia Araújo');
    expect(mail).toMatchObject({ kind: 'patient_invite', link: base.acceptUrl });
    expect(mail.to).toBe('joao@example.com');
  });

  it('when the locale is en, then the mail is in English', () => {
    const mail = renderPatientInviteMail({ ...base, locale: 'en', expiresInDays: 1 });
    expect(mail.subject).toBe('Dra. Lívia Araújo invited you to KoreVitta');
    expect(mail.text).toContain('You have been invited by Dra. Lívia Araújo');
    expect(mail.text).toContain('valid for 1 day.');
    expect(mail.html).toContain('Accept invitation');
  });

  it('when rendered, then the accept link is in the text and in the html', () => {
    const mail = renderPatientInviteMail(base);
    expect(mail.text).toContain('\nhttps://app.korevitta.com.br/convite?token=inv_123\n');
    expect(mail.html).toContain('href="https://app.korevitta.com.br/convite?token=inv_123"');
  });

  it('when names carry markup or line breaks, then html escapes them and subject and text stay on one line', () => {
    const mail = renderPatientInviteMail({
      ...base,
      patientName: '<img src=x onerror=alert(1)>',
      professionalName: 'Ana "Nutri" <b>\r\nBcc: x@evil.example',
    });
    expect(mail.html).not.toMatch(/<img|<b>/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('Ana &quot;Nutri&quot; &lt;b&gt; Bcc: x@evil.example');
    expect(mail.subject).toBe('Ana "Nutri" <b> Bcc: x@evil.example convidou você para o KoreVitta');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.senderName).not.toMatch(/[\r\n]/);
  });

  it('when a name hides bidirectional overrides, then they are removed', () => {
    const mail = renderPatientInviteMail({ ...base, professionalName: 'Ana\u202Egpj.exe' });
    expect(mail.subject.startsWith('Ana gpj.exe ')).toBe(true);
  });

  it('when the professional name is blank, then the mail falls back to KoreVitta', () => {
    const mail = renderPatientInviteMail({ ...base, professionalName: ' \n ' });
    expect(mail.subject).toBe('KoreVitta convidou você para o KoreVitta');
  });
});
