import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, setLogSinks } from '../observability/logger.ts';
import type { MailMessage } from './port.ts';
import { MailDeliveryError, parseSender, SendGridMailer, toDeliveryError, toSendGridPayload, type SendGridTransport } from './sendgrid-mailer.ts';

const message: MailMessage = {
  to: 'paciente@example.com',
  subject: 'Redefinição de senha do KoreVitta',
  text: 'Olá, Maria! https://app.korevitta.com.br/reset?token=rt_secret',
  html: '<p>Olá, Maria!</p>',
  kind: 'password_reset',
  link: 'https://app.korevitta.test/redefinir-senha?token=rt_1',
};
const sender = { email: 'no-reply@korevitta.com.br', name: 'KoreVitta' };

describe('parseSender', () => {
  it('when MAIL_FROM is "Name <address>", then name and address are split', () => {
    expect(parseSender('KoreVitta <no-reply@korevitta.com.br>')).toEqual(sender);
    expect(parseSender('"Kore Vitta" <no-reply@korevitta.com.br>')).toEqual({ email: 'no-reply@korevitta.com.br', name: 'Kore Vitta' });
  });

  it('when MAIL_FROM is a bare address, then there is no name', () => {
    expect(parseSender(' no-reply@korevitta.com.br ')).toEqual({ email: 'no-reply@korevitta.com.br' });
  });

  it('when MAIL_FROM is not an address, then it fails fast', () => {
    expect(() => parseSender('KoreVitta')).toThrow(/MAIL_FROM/);
  });
});

describe('toSendGridPayload', () => {
  it('when a message is mapped, then the payload carries it with the kind as the only category and custom arg (never the link)', () => {
    expect(toSendGridPayload(message, sender)).toEqual({
      to: 'paciente@example.com',
      from: { email: 'no-reply@korevitta.com.br', name: 'KoreVitta' },
      subject: 'Redefinição de senha do KoreVitta',
      text: message.text,
      html: message.html,
      categories: ['password_reset'],
      customArgs: { kind: 'password_reset' },
      trackingSettings: {
        clickTracking: { enable: false, enableText: false },
        openTracking: { enable: false },
        subscriptionTracking: { enable: false },
      },
    });
  });

  it('when the message has a sender name, then it is shown "via" our name, from our address', () => {
    const payload = toSendGridPayload({ ...message, kind: 'patient_invite', senderName: 'Dra. Lívia Araújo' }, sender);
    expect(payload.from).toEqual({ email: 'no-reply@korevitta.com.br', name: 'Dra. Lívia Araújo via KoreVitta' });
  });

  it('when the sender name holds address syntax or line breaks, then they are neutralised', () => {
    const payload = toSendGridPayload({ ...message, senderName: 'Ana, "Nutri" <ana@evil.example>\r\nX' }, sender);
    expect(payload.from).toEqual({ email: 'no-reply@korevitta.com.br', name: 'Ana Nutri ana@evil.example X via KoreVitta' });
  });

  it('when MAIL_FROM has no name, then the from has no name unless the message brings one', () => {
    expect(toSendGridPayload(message, { email: 'a@korevitta.com.br' }).from).toEqual({ email: 'a@korevitta.com.br' });
  });

  it('when the subject has a line break, then it is sent on one line', () => {
    expect(toSendGridPayload({ ...message, subject: 'a\r\nBcc: x' }, sender).subject).toBe('a Bcc: x');
  });
});

describe('toDeliveryError', () => {
  it('when SendGrid answers an error status, then the error carries that status only', () => {
    const providerError = Object.assign(new Error('Bad Request'), { code: 400, response: { body: { errors: [{ message: 'paciente@example.com invalid' }] } } });
    const error = toDeliveryError(providerError);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error.statusCode).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('mail provider answered status 400');
    expect(error.cause).toBeUndefined();
  });

  it('when SendGrid throttles or fails, then the error is retryable', () => {
    expect(toDeliveryError({ code: 429 }).retryable).toBe(true);
    expect(toDeliveryError({ code: 503 }).retryable).toBe(true);
    expect(toDeliveryError({ code: 'ERR_BAD_RESPONSE', response: { status: 502 } }).statusCode).toBe(502);
  });

  it('when there is no answer (timeout, network), then the status is null and the error retryable', () => {
    const error = toDeliveryError(Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' }));
    expect(error.statusCode).toBeNull();
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('mail provider did not answer (network error or timeout)');
  });
});

describe('SendGridMailer', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  const capture = () => {
    const lines: string[] = [];
    restore = setLogSinks([(line) => lines.push(line)]);
    return lines;
  };

  it('when a send succeeds, then the payload goes to SendGrid and the log names the kind only', async () => {
    const lines = capture();
    const sent: unknown[] = [];
    const transport: SendGridTransport = { send: async (data) => { sent.push(data); return [{ statusCode: 202, headers: { 'x-message-id': 'sg-1' } }, {}]; } };
    const mailer = new SendGridMailer({ apiKey: 'SG.key', from: 'KoreVitta <no-reply@korevitta.com.br>', log: createLogger('debug'), transport });

    await mailer.send(message);

    expect(sent).toEqual([toSendGridPayload(message, sender)]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ event: 'mail.sent', kind: 'password_reset', statusCode: 202, providerMessageId: 'sg-1' });
    expect(lines.join('\n')).not.toMatch(/paciente|Maria|rt_secret|Redefini/);
  });

  it('when SendGrid rejects the send, then a MailDeliveryError with the status is thrown and nothing personal is logged', async () => {
    const lines = capture();
    const transport: SendGridTransport = {
      send: async () => { throw Object.assign(new Error('Unauthorized paciente@example.com'), { code: 401 }); },
    };
    const mailer = new SendGridMailer({ apiKey: 'SG.key', from: 'no-reply@korevitta.com.br', log: createLogger('debug'), transport });

    await expect(mailer.send(message)).rejects.toMatchObject({ name: 'MailDeliveryError', statusCode: 401, retryable: false, message: 'mail provider answered status 401' });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'error', event: 'mail.send_failed', statusCode: 401, retryable: false });
    expect(lines.join('\n')).not.toMatch(/paciente|Maria|rt_secret|SG\.key/);
  });

  it('when built without a transport, then it uses its own SendGrid client (no API key, no mailer)', () => {
    expect(() => new SendGridMailer({ apiKey: '', from: 'no-reply@korevitta.com.br', log: createLogger('silent') })).toThrow(/API key/);
    expect(new SendGridMailer({ apiKey: 'SG.key', from: 'no-reply@korevitta.com.br', log: createLogger('silent') })).toBeInstanceOf(SendGridMailer);
  });
});
