import type * as v from 'valibot';
import type { MessageEnvelope } from '@korevitta/domain';
import type { QueueDelivery } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import type { Logger } from '../observability/logger.ts';

export interface ConsumerContext {
  rt: Runtime;
  envelope: MessageEnvelope;
  delivery: QueueDelivery;
  log: Logger;
  /** Fixed once per delivery. */
  now: Date;
}

/**
 * One message type at one version (STYLE.md rule 8): its payload schema and an idempotent handler.
 * `consumer` names the processed_messages inbox entry (see applyOnce); keep it stable once deployed.
 */
export interface ConsumerDefinition<S extends v.GenericSchema = v.GenericSchema> {
  type: string;
  version: number;
  consumer: string;
  payload: S;
  handle(payload: v.InferOutput<S>, ctx: ConsumerContext): Promise<void>;
}

export function defineConsumer<S extends v.GenericSchema>(def: ConsumerDefinition<S>): ConsumerDefinition<S> {
  return def;
}
