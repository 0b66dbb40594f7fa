import { fail, ok, type Result } from '../shared/result.ts';
import { deriveMeasurements, measurementSeries, type DerivedMeasurement, type MeasurementSeries } from './measurements.ts';
import { accessiblePatient } from './access.ts';
import type { MeasurementDeps, ProgressCaller } from './ports.ts';

/** Where a page of the newest-first list continues: after this measurement. */
export interface MeasurementKey { measuredOn: string; createdAt: string; id: string }

export interface MeasurementQuery { patientId: string; from: string | null; to: string | null; after: MeasurementKey | null; limit: number }

export interface MeasurementList {
  /** Newest first, `limit + 1` at most (the extra one says another page exists). */
  items: DerivedMeasurement[];
  /** The chart columns of the whole range (oldest first), whatever the page. */
  series: MeasurementSeries;
}

const keyOf = (m: DerivedMeasurement): MeasurementKey => ({ measuredOn: m.measuredOn, createdAt: m.createdAt.toISOString(), id: m.id });
const isBefore = (m: MeasurementKey, k: MeasurementKey) =>
  m.measuredOn < k.measuredOn || (m.measuredOn === k.measuredOn && (m.createdAt < k.createdAt || (m.createdAt === k.createdAt && m.id < k.id)));

/** Derived values need the whole history (change since the first), so the range and the page are cut after deriving. */
export async function listMeasurements(deps: Pick<MeasurementDeps, 'store'>, caller: ProgressCaller, q: MeasurementQuery):
  Promise<Result<MeasurementList, 'PATIENT.NOT_FOUND'>> {
  const patient = await accessiblePatient(deps.store, caller, q.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  const inRange = deriveMeasurements(await deps.store.all(patient.id))
    .filter((m) => (q.from === null || m.measuredOn >= q.from) && (q.to === null || m.measuredOn <= q.to));
  const newestFirst = [...inRange].reverse();
  const start = q.after ? newestFirst.filter((m) => isBefore(keyOf(m), q.after!)) : newestFirst;
  return ok({ items: start.slice(0, q.limit + 1), series: measurementSeries(inRange) });
}

export const measurementKey = keyOf;

/** One measurement with its derived values (the Location of a recorded one). */
export async function getMeasurement(deps: Pick<MeasurementDeps, 'store'>, caller: ProgressCaller, q: { patientId: string; measurementId: string }):
  Promise<Result<DerivedMeasurement, 'PATIENT.NOT_FOUND' | 'RESOURCE.NOT_FOUND'>> {
  const patient = await accessiblePatient(deps.store, caller, q.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  const found = deriveMeasurements(await deps.store.all(patient.id)).find((m) => m.id === q.measurementId);
  return found ? ok(found) : fail('RESOURCE.NOT_FOUND');
}
