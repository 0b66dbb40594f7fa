import { describe, expect, it } from 'vitest';
import { renderPasswordResetMail } from './password-reset-mail.ts';

const base = { to: 'maria@example.com', name: 'Maria', resetUrl: 'https://app.korevitta.com.br/reset?token=rt_abc123', expiresInMinutes: 60 };

describe('renderPasswordResetMail', () => {
  it('when no locale is given, then the mail is in pt-BR', () => {
    const mail = renderPasswordResetMail(base);
    expect(mail.subject).toBe('Redefinição de senha do KoreVitta');
    expect(mail.text).toContain('Olá, Maria!');
    expect(mail.text).toContain('O link vale por 1 hora e só pode ser usado uma vez.');
    expect(mail.html).toContain('<html lang="pt-BR">');
    expect(mail.html).toContain('Redefinir senha');
    expect(mail.to).toBe('maria@example.com');
    expect(mail).toMatchObject({ kind: 'password_reset', link: base.resetUrl });
  });

  it('when the locale is en, then the mail is in English', () => {
    const mail = renderPasswordResetMail({ ...base, locale: 'en', expiresInMinutes: 30 });
    expect(mail.subject).toBe('Reset your KoreVitta password');
    expect(mail.text).toContain('Hi Maria,');
    expect(mail.text).toContain('valid for 30 minutes');
    expect(mail.html).toContain('<html lang="en">');
  });

  it('when the locale is unknown, then it falls back to pt-BR', () => {
    expect(renderPasswordResetMail({ ...base, locale: 'es-AR' }).subject).toBe('Redefinição de senha do KoreVitta');
  });

  it('when rendered, then the reset link is in the text and in the html (href and visible)', () => {
    const mail = renderPasswordResetMail({ ...base, resetUrl: 'https://app.korevitta.com.br/reset?token=rt_abc&x=1' });
    expect(mail.text).toContain('https://app.korevitta.com.br/reset?token=rt_abc&x=1');
    expect(mail.html).toContain('href="https://app.korevitta.com.br/reset?token=rt_abc&amp;x=1"');
    expect(mail.html.match(/token=rt_abc&amp;x=1/g)).toHaveLength(3);
  });

  it('when the name carries markup, then the html escapes it and the text keeps it on one line', () => {
    const mail = renderPasswordResetMail({ ...base, name: '<script>alert("x")</script>\nVisite http://evil.example' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.text).toContain('Olá, <script>alert("x")</script> Visite http://evil.example!');
    expect(mail.text.split('\n')[0]).toBe('Olá, <script>alert("x")</script> Visite http://evil.example!');
  });

  it('when there is no name, then the greeting stands alone', () => {
    expect(renderPasswordResetMail({ ...base, name: null }).text.startsWith('Olá!\n')).toBe(true);
    expect(renderPasswordResetMail({ ...base, name: '  ', locale: 'en' }).text.startsWith('Hi,\n')).toBe(true);
  });

  it('when the link is not http(s), then rendering refuses it', () => {
    expect(() => renderPasswordResetMail({ ...base, resetUrl: 'javascript:alert(1)' })).toThrow(/http/);
    expect(() => renderPasswordResetMail({ ...base, resetUrl: '/reset?token=x' })).toThrow(/absolute/);
  });

  it('when the duration is not a positive whole number, then rendering refuses it', () => {
    expect(() => renderPasswordResetMail({ ...base, expiresInMinutes: 0 })).toThrow(/positive integer/);
  });
});
