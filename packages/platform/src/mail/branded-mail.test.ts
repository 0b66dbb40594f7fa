import { describe, expect, it } from 'vitest';
import { renderAccountNoticeMail, renderNewMessageMail, renderPasswordResetMail, renderPatientInviteMail } from './index.ts';
import { LOGO_CID, type MailBrand } from './layout.ts';
import { toSendGridPayload } from './sendgrid-mailer.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const BRAND: MailBrand = { name: 'Clínica <Vida> Leve', primaryColor: '#1F4E79', accentColor: '#8B1E3F', logo: { cid: LOGO_CID, contentType: 'image/png', content: PNG }, signature: 'Dra. Ana Souza\nCRN-3 12345\u0007' };

describe('mails to patients in the practice’s branding', () => {
  const mails = [
    renderPatientInviteMail({ to: 'p@example.com', professionalName: BRAND.name, brand: BRAND, acceptUrl: 'https://app.example/convite?token=x', expiresInDays: 7 }),
    renderPasswordResetMail({ to: 'p@example.com', brand: BRAND, resetUrl: 'https://app.example/redefinir-senha?token=x', expiresInMinutes: 30 }),
    renderNewMessageMail({ to: 'p@example.com', brand: BRAND, senderName: BRAND.name, fromProfessional: true, threadUrl: 'https://app.example/mensagens/t1', quietPeriodMinutes: 0 }),
    renderAccountNoticeMail({ kind: 'password_changed', to: 'p@example.com', brand: BRAND, recoverUrl: 'https://app.example/esqueci-senha' }),
    renderAccountNoticeMail({ kind: 'email_changed', to: 'p@example.com', brand: BRAND, recoverUrl: 'https://app.example/esqueci-senha' }),
  ];

  it.each(mails.map((m) => [m.kind, m] as const))('when a %s mail is branded, then the HTML carries logo, colours, escaped name and signature', (_kind, mail) => {
    expect(mail.html).toContain(`<img src="cid:${LOGO_CID}" alt="Clínica &lt;Vida&gt; Leve"`);
    expect(mail.html).not.toMatch(/https?:\/\/[^"]*(blob|logo)/);
    expect(mail.inline).toEqual([{ cid: LOGO_CID, filename: 'logo.png', contentType: 'image/png', contentBase64: Buffer.from(PNG).toString('base64') }]);
    expect(mail.html).toContain('background:#1F4E79'); // the button
    expect(mail.html).toContain('color:#8B1E3F'); // links and the name
    expect(mail.html).toContain('Clínica &lt;Vida&gt; Leve');
    expect(mail.html).toContain('Dra. Ana Souza<br>CRN-3 12345');
    expect(mail.html).not.toContain('\u0007');
    expect(mail.html).not.toContain('#0b7a5a');
  });

  it.each(mails.map((m) => [m.kind, m] as const))('when a %s mail is branded, then the text part has the name first and the signature', (_kind, mail) => {
    expect(mail.text.startsWith('Clínica <Vida> Leve\n\n')).toBe(true);
    expect(mail.text).toContain('-- \nDra. Ana Souza\nCRN-3 12345\n');
  });

  it('when a branded mail goes through SendGrid, then the logo is an inline attachment with its Content-ID', () => {
    const payload = toSendGridPayload(mails[0]!, { email: 'no-reply@korevitta.com.br', name: 'KoreVitta' });
    expect(payload.attachments).toEqual([{ content: Buffer.from(PNG).toString('base64'), filename: 'logo.png', type: 'image/png', disposition: 'inline', contentId: LOGO_CID }]);
  });

  it('when no branding is given, then the mail keeps KoreVitta’s look and no signature block', () => {
    const plain = renderPasswordResetMail({ to: 'p@example.com', resetUrl: 'https://app.example/r?token=x', expiresInMinutes: 30 });
    expect(plain.html).toContain('background:#0b7a5a');
    expect(plain.html).not.toContain('<img');
    expect(plain.inline).toBeUndefined();
    expect(plain.text).not.toContain('-- \n');
  });
});
