import type { InvocationContext, Timer } from '@azure/functions';
import type { TimerFunctionDefinition } from './definitions.ts';
import { getRuntime } from '../runtime.ts';
import { runWithLogContext } from '../observability/log-context.ts';

/** Runs a timer function with `now` fixed once; failures are logged and rethrown (the host records them). */
export async function runTimer(def: TimerFunctionDefinition, timer: Timer, ctx: InvocationContext): Promise<void> {
  const rt = await getRuntime();
  const now = rt.clock.now();
  await runWithLogContext({ functionName: def.name, requestId: ctx.invocationId }, async () => {
    const started = Date.now();
    try {
      await def.handler({ rt, now, isPastDue: timer.isPastDue, log: rt.log });
      rt.log.debug('timer.completed', { durationMs: Date.now() - started });
    } catch (error) {
      rt.log.error('timer.failed', { durationMs: Date.now() - started, error });
      throw error;
    }
  });
}
