import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { addDays, daysBetween, localDate } from './calendar.ts';
import { adherenceReadRange, computeAdherence, type Adherence } from './adherence.ts';
import type { DailyCaller, DailyDeps } from './ports.ts';

export const MAX_ADHERENCE_DAYS = 92;

export interface PatientAdherence extends Adherence { patientId: string; from: string; to: string; today: string; timezone: string }

/**
 * The professional's view of a patient's adherence. Another tenant's patient is "not found" (RLS hides
 * it). Default range: the 30 days ending at the patient's today.
 */
export async function getPatientAdherence(deps: Pick<DailyDeps, 'store' | 'now'>, caller: DailyCaller, input: { patientId: string; from?: string; to?: string }):
  Promise<Result<PatientAdherence, 'RESOURCE.NOT_FOUND' | 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  if (caller.role !== 'professional') return fail('RESOURCE.NOT_FOUND');
  const timezone = await deps.store.patientTimezone(input.patientId);
  if (timezone === null) return fail('PATIENT.NOT_FOUND');
  const today = localDate(deps.now, timezone);
  const to = input.to ?? (input.from ? addDays(input.from, 29) : today);
  const from = input.from ?? addDays(to, -29);
  if (from > to) return invalid({ pointer: '/query/from', code: 'range_inverted' });
  if (daysBetween(from, to) + 1 > MAX_ADHERENCE_DAYS) return invalid({ pointer: '/query/to', code: 'range_too_long', params: { days: MAX_ADHERENCE_DAYS } });
  const read = adherenceReadRange(from, to, today);
  const facts = await deps.store.dayFacts(input.patientId, read.from, read.to);
  return ok({ patientId: input.patientId, from, to, today, timezone, ...computeAdherence(facts, { from, to, today }) });
}
