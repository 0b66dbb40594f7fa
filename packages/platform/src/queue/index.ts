/**
 * The queue module's public surface: the sending port, the local queue and its worker, consumers and
 * their dispatcher, and the outbox relay that feeds them. The Service Bus adapter is loaded by
 * createQueueAdapter only when QUEUE_DRIVER=servicebus.
 */
export type { QueueSender } from './sender.ts';
export * from './local-queue.ts';
export * from './local-worker.ts';
export * from './service-bus-message.ts';
export * from './poison-message-error.ts';
export * from './consumer.ts';
export * from './dispatcher.ts';
export * from './apply-once.ts';
export * from './dead-letter-record.ts';
export * from './create-queue.ts';
export * from '../outbox/relay-outbox.ts';
