import { startLocalQueueWorker, type QueueFunctionDefinition, type Runtime } from '@korevitta/platform';

/** Feeds the queue functions from the local queue (QUEUE_DRIVER=local); with Service Bus there is nothing to run. */
export function localQueueWorkerFactory(rt: Runtime): ((functions: QueueFunctionDefinition[], rt: Runtime) => { stop(): Promise<void> }) | undefined {
  const queue = rt.localQueue;
  if (!queue) return undefined;
  return (functions) => startLocalQueueWorker({ queue, functions, rt, pollMs: 250 });
}
