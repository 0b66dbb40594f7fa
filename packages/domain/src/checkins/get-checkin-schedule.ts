import { fail, ok, type Result } from '../shared/result.ts';
import type { CheckinStore } from './ports.ts';
import type { ScheduleView } from './schedules.ts';

export async function getCheckinSchedule(deps: { store: CheckinStore }, patientId: string): Promise<Result<ScheduleView, 'PATIENT.NOT_FOUND' | 'CHECKIN.SCHEDULE_NOT_FOUND'>> {
  const timezone = await deps.store.patientTimezone(patientId);
  if (timezone === null) return fail('PATIENT.NOT_FOUND');
  const schedule = await deps.store.findSchedule(patientId);
  if (!schedule) return fail('CHECKIN.SCHEDULE_NOT_FOUND');
  return ok({ schedule, timezone, current: await deps.store.openInstance(patientId) });
}
