import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line of one request, message or timer run carries (DESIGN.md §8). */
export interface LogContext {
  requestId?: string;
  traceId?: string;
  userId?: string;
  professionalId?: string;
  route?: string;
  functionName?: string;
  messageId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithLogContext<T>(ctx: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...ctx }, fn);
}

/** Adds fields (e.g. userId once authenticated) to the current context. */
export function enrichLogContext(fields: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
