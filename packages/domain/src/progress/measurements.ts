/**
 * Body measurements (seed V1.1): typed values, each within a plausible range; derived values (BMI, waist-to-hip
 * ratio, change since the first and the previous measurement) are computed on read, never stored.
 */

/** Each measured quantity with its unit and plausible range (outside → 400 naming the field). */
export const MEASUREMENT_RANGES = {
  weightKg: { min: 20, max: 400 },
  heightCm: { min: 50, max: 250 },
  bodyFatPct: { min: 2, max: 75 },
  leanMassKg: { min: 10, max: 250 },
  waistCm: { min: 30, max: 250 },
  hipCm: { min: 40, max: 250 },
  chestCm: { min: 40, max: 250 },
  armCm: { min: 10, max: 80 },
  thighCm: { min: 20, max: 120 },
  calfCm: { min: 15, max: 80 },
} as const;

export type MeasurementField = keyof typeof MEASUREMENT_RANGES;
export const MEASUREMENT_FIELDS = Object.keys(MEASUREMENT_RANGES) as MeasurementField[];

export type MeasurementValues = { [K in MeasurementField]: number | null };

export type RecordedByRole = 'professional' | 'patient';

export interface MeasurementRecord {
  id: string;
  patientId: string;
  /** Calendar date `YYYY-MM-DD` the measurement was taken. */
  measuredOn: string;
  values: MeasurementValues;
  recordedBy: { role: RecordedByRole; userId: string };
  createdAt: Date;
}

export type Changes = Partial<Record<MeasurementField, number>>;

export interface DerivedMeasurement extends MeasurementRecord {
  /** kg/m², with this measurement's height or the latest one recorded before it. */
  bmi: number | null;
  waistToHipRatio: number | null;
  /** Per field present here: the difference from the first and from the previous measurement that had it. */
  changeSinceFirst: Changes;
  changeSincePrevious: Changes;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function bodyMassIndex(weightKg: number | null, heightCm: number | null): number | null {
  if (weightKg === null || heightCm === null) return null;
  const m = heightCm / 100;
  return round(weightKg / (m * m), 1);
}

export function waistToHip(waistCm: number | null, hipCm: number | null): number | null {
  return waistCm === null || hipCm === null ? null : round(waistCm / hipCm, 2);
}

/** Oldest first (measuredOn, then createdAt); every record gets its derived values. */
export function deriveMeasurements(records: readonly MeasurementRecord[]): DerivedMeasurement[] {
  const ordered = [...records].sort((a, b) => a.measuredOn.localeCompare(b.measuredOn) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const first: Changes = {};
  const previous: Changes = {};
  let lastHeight: number | null = null;
  return ordered.map((r) => {
    const sinceFirst: Changes = {};
    const sincePrevious: Changes = {};
    for (const field of MEASUREMENT_FIELDS) {
      const value = r.values[field];
      if (value === null) continue;
      const f = first[field];
      const p = previous[field];
      if (f === undefined) first[field] = value;
      else sinceFirst[field] = round(value - f, 2);
      if (p !== undefined) sincePrevious[field] = round(value - p, 2);
      previous[field] = value;
    }
    lastHeight = r.values.heightCm ?? lastHeight;
    return { ...r, bmi: bodyMassIndex(r.values.weightKg, lastHeight), waistToHipRatio: waistToHip(r.values.waistCm, r.values.hipCm), changeSinceFirst: sinceFirst, changeSincePrevious: sincePrevious };
  });
}

/** Columns a chart plots directly: one entry per measurement, oldest first, null where a value is missing. */
export type MeasurementSeries = { measuredOn: string[]; bmi: (number | null)[]; waistToHipRatio: (number | null)[] } & { [K in MeasurementField]: (number | null)[] };

export function measurementSeries(derived: readonly DerivedMeasurement[]): MeasurementSeries {
  const series = { measuredOn: derived.map((d) => d.measuredOn), bmi: derived.map((d) => d.bmi), waistToHipRatio: derived.map((d) => d.waistToHipRatio) } as MeasurementSeries;
  for (const field of MEASUREMENT_FIELDS) series[field] = derived.map((d) => d.values[field]);
  return series;
}
