import { uuidv7 } from 'uuidv7';
import type { Outbox, OutboxEvent } from '@korevitta/domain';
import type { Tx } from './tenant.ts';
import { eventOutbox } from './schema/index.ts';

/**
 * The domain's Outbox port over the caller's transaction (DESIGN.md §7): the event row commits or rolls
 * back with the business change, never "commit then send". Works in a tenant transaction (the app role
 * may only append rows of its own professional) and in a system transaction.
 */
export class OutboxWriter implements Outbox {
  constructor(
    private readonly tx: Tx,
    private readonly newId: () => string = uuidv7,
  ) {}

  async append(event: OutboxEvent, meta: { professionalId: string | null; occurredAt: Date; correlationId: string | null }): Promise<void> {
    const id = this.newId();
    await this.tx.insert(eventOutbox).values({
      id,
      professionalId: meta.professionalId,
      queue: event.queue,
      // The row id unless the use case needs duplicates to collapse on a deterministic id.
      messageId: event.messageId ?? id,
      type: event.type,
      version: event.version,
      payload: event.payload,
      correlationId: meta.correlationId,
      occurredAt: meta.occurredAt,
      deliverAt: event.deliverAt ?? null,
      createdAt: meta.occurredAt,
      updatedAt: meta.occurredAt,
    });
  }
}
