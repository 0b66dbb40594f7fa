import { MailService, type MailDataRequired } from '@sendgrid/mail';
import type { Mailer, MailMessage } from './port.ts';
import type { Logger } from '../observability/logger.ts';
import { oneLine } from './escape.ts';

export interface MailSender { email: string; name?: string }

/** `KoreVitta <no-reply@korevitta.com.br>` or a bare address → the sender SendGrid expects. */
export function parseSender(from: string): MailSender {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from);
  if (match?.[2]) {
    const name = match[1]?.trim();
    return name ? { email: match[2], name } : { email: match[2] };
  }
  const bare = from.trim();
  if (!/^[^<>\s]+@[^<>\s]+$/.test(bare)) throw new Error('MAIL_FROM is not an e-mail address or "Name <address>"');
  return { email: bare };
}

// SendGrid rejects ';' and ',' in display names; quotes and angle brackets would read as part of an address.
const displayName = (s: string) => oneLine(s.replace(/[;,"<>]/g, ' '), 100);

/**
 * The pure mapping MailMessage → SendGrid v3 payload. Only the mail's kind goes into categories and
 * custom args (they show up in SendGrid's activity feed and webhooks). Click and open tracking are off:
 * click tracking would rewrite reset and invite links through SendGrid's redirect domain.
 */
export function toSendGridPayload(message: MailMessage, sender: MailSender): MailDataRequired {
  const brand = sender.name ?? 'KoreVitta';
  const name = message.senderName ? `${displayName(message.senderName)} via ${brand}` : sender.name;
  return {
    to: message.to,
    from: name ? { email: sender.email, name } : { email: sender.email },
    subject: oneLine(message.subject, 200),
    text: message.text,
    html: message.html,
    ...(message.inline?.length
      ? { attachments: message.inline.map((i) => ({ content: i.contentBase64, filename: i.filename, type: i.contentType, disposition: 'inline', contentId: i.cid })) }
      : {}),
    categories: [message.kind],
    customArgs: { kind: message.kind },
    trackingSettings: {
      clickTracking: { enable: false, enableText: false },
      openTracking: { enable: false },
      subscriptionTracking: { enable: false },
    },
  };
}

/** A send that failed; the message carries the status code only (never the provider's body, which may echo addresses). */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  constructor(
    readonly statusCode: number | null,
    /** 429, 5xx and no answer at all are worth retrying; other 4xx are not (bad payload or credentials). */
    readonly retryable: boolean,
  ) {
    super(statusCode === null ? 'mail provider did not answer (network error or timeout)' : `mail provider answered status ${statusCode}`);
  }
}

export function toDeliveryError(error: unknown): MailDeliveryError {
  const statusCode = statusOf(error);
  const retryable = statusCode === null || statusCode === 429 || statusCode >= 500;
  return new MailDeliveryError(statusCode, retryable);
}

function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  // ResponseError carries the HTTP status in `code`; axios errors carry a string code and maybe a response.
  const { code, response } = error as { code?: unknown; response?: { status?: unknown } };
  if (typeof code === 'number') return code;
  if (typeof response?.status === 'number') return response.status;
  return null;
}

/** What SendGridMailer needs from @sendgrid/mail (a test passes a fake). */
export interface SendGridTransport {
  send(data: MailDataRequired): Promise<[{ statusCode: number; headers: Record<string, unknown> }, unknown]>;
}

export interface SendGridMailerOptions {
  apiKey: string;
  /** `Name <address>` (config.mail.from). */
  from: string;
  log: Logger;
  /** Per request; the queue consumer's own time limit must be longer. */
  timeoutMs?: number;
  transport?: SendGridTransport;
}

export const SENDGRID_TIMEOUT_MS = 10_000;

export class SendGridMailer implements Mailer {
  private readonly sender: MailSender;
  private readonly transport: SendGridTransport;
  private readonly log: Logger;

  constructor(options: SendGridMailerOptions) {
    if (!options.apiKey) throw new Error('SendGridMailer needs an API key');
    this.sender = parseSender(options.from);
    this.log = options.log;
    if (options.transport) {
      this.transport = options.transport;
    } else {
      // Our own instance, not the package's shared singleton.
      const service = new MailService();
      service.setApiKey(options.apiKey);
      service.setTimeout(options.timeoutMs ?? SENDGRID_TIMEOUT_MS);
      this.transport = service;
    }
  }

  async send(message: MailMessage): Promise<void> {
    const started = performance.now();
    const fields = { kind: message.kind, provider: 'sendgrid' };
    try {
      const [response] = await this.transport.send(toSendGridPayload(message, this.sender));
      const providerMessageId = response.headers['x-message-id'];
      this.log.info('mail.sent', {
        ...fields,
        statusCode: response.statusCode,
        latencyMs: Math.round(performance.now() - started),
        ...(typeof providerMessageId === 'string' ? { providerMessageId } : {}),
      });
    } catch (error) {
      const failure = toDeliveryError(error);
      const level = failure.retryable ? 'warn' : 'error';
      this.log[level]('mail.send_failed', { ...fields, statusCode: failure.statusCode, retryable: failure.retryable, latencyMs: Math.round(performance.now() - started) });
      throw failure;
    }
  }
}
