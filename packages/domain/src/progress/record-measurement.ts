import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { localDate } from '../daily/calendar.ts';
import { deriveMeasurements, MEASUREMENT_FIELDS, type DerivedMeasurement, type MeasurementValues } from './measurements.ts';
import { accessiblePatient } from './access.ts';
import type { MeasurementDeps, ProgressCaller } from './ports.ts';

export interface MeasurementInput { patientId: string; measuredOn: string; values: Partial<MeasurementValues> }

/**
 * Records a measurement, attributed to the caller (professional or the patient itself). Ranges are checked by the
 * request schema; here: at least one value, and not after the patient's today. A patient's own entry is activity:
 * it asks for its risk to be recalculated ("days since last activity").
 */
export async function recordMeasurement(deps: MeasurementDeps, caller: ProgressCaller, input: MeasurementInput):
  Promise<Result<DerivedMeasurement, 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION'>> {
  const patient = await accessiblePatient(deps.store, caller, input.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  const values = Object.fromEntries(MEASUREMENT_FIELDS.map((f) => [f, input.values[f] ?? null])) as MeasurementValues;
  if (MEASUREMENT_FIELDS.every((f) => values[f] === null)) return invalid({ pointer: '/body', code: 'no_measurement' });
  if (input.measuredOn > localDate(deps.now, patient.timezone)) return invalid({ pointer: '/body/measuredOn', code: 'in_future' });
  const id = deps.newId();
  await deps.store.insert({ id, professionalId: patient.professionalId, patientId: patient.id, measuredOn: input.measuredOn, values, recordedBy: { role: caller.role, userId: caller.userId }, createdAt: deps.now });
  await deps.audit.record({ action: 'measurement.recorded', entityType: 'body_measurement', entityId: id, changes: { measuredOn: { after: input.measuredOn } } });
  if (caller.role === 'patient') await deps.risk.request([patient.id], 'measurement_recorded');
  const derived = deriveMeasurements(await deps.store.all(patient.id)).find((m) => m.id === id);
  if (!derived) throw new Error('recorded measurement not read back');
  return ok(derived);
}
