import { randomUUID } from 'node:crypto';
import azf from '@azure/functions';
import { Cron } from 'croner';
import { azureTimerHandler, type Runtime, type TimerFunctionDefinition } from '@korevitta/platform';

const { InvocationContext } = azf;

/**
 * Runs timer functions on their NCRONTAB schedules (six fields, with seconds) through the same handler
 * Azure invokes. `protect` skips a tick while the previous run is still going, like the Functions
 * singleton lock, so runs never overlap.
 */
export function startTimers(functions: readonly TimerFunctionDefinition[], rt: Runtime): { stop(): void } {
  const jobs = functions.map((def) => {
    const handler = azureTimerHandler(def);
    return new Cron(def.schedule, { protect: true, catch: (error: unknown) => rt.log.error('timer.crashed', { error }) }, async () => {
      await handler(
        { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: { last: '', next: '', lastUpdated: '' } },
        new InvocationContext({ invocationId: randomUUID(), functionName: def.name }),
      ).catch(() => undefined); // runTimer has logged it; the next tick retries the sweep
    });
  });
  return { stop: () => jobs.forEach((j) => j.stop()) };
}
