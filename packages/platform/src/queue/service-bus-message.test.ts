import { describe, expect, it } from 'vitest';
import { fullyQualifiedNamespace, toServiceBusMessage } from './service-bus-message.ts';

describe('envelope → Service Bus message', () => {
  const envelope = {
    messageId: '0195a1b2-0000-7000-8000-000000000001',
    type: 'identity.password_reset_requested',
    version: 2,
    occurredAt: '2026-03-02T12:00:00.000Z',
    correlationId: 'req-42',
    payload: { userId: 'u-1' },
  };

  it('when an envelope is mapped, then messageId, JSON body, content type, correlation id and type/version properties are set', () => {
    expect(toServiceBusMessage(envelope)).toEqual({
      messageId: envelope.messageId,
      body: envelope,
      contentType: 'application/json',
      subject: 'identity.password_reset_requested',
      correlationId: 'req-42',
      applicationProperties: { type: 'identity.password_reset_requested', version: 2 },
    });
  });

  it('when the envelope has no correlation id, then the message carries none', () => {
    expect(toServiceBusMessage({ ...envelope, correlationId: null })).not.toHaveProperty('correlationId');
  });

  it('when the namespace is a short name or already qualified, then the fully qualified host is returned', () => {
    expect(fullyQualifiedNamespace('korevitta-prod')).toBe('korevitta-prod.servicebus.windows.net');
    expect(fullyQualifiedNamespace('sb://korevitta-prod.servicebus.windows.net/')).toBe('korevitta-prod.servicebus.windows.net');
    expect(() => fullyQualifiedNamespace('  ')).toThrow('empty');
  });
});
