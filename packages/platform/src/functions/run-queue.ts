import type { InvocationContext } from '@azure/functions';
import type { QueueDelivery, QueueFunctionDefinition } from './definitions.ts';
import { getRuntime } from '../runtime.ts';
import { trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { runWithLogContext } from '../observability/log-context.ts';

const tracer = trace.getTracer('korevitta.queue');

/** Reads delivery facts from the trigger metadata (Service Bus) or the local worker's equivalent. */
export function deliveryFrom(ctx: InvocationContext): QueueDelivery {
  const meta = ctx.triggerMetadata ?? {};
  const enqueued = meta.enqueuedTimeUtc;
  return {
    messageId: typeof meta.messageId === 'string' ? meta.messageId : ctx.invocationId,
    deliveryCount: typeof meta.deliveryCount === 'number' ? meta.deliveryCount : 1,
    enqueuedAt: typeof enqueued === 'string' || enqueued instanceof Date ? new Date(enqueued) : null,
  };
}

export async function runQueueMessage(def: QueueFunctionDefinition, message: unknown, ctx: InvocationContext): Promise<void> {
  const rt = await getRuntime();
  const delivery = deliveryFrom(ctx);
  await tracer.startActiveSpan(`process ${def.queue}`, { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'servicebus', 'messaging.destination.name': def.queue, 'messaging.message.id': delivery.messageId } }, async (span) => {
    try {
      await runWithLogContext({ functionName: def.name, messageId: delivery.messageId, requestId: ctx.invocationId, traceId: span.spanContext().traceId }, () =>
        def.handler(message, delivery, { rt, log: rt.log, invocation: ctx }),
      );
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
