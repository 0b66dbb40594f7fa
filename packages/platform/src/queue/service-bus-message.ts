import type { ServiceBusMessage } from '@azure/service-bus';
import type { MessageEnvelope } from '@korevitta/domain';

/**
 * Envelope → Service Bus message. The body is the whole envelope as JSON, so the trigger hands the
 * dispatcher the same object the local queue does; messageId drives duplicate detection; type and
 * version ride along as application properties (and `subject`) for filters and the portal.
 */
export function toServiceBusMessage(envelope: MessageEnvelope): ServiceBusMessage {
  return {
    messageId: envelope.messageId,
    body: envelope,
    contentType: 'application/json',
    subject: envelope.type,
    ...(envelope.correlationId ? { correlationId: envelope.correlationId } : {}),
    applicationProperties: { type: envelope.type, version: envelope.version },
  };
}

/** `korevitta-prod` or `korevitta-prod.servicebus.windows.net` → the fully qualified namespace. */
export function fullyQualifiedNamespace(namespace: string): string {
  const trimmed = namespace.trim().replace(/^sb:\/\//, '').replace(/\/+$/, '');
  if (trimmed === '') throw new Error('SERVICEBUS_NAMESPACE is empty');
  return trimmed.includes('.') ? trimmed : `${trimmed}.servicebus.windows.net`;
}
