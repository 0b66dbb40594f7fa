import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as v from 'valibot';
import { uuidv7 } from 'uuidv7';
import { MAIL_KINDS, type Mailer, type MailKind, type MailMessage } from './port.ts';
import type { Logger } from '../observability/logger.ts';

/**
 * A captured mail: what was sent, the id the dev routes use, when it was sent (ISO 8601), and its link and
 * the link's `token` parameter (reset and invite mails) as fields, so that nobody scrapes them from the text.
 */
export interface StoredMail extends Omit<MailMessage, 'link'> {
  id: string;
  sentAt: string;
  link: string | null;
  token: string | null;
}

const StoredMailSchema = v.object({
  id: v.string(),
  sentAt: v.string(),
  to: v.string(),
  subject: v.string(),
  text: v.string(),
  html: v.string(),
  kind: v.picklist(MAIL_KINDS),
  link: v.nullable(v.string()),
  token: v.nullable(v.string()),
  senderName: v.optional(v.string()),
  inline: v.optional(v.array(v.object({ cid: v.string(), filename: v.string(), contentType: v.literal('image/png'), contentBase64: v.string() }))),
});
// Version 1 files (before kind, link and token) are ignored: the mailbox starts empty once.
const FileSchema = v.object({ version: v.literal(2), mails: v.array(StoredMailSchema) });

/** The `token` query parameter of a mail's link (reset and invite links carry one). */
function tokenOf(link: string | undefined): string | null {
  if (!link) return null;
  try {
    return new URL(link).searchParams.get('token');
  } catch {
    return null;
  }
}

export interface LocalMailboxOptions {
  /** How many mails to keep; the oldest fall off first. */
  capacity?: number;
  /** A JSON file that keeps the mails across restarts; null keeps them in memory only. */
  file?: string | null;
  now?: () => Date;
  log?: Logger;
}

export const DEFAULT_MAILBOX_CAPACITY = 200;

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The local-mode Mailer: nothing leaves the machine. Mails are kept newest-last in memory (and in a file
 * when asked) so that a developer, or a test, can read the reset and invite links. Never used in production
 * (config refuses MAIL_DRIVER=local there).
 */
export class LocalMailbox implements Mailer {
  private mails: StoredMail[] = [];
  private readonly capacity: number;
  private readonly file: string | null;
  private readonly now: () => Date;
  private readonly log: Logger | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(options: LocalMailboxOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? DEFAULT_MAILBOX_CAPACITY);
    this.file = options.file ?? null;
    this.now = options.now ?? (() => new Date());
    this.log = options.log;
  }

  /** A mailbox with what its file kept from the previous run (an unreadable file starts it empty). */
  static async open(options: LocalMailboxOptions = {}): Promise<LocalMailbox> {
    const box = new LocalMailbox(options);
    await box.load();
    return box;
  }

  async send(message: MailMessage): Promise<void> {
    const mail: StoredMail = Object.freeze({ ...message, id: uuidv7(), sentAt: this.now().toISOString(), link: message.link ?? null, token: tokenOf(message.link) });
    this.mails.push(mail);
    if (this.mails.length > this.capacity) this.mails.splice(0, this.mails.length - this.capacity);
    this.log?.info('mail.captured', { kind: mail.kind, mailId: mail.id });
    await this.persist();
  }

  /** Newest first; `to` keeps only the mails sent to that address (case-insensitive). */
  list(filter: { to?: string | undefined } = {}): StoredMail[] {
    const { to } = filter;
    const mails = to === undefined ? this.mails : this.mails.filter((m) => sameAddress(m.to, to));
    return [...mails].reverse();
  }

  get(id: string): StoredMail | null {
    return this.mails.find((m) => m.id === id) ?? null;
  }

  /** The last mail sent to an address (tests read reset and invite links from it). */
  latestTo(address: string, kind?: MailKind): StoredMail | null {
    for (let i = this.mails.length - 1; i >= 0; i--) {
      const mail = this.mails[i];
      if (mail && sameAddress(mail.to, address) && (kind === undefined || mail.kind === kind)) return mail;
    }
    return null;
  }

  async clear(): Promise<void> {
    this.mails = [];
    await this.persist();
  }

  /** Resolves once every pending write reached the file. */
  flush(): Promise<void> {
    return this.writing;
  }

  private async load(): Promise<void> {
    if (!this.file) return;
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log?.warn('mailbox.load_failed', { error });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const parsed = v.safeParse(FileSchema, json);
    if (!parsed.success) {
      this.log?.warn('mailbox.file_ignored', { reason: 'unexpected content' });
      return;
    }
    this.mails = parsed.output.mails.slice(-this.capacity).map((m) => Object.freeze(m));
  }

  /** Writes are chained so they land in order; a failed write is logged, never fails the send. */
  private persist(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const snapshot = JSON.stringify({ version: 2, mails: this.mails });
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dirname(file), { recursive: true, mode: 0o700 });
        const tmp = `${file}.${process.pid}.tmp`;
        // The mails hold live reset and invite links: readable by the owner only.
        await writeFile(tmp, snapshot, { encoding: 'utf8', mode: 0o600 });
        await rename(tmp, file);
      } catch (error) {
        this.log?.warn('mailbox.persist_failed', { error });
      }
    });
    return this.writing;
  }
}
