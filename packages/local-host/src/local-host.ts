import type { FunctionDefinition, HttpFunctionDefinition, QueueFunctionDefinition, Runtime, TimerFunctionDefinition } from '@korevitta/platform';
import { runWithRuntime, setRuntime } from '@korevitta/platform';
import { startHttpServer, type LocalHttpServer } from './http-server.ts';
import type { EarlyListener } from './early-listener.ts';
import { startTimers } from './timers.ts';

export interface LocalHost {
  url: string;
  http: LocalHttpServer;
  stop(): Promise<void>;
}

export interface LocalHostOptions {
  functions: readonly FunctionDefinition[];
  rt: Runtime;
  port: number;
  /** Timers and queue consumers run by default; HTTP-only tests switch them off and drive them by hand. */
  background?: boolean;
  startQueueWorker?: (queueFunctions: QueueFunctionDefinition[], rt: Runtime) => { stop(): Promise<void> };
  /** The socket npm start opened before loading the app (early-listener.ts); without it, one is opened on `port`. */
  listener?: EarlyListener;
}

/**
 * The embedded runtime behind `npm start`: every HTTP function on node:http, timers on their schedules,
 * queue functions fed by the local queue, all through the handlers Azure registers.
 */
export async function startLocalHost(opts: LocalHostOptions): Promise<LocalHost> {
  const restoreRuntime = setRuntime(opts.rt);
  const http = opts.functions.filter((f): f is HttpFunctionDefinition => f.kind === 'http');
  const timers = opts.functions.filter((f): f is TimerFunctionDefinition => f.kind === 'timer');
  const queues = opts.functions.filter((f): f is QueueFunctionDefinition => f.kind === 'queue');
  const server = await startHttpServer({ functions: http, rt: opts.rt, port: opts.port, listener: opts.listener });
  // The background workers start once requests are served: the first request never waits for them.
  const background = opts.background ?? true;
  const timerJobs = background ? runWithRuntime(opts.rt, () => startTimers(timers, opts.rt)) : null;
  const worker = background && opts.startQueueWorker ? runWithRuntime(opts.rt, () => opts.startQueueWorker?.(queues, opts.rt)) : null;
  return {
    url: server.url,
    http: server,
    async stop() {
      timerJobs?.stop();
      await worker?.stop();
      await server.close();
      restoreRuntime();
    },
  };
}
