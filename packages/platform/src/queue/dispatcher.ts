import * as v from 'valibot';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import type { QueueFunctionDefinition } from '../functions/definitions.ts';
import type { ConsumerDefinition } from './consumer.ts';
import { PoisonMessageError } from './poison-message-error.ts';
import { recordDeadLetter } from './dead-letter-record.ts';

/** The consumers of one queue (functions/queue/consumers/index.ts builds one per queue). */
export interface QueueConsumers {
  queue: QueueName;
  consumers: readonly ConsumerDefinition[];
}

const Envelope = v.object({
  messageId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  type: v.pipe(v.string(), v.minLength(1)),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  occurredAt: v.pipe(v.string(), v.isoTimestamp()),
  correlationId: v.nullable(v.string()),
  payload: v.unknown(),
});

/** Where the issues are, never what was received (payloads carry personal data). */
const describeIssues = (issues: readonly v.BaseIssue<unknown>[]) =>
  issues.slice(0, 5).map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.kind} ${i.type}`).join('; ');

function decodeBody(body: unknown): unknown {
  if (typeof body === 'string') {
    try { return JSON.parse(body); } catch { return body; }
  }
  if (body instanceof Uint8Array) return decodeBody(new TextDecoder().decode(body));
  return body;
}

/**
 * The handler of a queue function: validates the envelope, finds the consumer by type and version,
 * validates the payload and calls it. A message that can never succeed throws PoisonMessageError: the
 * local worker dead-letters it at once; under Service Bus (which this trigger cannot dead-letter, see
 * dead-letter-record.ts) it is logged, recorded and completed. Any other error propagates, so the host
 * abandons the message and it is retried, then dead-lettered with MaxDeliveryCountExceeded.
 */
export function createQueueDispatcher(table: QueueConsumers): QueueFunctionDefinition['handler'] {
  const byKey = new Map<string, ConsumerDefinition>();
  for (const c of table.consumers) {
    const key = `${c.type}@${c.version}`;
    if (byKey.has(key)) throw new Error(`two consumers for ${key} on queue ${table.queue}`);
    byKey.set(key, c);
  }
  return async (body, delivery, { rt, log }) => {
    try {
      const parsed = v.safeParse(Envelope, decodeBody(body));
      if (!parsed.success) throw new PoisonMessageError('InvalidEnvelope', describeIssues(parsed.issues));
      const envelope: MessageEnvelope = parsed.output;
      const consumer = byKey.get(`${envelope.type}@${envelope.version}`);
      if (!consumer) throw new PoisonMessageError('UnknownMessageType', `no consumer for ${envelope.type} v${envelope.version} on ${table.queue}`);
      const payload = v.safeParse(consumer.payload, envelope.payload);
      if (!payload.success) throw new PoisonMessageError('InvalidPayload', `${envelope.type} v${envelope.version}: ${describeIssues(payload.issues)}`);
      await consumer.handle(payload.output, { rt, envelope, delivery, log, now: rt.clock.now() });
    } catch (error) {
      if (!(error instanceof PoisonMessageError)) throw error;
      log.error('queue.poison_message', { queue: table.queue, reason: error.reason, description: error.description, deliveryCount: delivery.deliveryCount });
      if (rt.config.queue.driver !== 'servicebus') throw error;
      await recordDeadLetter(rt.db, {
        queue: table.queue, messageId: delivery.messageId, body: decodeBody(body), reason: error.reason,
        description: error.description, deliveryCount: delivery.deliveryCount, deadLetteredAt: rt.clock.now(),
      });
      log.security('queue.dead_lettered', { outcome: 'failure', queue: table.queue, messageId: delivery.messageId, reason: error.reason, deliveryCount: delivery.deliveryCount });
    }
  };
}
