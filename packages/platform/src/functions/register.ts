import { createRequire } from 'node:module';
import azf from '@azure/functions';
import type { HttpRequest, InvocationContext, Timer } from '@azure/functions';
import type { HttpFunctionDefinition, QueueFunctionDefinition, TimerFunctionDefinition, Role } from './definitions.ts';
import type * as v from 'valibot';
import { handleHttp } from '../http/pipeline.ts';
import { runTimer } from './run-timer.ts';
import { runQueueMessage } from './run-queue.ts';

const { app } = azf;

/** The minimal surface of `app` that registration uses (a test passes a recorder). */
export interface FunctionApp {
  http(name: string, options: { methods: string[]; route: string; authLevel: 'anonymous' | 'function'; handler: (req: HttpRequest, ctx: InvocationContext) => Promise<unknown> }): void;
  timer(name: string, options: { schedule: string; runOnStartup: boolean; useMonitor: boolean; handler: (t: Timer, ctx: InvocationContext) => Promise<void> }): void;
  serviceBusQueue(name: string, options: { connection: string; queueName: string; handler: (m: unknown, ctx: InvocationContext) => Promise<void> }): void;
}

/** The Azure-facing handler of an HTTP definition; the local host calls exactly this function. */
export const azureHttpHandler = (def: HttpFunctionDefinition) => (req: HttpRequest, ctx: InvocationContext) => handleHttp(def, req, ctx);
export const azureTimerHandler = (def: TimerFunctionDefinition) => (timer: Timer, ctx: InvocationContext) => runTimer(def, timer, ctx);
export const azureQueueHandler = (def: QueueFunctionDefinition) => (message: unknown, ctx: InvocationContext) => runQueueMessage(def, message, ctx);

export function registerWith(target: FunctionApp, def: HttpFunctionDefinition | TimerFunctionDefinition | QueueFunctionDefinition): void {
  switch (def.kind) {
    case 'http':
      target.http(def.name, { methods: [def.method], route: def.route, authLevel: def.openToDirectCallers ? 'anonymous' : 'function', handler: azureHttpHandler(def) });
      return;
    case 'timer':
      target.timer(def.name, { schedule: def.schedule, runOnStartup: false, useMonitor: true, handler: azureTimerHandler(def) });
      return;
    case 'queue':
      target.serviceBusQueue(def.name, { connection: 'ServiceBusConnection', queueName: def.queue, handler: azureQueueHandler(def) });
      return;
    default: {
      const never: never = def;
      throw new Error(`unknown function kind ${String(never)}`);
    }
  }
}

const isProduction = () => process.env.APP_ENV === 'production';
/**
 * Inside the Functions worker (func start or Azure) the host injects `@azure/functions-core`; elsewhere
 * `app.*` only prints a test-mode warning per function, so the local host and tests skip the call.
 * FUNCTIONS_WORKER_RUNTIME also counts, for tests that load the bundle and record registrations.
 */
let hostDetected: boolean | undefined;
export const inFunctionsHost = (): boolean => {
  if (hostDetected === undefined) {
    try {
      createRequire(import.meta.url)('@azure/functions-core');
      hostDetected = true;
    } catch {
      hostDetected = false;
    }
  }
  return hostDetected || Boolean(process.env.FUNCTIONS_WORKER_RUNTIME);
};

/**
 * Defines and registers an HTTP function with Azure at module load (a no-op outside the Functions
 * host). Dev-only functions are not registered in production.
 */
export function registerHttp<
  PS extends v.GenericSchema | undefined = undefined,
  QS extends v.GenericSchema | undefined = undefined,
  BS extends v.GenericSchema | undefined = undefined,
  Auth extends 'public' | readonly Role[] = 'public',
>(def: Omit<HttpFunctionDefinition<PS, QS, BS, Auth>, 'kind'>): HttpFunctionDefinition<PS, QS, BS, Auth> {
  const full = { kind: 'http', ...def } as HttpFunctionDefinition<PS, QS, BS, Auth>;
  if (inFunctionsHost() && !(full.devOnly && isProduction())) registerWith(app as unknown as FunctionApp, full as unknown as HttpFunctionDefinition);
  return full;
}

export function registerTimer(def: Omit<TimerFunctionDefinition, 'kind'>): TimerFunctionDefinition {
  const full: TimerFunctionDefinition = { kind: 'timer', ...def };
  if (inFunctionsHost()) registerWith(app as unknown as FunctionApp, full);
  return full;
}

export function registerQueue(def: Omit<QueueFunctionDefinition, 'kind'>): QueueFunctionDefinition {
  const full: QueueFunctionDefinition = { kind: 'queue', ...def };
  if (inFunctionsHost()) registerWith(app as unknown as FunctionApp, full);
  return full;
}
