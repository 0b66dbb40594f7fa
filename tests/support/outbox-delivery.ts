import { relayOutbox, startLocalQueueWorker, type QueueFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import type { TestHost } from './test-host.ts';

/**
 * The relay timer and the queue worker, run by hand for the event types a test file owns (the consumers under
 * test are the real ones). The host's queue namespace is its own; the outbox is shared with the other files, so
 * the relay takes only these types, and only one professional's rows when asked (other files leave rows pending).
 */
export function outboxDelivery(h: TestHost, types: readonly string[]) {
  const queueFunctions = allFunctions.filter((f): f is QueueFunctionDefinition => f.kind === 'queue');
  const worker = startLocalQueueWorker({ queue: h.rt.localQueue!, functions: queueFunctions, rt: h.rt, poll: false });
  return {
    relay: (o: { professionalId?: string } = {}) => relayOutbox({
      db: h.db, sender: h.rt.queue, now: h.rt.clock.now(), onlyTypes: types, ...(o.professionalId ? { onlyProfessionalId: o.professionalId } : {}),
    }),
    async deliver(o: { professionalId?: string } = {}) {
      await this.relay(o);
      await worker.drain();
    },
    drain: () => worker.drain(),
    stop: () => worker.stop(),
  };
}
