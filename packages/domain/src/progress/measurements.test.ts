import { describe, expect, it } from 'vitest';
import { bodyMassIndex, deriveMeasurements, measurementSeries, MEASUREMENT_FIELDS, waistToHip, type MeasurementRecord, type MeasurementValues } from './measurements.ts';

const empty = Object.fromEntries(MEASUREMENT_FIELDS.map((f) => [f, null])) as MeasurementValues;
let n = 0;
const record = (measuredOn: string, values: Partial<MeasurementValues>): MeasurementRecord => ({
  id: `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`, patientId: 'p', measuredOn, values: { ...empty, ...values },
  recordedBy: { role: 'professional', userId: 'u' }, createdAt: new Date(`${measuredOn}T12:00:00Z`),
});

describe('derived body measurements', () => {
  it('when weight and height are known, then BMI is kg/m² to one decimal; waist-to-hip to two', () => {
    expect(bodyMassIndex(70, 175)).toBe(22.9);
    expect(bodyMassIndex(70, null)).toBeNull();
    expect(waistToHip(80, 100)).toBe(0.8);
    expect(waistToHip(81, null)).toBeNull();
  });

  it('when later entries omit height, then BMI uses the latest height recorded before them', () => {
    const derived = deriveMeasurements([record('2026-10-01', { weightKg: 80, heightCm: 180 }), record('2026-11-01', { weightKg: 77.5 })]);
    expect(derived.map((d) => d.bmi)).toEqual([24.7, 23.9]);
  });

  it('when measurements arrive out of order, then changes compare with the first and the previous that had each field', () => {
    const derived = deriveMeasurements([
      record('2026-11-15', { weightKg: 78, waistCm: 90 }),
      record('2026-10-01', { weightKg: 80 }),
      record('2026-11-01', { waistCm: 92, hipCm: 100 }),
    ]);
    expect(derived.map((d) => d.measuredOn)).toEqual(['2026-10-01', '2026-11-01', '2026-11-15']);
    expect(derived[0]).toMatchObject({ changeSinceFirst: {}, changeSincePrevious: {} });
    expect(derived[1]).toMatchObject({ changeSinceFirst: {}, changeSincePrevious: {}, waistToHipRatio: 0.92 });
    expect(derived[2]).toMatchObject({ changeSinceFirst: { weightKg: -2, waistCm: -2 }, changeSincePrevious: { weightKg: -2, waistCm: -2 } });
  });

  it('when a series is built, then every column has one entry per measurement, oldest first, null where missing', () => {
    const series = measurementSeries(deriveMeasurements([record('2026-10-01', { weightKg: 80, heightCm: 180 }), record('2026-11-01', { bodyFatPct: 20.5 })]));
    expect(series.measuredOn).toEqual(['2026-10-01', '2026-11-01']);
    expect(series.weightKg).toEqual([80, null]);
    expect(series.bodyFatPct).toEqual([null, 20.5]);
    expect(series.bmi).toEqual([24.7, null]);
    expect(series.calfCm).toEqual([null, null]);
  });
});
