/** App reason codes of a non-retryable message, written as the dead-letter reason. */
export type PoisonReason = 'InvalidEnvelope' | 'UnknownMessageType' | 'InvalidPayload' | (string & {});

/**
 * A message that can never succeed (bad envelope, unknown type, invalid payload, or a consumer's own
 * verdict): it is dead-lettered on the first attempt instead of being retried.
 */
export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
  constructor(readonly reason: PoisonReason, readonly description: string) {
    super(`${reason}: ${description}`);
  }
}
