import { join } from 'node:path';
import { ConfigError, type Config } from '../config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Mailer } from './port.ts';
import { LocalMailbox } from './local-mailbox.ts';

export interface MailerBundle {
  mailer: Mailer;
  /** The same object as `mailer` in local mode, for the dev routes and tests; null with SendGrid. */
  mailbox: LocalMailbox | null;
}

/**
 * Where the local mailbox keeps its mails across restarts: `${dataDir}/mailbox/mailbox.json` when the
 * app runs in local mode on a data folder. Tests (APP_ENV=test) and in-memory databases keep mails in
 * memory only, so parallel runs never read each other's links.
 */
export function mailboxFile(config: Pick<Config, 'env' | 'database'>): string | null {
  if (config.env !== 'local') return null;
  const dir = config.database.dataDir.trim();
  if (dir === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(dir)) return null;
  return join(dir, 'mailbox', 'mailbox.json');
}

export async function createMailer(config: Config, log: Logger): Promise<MailerBundle> {
  const driver = config.mail.driver;
  switch (driver) {
    case 'sendgrid': {
      if (!config.mail.sendgridApiKey) throw new ConfigError('MAIL_DRIVER=sendgrid needs SENDGRID_API_KEY');
      // Loaded only when named, like the Service Bus SDK (create-queue.ts): local start-up never pays for it.
      const { SendGridMailer } = await import('./sendgrid-mailer.ts');
      return { mailer: new SendGridMailer({ apiKey: config.mail.sendgridApiKey, from: config.mail.from, log }), mailbox: null };
    }
    case 'local': {
      const mailbox = await LocalMailbox.open({ file: mailboxFile(config), log });
      return { mailer: mailbox, mailbox };
    }
    default: {
      const never: never = driver;
      throw new ConfigError(`unknown MAIL_DRIVER ${String(never)}`);
    }
  }
}
