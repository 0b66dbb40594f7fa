import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { localDate } from './calendar.ts';
import { hydrationProgress, type HydrationProgress } from './hydration.ts';
import type { DailyCaller, DailyDeps } from './ports.ts';

/** A clock skew allowance for `loggedAt` sent by a phone; a log further ahead is refused. */
const MAX_FUTURE_MS = 5 * 60_000;
/** Late logging is allowed for a while (a forgotten glass yesterday), not forever. */
const MAX_PAST_DAYS = 7;

export interface WaterLogged { id: string; loggedAt: Date; logDate: string; amountMl: number; hydration: HydrationProgress }

/** Logs water for the calling patient; it counts for the patient-local date of `loggedAt` (default now). */
export async function logWaterIntake(deps: DailyDeps, caller: DailyCaller, input: { amountMl: number; loggedAt?: Date }):
  Promise<Result<WaterLogged, 'RESOURCE.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  if (caller.role !== 'patient' || caller.patientId === null) return fail('RESOURCE.NOT_FOUND');
  const loggedAt = input.loggedAt ?? deps.now;
  if (loggedAt.getTime() > deps.now.getTime() + MAX_FUTURE_MS) return invalid({ pointer: '/body/loggedAt', code: 'in_future' });
  if (loggedAt.getTime() < deps.now.getTime() - MAX_PAST_DAYS * 86_400_000) return invalid({ pointer: '/body/loggedAt', code: 'too_old', params: { days: MAX_PAST_DAYS } });
  const timezone = await deps.store.patientTimezone(caller.patientId);
  if (timezone === null) return fail('RESOURCE.NOT_FOUND');
  const logDate = localDate(loggedAt, timezone);
  const id = deps.ids.newId();
  await deps.store.insertWaterLog({ id, patientId: caller.patientId, professionalId: caller.professionalId, loggedAt, logDate, amountMl: input.amountMl });
  await deps.audit.record({ action: 'water_intake.logged', entityType: 'water_intake_log', entityId: id, changes: { amountMl: { after: input.amountMl } } });
  await deps.risk.request([caller.patientId], 'water_logged');
  const { tasks, consumedMl } = await deps.store.day(caller.patientId, logDate);
  const goal = tasks.find((t) => t.kind === 'hydration')?.targetMl ?? null;
  return ok({ id, loggedAt, logDate, amountMl: input.amountMl, hydration: hydrationProgress(goal, consumedMl) });
}
