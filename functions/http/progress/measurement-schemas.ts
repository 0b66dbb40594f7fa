import * as v from 'valibot';
import { decimal, MEASUREMENT_FIELDS, MEASUREMENT_RANGES, type DerivedMeasurement, type MeasurementField } from '@korevitta/domain';
import { CalendarDate, errorResponses, Id, Instant } from '../shared-schemas.ts';

/** Request and response schemas of the body-measurement endpoints. */
const rangeOf = (f: MeasurementField) => decimal(MEASUREMENT_RANGES[f].min, MEASUREMENT_RANGES[f].max);
const valuesOf = <T extends v.GenericSchema>(make: (f: MeasurementField) => T) =>
  Object.fromEntries(MEASUREMENT_FIELDS.map((f) => [f, make(f)])) as Record<MeasurementField, T>;

export const MeasurementBody = v.strictObject({
  measuredOn: CalendarDate,
  ...valuesOf((f) => v.optional(v.nullable(rangeOf(f)))),
});

const Change = decimal(-1000, 1000);
const Changes = v.strictObject(valuesOf(() => v.optional(Change)));

export const Measurement = v.strictObject({
  id: Id,
  patientId: Id,
  measuredOn: CalendarDate,
  ...valuesOf((f) => v.nullable(rangeOf(f))),
  /** kg/m², with this measurement's height or the latest one before it. */
  bmi: v.nullable(decimal(0, 2000)),
  waistToHipRatio: v.nullable(decimal(0, 10)),
  changeSinceFirst: Changes,
  changeSincePrevious: Changes,
  recordedBy: v.picklist(['professional', 'patient']),
  createdAt: Instant,
});

const Column = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item), v.maxLength(5000));
/** Chart columns: index i of every array is the same measurement, oldest first; null where a value is missing. */
export const MeasurementSeries = v.strictObject({
  measuredOn: Column(CalendarDate),
  ...valuesOf((f) => Column(v.nullable(rangeOf(f)))),
  bmi: Column(v.nullable(decimal(0, 2000))),
  waistToHipRatio: Column(v.nullable(decimal(0, 10))),
});

export const MeasurementPage = v.strictObject({
  items: v.pipe(v.array(Measurement), v.maxLength(100)),
  nextCursor: v.nullable(v.pipe(v.string(), v.maxLength(512), v.regex(/^[A-Za-z0-9_-]+$/))),
  series: MeasurementSeries,
});

export const PatientParams = v.strictObject({ patientId: Id });

export const measurementResponses = { ...errorResponses, 404: { description: 'No such patient (of mine, or myself)' } } as const;

export function toMeasurement(m: DerivedMeasurement): v.InferOutput<typeof Measurement> {
  return {
    id: m.id, patientId: m.patientId, measuredOn: m.measuredOn, ...m.values, bmi: m.bmi, waistToHipRatio: m.waistToHipRatio,
    changeSinceFirst: m.changeSinceFirst, changeSincePrevious: m.changeSincePrevious, recordedBy: m.recordedBy.role, createdAt: m.createdAt.toISOString(),
  };
}
