import type { NotifyDeps } from './ports.ts';
import { decideMessageNotification, type NotificationDecision } from './rules.ts';
import { DEFAULT_NOTIFICATION_PREFERENCES } from './types.ts';

export type NotifyOutcome = { recipientUserId: string; decision: NotificationDecision };

/**
 * The consumer's use case: for each recipient of a posted message, under a lock on its (thread,
 * recipient) state, decide (decideMessageNotification) and, when it says send, record the time and send the
 * e-mail. Runs inside one transaction with the consumer inbox, so a redelivery does nothing and a failed
 * send rolls the recorded time back for the retry.
 */
export async function notifyNewMessage(deps: NotifyDeps, input: { messageId: string; threadId: string }): Promise<NotifyOutcome[] | 'message_not_found'> {
  const message = await deps.store.findPostedMessage(input.messageId, input.threadId);
  if (!message) return 'message_not_found';
  const outcomes: NotifyOutcome[] = [];
  for (const recipient of await deps.store.recipientsOf(message)) {
    const state = await deps.store.lockState(message.threadId, recipient.userId, message.professionalId);
    const preference = (await deps.store.preferenceOf(recipient.userId)) ?? DEFAULT_NOTIFICATION_PREFERENCES;
    const decision = decideMessageNotification({
      preference,
      senderUserId: message.senderUserId,
      recipientUserId: recipient.userId,
      lastNotifiedAt: state.lastNotifiedAt,
      alreadyRead: await deps.store.hasRead(message.threadId, recipient.userId, message.id),
      now: deps.now,
    });
    if (decision.kind === 'send') {
      await deps.store.recordNotified({ threadId: message.threadId, recipientUserId: recipient.userId, messageId: message.id, now: deps.now });
      await deps.notifier.send({ recipient, senderName: message.senderName, senderRole: message.senderRole, threadId: message.threadId, professionalId: message.professionalId, quietPeriodMinutes: preference.quietPeriodMinutes });
    }
    outcomes.push({ recipientUserId: recipient.userId, decision });
  }
  return outcomes;
}
