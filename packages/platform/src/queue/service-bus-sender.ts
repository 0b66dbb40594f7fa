import { ServiceBusClient, type ServiceBusSender } from '@azure/service-bus';
import { DefaultAzureCredential } from '@azure/identity';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import type { Config } from '../config.ts';
import type { QueueSender } from './sender.ts';
import { fullyQualifiedNamespace, toServiceBusMessage } from './service-bus-message.ts';

/**
 * The Azure QueueSender: a thin adapter over @azure/service-bus with the app's managed identity
 * (DefaultAzureCredential; the identity needs "Azure Service Bus Data Sender").
 *
 * How the local queue's semantics map onto Service Bus (bicep sets the queue properties):
 * - Duplicate detection: `requiresDuplicateDetection` with a 10-minute window; messageId = outbox id.
 * - Peek-lock, lock duration, DeliveryCount: native; the Functions trigger renews the lock while the
 *   handler runs and completes on success, abandons on a throw.
 * - Retries: an abandoned message is redelivered at once (Service Bus has no redelivery delay and the
 *   Functions v4 retry policies do not apply to Service Bus triggers), so the Azure path retries without
 *   the local queue's exponential backoff; `maxDeliveryCount` (10) on the queue bounds the attempts, then
 *   Service Bus dead-letters with reason `MaxDeliveryCountExceeded`.
 * - App-level dead-letter of a poison message: not possible from this trigger without the preview
 *   @azure/functions-extensions-servicebus package, so the dispatcher logs it, writes a
 *   dead_letter_records row and completes it (see dead-letter-record.ts).
 * - Scheduled delivery: `scheduleMessages` (cancel by sequence number with `cancelScheduledMessages`).
 */
export class ServiceBusQueueSender implements QueueSender {
  private readonly senders = new Map<QueueName, ServiceBusSender>();

  constructor(private readonly client: ServiceBusClient) {}

  static fromConfig(config: Config): ServiceBusQueueSender {
    const namespace = config.queue.serviceBusNamespace;
    if (!namespace) throw new Error('SERVICEBUS_NAMESPACE is required when QUEUE_DRIVER=servicebus');
    return new ServiceBusQueueSender(new ServiceBusClient(fullyQualifiedNamespace(namespace), new DefaultAzureCredential()));
  }

  async send(queue: QueueName, message: MessageEnvelope, options: { scheduledAt?: Date } = {}): Promise<void> {
    const sender = this.senderFor(queue);
    const sbMessage = toServiceBusMessage(message);
    if (options.scheduledAt) await sender.scheduleMessages(sbMessage, options.scheduledAt);
    else await sender.sendMessages(sbMessage);
  }

  /** Readiness: opening a send link proves the namespace is reachable and the identity may send. */
  async probe(): Promise<void> {
    await this.senderFor('critical').createMessageBatch();
  }

  async close(): Promise<void> {
    await Promise.all([...this.senders.values()].map((s) => s.close()));
    this.senders.clear();
    await this.client.close();
  }

  private senderFor(queue: QueueName): ServiceBusSender {
    let sender = this.senders.get(queue);
    if (!sender) {
      sender = this.client.createSender(queue);
      this.senders.set(queue, sender);
    }
    return sender;
  }
}
