import { createMessageNotificationStore, withSystemBypass } from '@korevitta/db';
import { notifyNewMessage as decideAndNotify, type NewMessageNotifier, type NotificationSkipReason } from '@korevitta/domain';
import type { Runtime } from '../runtime.ts';
import { renderNewMessageMail } from '../mail/new-message-mail.ts';
import { applyOnce } from '../queue/apply-once.ts';
import { mailBrandOf } from '../composition/branding-deps.ts';

export const NOTIFY_NEW_MESSAGE_CONSUMER = 'notify-new-message';

export interface NotifyNewMessageResult {
  outcome: 'processed' | 'skipped_duplicate' | 'skipped_missing';
  sent: number;
  skipped: Partial<Record<NotificationSkipReason, number>>;
}

/** Link into the app's conversation screen. */
export const threadLink = (publicAppUrl: string, threadId: string): string => new URL(`/mensagens/${encodeURIComponent(threadId)}`, publicAppUrl).toString();

/**
 * Consumer of `communication.message_posted`: in one system transaction with the consumer inbox, runs the
 * domain's notifyNewMessage (preference, sender, already read, quiet period under a row lock) and sends
 * the new-message e-mail without any message content. A redelivered message sends nothing; a failed send
 * rolls back the inbox entry and the recorded time, so the retry may send.
 */
export async function notifyNewMessage(rt: Runtime, input: { messageId: string; threadId: string; deliveryId: string; now: Date }): Promise<NotifyNewMessageResult> {
  return withSystemBypass(rt.db, 'consumer: notify new message (reads the recipient’s preference and e-mail)', async (tx) => {
    if (!(await applyOnce(tx, NOTIFY_NEW_MESSAGE_CONSUMER, input.deliveryId))) return { outcome: 'skipped_duplicate', sent: 0, skipped: {} };
    const notifier: NewMessageNotifier = {
      send: async ({ recipient, senderName, senderRole, threadId, quietPeriodMinutes, professionalId }) => {
        // To a patient, in its professional's branding.
        const brand = senderRole === 'professional' ? await mailBrandOf(rt, tx, professionalId) : null;
        await rt.mail.send(renderNewMessageMail({
          brand,
          to: recipient.email,
          locale: recipient.locale,
          senderName: brand?.name ?? senderName,
          fromProfessional: senderRole === 'professional',
          threadUrl: threadLink(rt.config.publicAppUrl, threadId),
          quietPeriodMinutes,
        }));
      },
    };
    const outcomes = await decideAndNotify({ store: createMessageNotificationStore(tx), notifier, now: input.now }, { messageId: input.messageId, threadId: input.threadId });
    if (outcomes === 'message_not_found') return { outcome: 'skipped_missing', sent: 0, skipped: {} };
    const result: NotifyNewMessageResult = { outcome: 'processed', sent: 0, skipped: {} };
    for (const { decision } of outcomes) {
      if (decision.kind === 'send') result.sent += 1;
      else result.skipped[decision.reason] = (result.skipped[decision.reason] ?? 0) + 1;
    }
    return result;
  });
}
