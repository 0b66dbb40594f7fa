import azf from '@azure/functions';
import { randomUUID } from 'node:crypto';
import type { QueueFunctionDefinition } from '../functions/definitions.ts';
import { azureQueueHandler } from '../functions/register.ts';
import type { Runtime } from '../runtime.ts';
import { LocalQueue, MessageLockLostError, type ReceivedMessage } from './local-queue.ts';
import { PoisonMessageError } from './poison-message-error.ts';

const { InvocationContext } = azf;

export interface LocalQueueWorkerOptions {
  queue: LocalQueue;
  functions: readonly QueueFunctionDefinition[];
  rt: Runtime;
  /** Pause between polls when a queue had nothing due. Default 1 s. */
  pollMs?: number;
  /** Peek-lock duration. Default 60 s (Service Bus default). */
  lockMs?: number;
  /** A handler still running after this is abandoned (its late effect is absorbed by the inbox). Default lockMs. */
  handlerTimeoutMs?: number;
  /** Messages locked per receive. Default 10. */
  batchSize?: number;
  /** Poll in the background (default). Tests switch it off and call drain() after moving the clock. */
  poll?: boolean;
}

export interface LocalQueueWorker {
  stop(): Promise<void>;
  /** Processes until no message is due (tests move the clock, then drain). */
  drain(): Promise<void>;
}

export type Settlement = 'completed' | 'abandoned' | 'dead_lettered' | 'lock_lost';

class HandlerTimeoutError extends Error {
  override name = 'HandlerTimeoutError';
}

/**
 * Runs one received message through the handler Azure registers (`azureQueueHandler`: runtime lookup,
 * trace span, log context), with an InvocationContext whose trigger metadata carries what the Service Bus
 * trigger would: messageId, deliveryCount, enqueuedTimeUtc, sequenceNumber. It expects getRuntime() to
 * resolve to the worker's runtime, which the local host (or the test) installs with setRuntime.
 */
export function invokeQueueFunction(def: QueueFunctionDefinition, message: ReceivedMessage, rt: Runtime): Promise<void> {
  const ctx = new InvocationContext({
    invocationId: randomUUID(),
    functionName: def.name,
    triggerMetadata: {
      messageId: message.messageId,
      deliveryCount: message.deliveryCount,
      enqueuedTimeUtc: message.enqueuedAt.toISOString(),
      sequenceNumber: message.sequenceNumber,
      lockToken: message.lockToken,
    },
    logHandler: (level, ...args) => rt.log.debug('queue.invocation_log', { level, message: args.map(String).join(' ') }),
  });
  return azureQueueHandler(def)(message.envelope, ctx);
}

/**
 * The local host's queue consumer: peek-locks due messages of each queue function, runs the handler,
 * then settles as the Service Bus trigger would: success → complete; PoisonMessageError → dead-letter
 * at once with its reason; any other error or a timeout → abandon (backoff, then MaxDeliveryCountExceeded).
 */
export function startLocalQueueWorker(opts: LocalQueueWorkerOptions): LocalQueueWorker {
  const { queue, functions, rt } = opts;
  const pollMs = opts.pollMs ?? 1_000;
  const lockMs = opts.lockMs ?? 60_000;
  const handlerTimeoutMs = opts.handlerTimeoutMs ?? lockMs;
  const batchSize = opts.batchSize ?? 10;
  const inflight = new Set<Promise<unknown>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let lastPrune = 0;

  // One pass at a time: the poller and drain() never receive concurrently.
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  async function processOne(def: QueueFunctionDefinition, message: ReceivedMessage): Promise<Settlement> {
    const run = invokeQueueFunction(def, message, rt);
    inflight.add(run);
    void run.catch(() => undefined).finally(() => inflight.delete(run));
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new HandlerTimeoutError(`handler ran longer than ${handlerTimeoutMs} ms`)), handlerTimeoutMs);
    });
    try {
      await Promise.race([run, timedOut]);
      await queue.complete(message.lockToken);
      return 'completed';
    } catch (error) {
      if (error instanceof MessageLockLostError) return lockLost(def, message);
      try {
        if (error instanceof PoisonMessageError) {
          await queue.deadLetter(message.lockToken, { reason: error.reason, description: error.description });
          deadLetteredEvent(def, message, error.reason);
          return 'dead_lettered';
        }
        const { deadLettered } = await queue.abandon(message.lockToken);
        rt.log.warn('queue.message_failed', {
          function: def.name, deliveryCount: message.deliveryCount, deadLettered,
          error: error instanceof Error ? error.name : 'unknown',
        });
        if (deadLettered) deadLetteredEvent(def, message, 'MaxDeliveryCountExceeded');
        return deadLettered ? 'dead_lettered' : 'abandoned';
      } catch (settleError) {
        if (settleError instanceof MessageLockLostError) return lockLost(def, message);
        throw settleError;
      }
    } finally {
      clearTimeout(timeout);
    }
  }

  /** TEST-CATALOG 43: a move to the dead-letter queue is a security event (ids and reason only, no body). */
  function deadLetteredEvent(def: QueueFunctionDefinition, message: ReceivedMessage, reason: string): void {
    rt.log.security('queue.dead_lettered', { outcome: 'failure', queue: def.queue, function: def.name, messageId: message.messageId, reason, deliveryCount: message.deliveryCount });
  }

  function lockLost(def: QueueFunctionDefinition, message: ReceivedMessage): Settlement {
    // The lock expired mid-handler: the message has been (or will be) redelivered; the inbox absorbs a repeat.
    rt.log.warn('queue.lock_lost', { function: def.name, deliveryCount: message.deliveryCount });
    return 'lock_lost';
  }

  async function pass(): Promise<number> {
    let processed = 0;
    for (const def of functions) {
      if (stopped) break;
      const messages = await queue.receive(def.queue, { max: batchSize, lockMs });
      for (const message of messages) {
        await processOne(def, message);
        processed += 1;
      }
    }
    const now = Date.now();
    if (now - lastPrune > 60_000) {
      lastPrune = now;
      await queue.pruneDuplicateHistory();
    }
    return processed;
  }

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void exclusive(pass)
        .then((n) => schedule(n > 0 ? 0 : pollMs))
        .catch((error: unknown) => {
          rt.log.error('queue.worker_pass_failed', { error: error instanceof Error ? error.message : 'unknown' });
          schedule(pollMs);
        });
    }, delay);
  };
  if (opts.poll ?? true) schedule(0);

  return {
    drain: () => exclusive(async () => {
      while (!stopped && (await pass()) > 0) { /* until nothing is due */ }
    }),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
      await Promise.allSettled([...inflight]);
    },
  };
}
