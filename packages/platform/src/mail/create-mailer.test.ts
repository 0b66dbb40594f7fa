import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { createLogger } from '../observability/logger.ts';
import { createMailer, mailboxFile } from './create-mailer.ts';
import { LocalMailbox } from './local-mailbox.ts';
import { SendGridMailer } from './sendgrid-mailer.ts';

const log = createLogger('silent');

describe('createMailer', () => {
  it('when the driver is local, then the mailer is the local mailbox, exposed as such', async () => {
    const { mailer, mailbox } = await createMailer(loadConfig({ APP_ENV: 'test', MAIL_DRIVER: 'local' }), log);
    expect(mailbox).toBeInstanceOf(LocalMailbox);
    expect(mailer).toBe(mailbox);
  });

  it('when the driver is sendgrid, then the mailer is SendGrid and there is no mailbox', async () => {
    const { mailer, mailbox } = await createMailer(loadConfig({ APP_ENV: 'test', MAIL_DRIVER: 'sendgrid', SENDGRID_API_KEY: 'SG.key' }), log);
    expect(mailer).toBeInstanceOf(SendGridMailer);
    expect(mailbox).toBeNull();
  });

  it('when the driver is sendgrid without an API key, then it fails fast', async () => {
    await expect(createMailer(loadConfig({ APP_ENV: 'test', MAIL_DRIVER: 'sendgrid' }), log)).rejects.toThrow(/SENDGRID_API_KEY/);
  });
});

describe('mailboxFile', () => {
  it('when running locally on a data folder, then mails are kept under it', () => {
    expect(mailboxFile(loadConfig({ APP_ENV: 'local', DATA_DIR: '.data' }))).toBe(join('.data', 'mailbox', 'mailbox.json'));
  });

  it('when running tests or on an in-memory database, then mails stay in memory', () => {
    expect(mailboxFile(loadConfig({ APP_ENV: 'test', DATA_DIR: '.data' }))).toBeNull();
    expect(mailboxFile(loadConfig({ APP_ENV: 'local', DATA_DIR: 'memory://' }))).toBeNull();
  });
});
