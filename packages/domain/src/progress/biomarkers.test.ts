import { describe, expect, it } from 'vitest';
import { acceptedUnits, ageInYears, buildCatalog, flagOf, interpret, selectRange, toCanonical, type Biomarker, type BiomarkerRange } from './biomarkers.ts';

const range = (over: Partial<BiomarkerRange>): BiomarkerRange => ({
  catalogVersion: 1, sex: 'any', ageFromYears: 18, ageToYears: null, low: null, high: null, criticalLow: null, criticalHigh: null, source: 'test source', ...over,
});

const marker = (over: Partial<Biomarker>): Biomarker => ({
  code: 'x', catalogVersion: 1, loinc: '1-1', namePt: 'x', nameEn: 'x', category: 'glycemic', unit: 'mg/dL', decimals: 0, units: [], ranges: [], ...over,
});

// Shaped like the seed rows of migrations/0060_biomarker_catalog.sql.
const glucose = marker({
  code: 'glucose_fasting', unit: 'mg/dL', decimals: 0,
  units: [{ unit: 'mmol/L', numerator: 18.016, denominator: 1, offset: 0 }],
  ranges: [range({ low: 70, high: 99, criticalLow: 50, criticalHigh: 400 })],
});
const hba1c = marker({ code: 'hba1c', unit: '%', decimals: 1, units: [{ unit: 'mmol/mol', numerator: 0.09148, denominator: 1, offset: 2.152 }], ranges: [range({ high: 5.6 })] });
const creatinine = marker({
  code: 'creatinine', unit: 'mg/dL', decimals: 2,
  units: [{ unit: 'umol/L', numerator: 113.12, denominator: 10000, offset: 0 }],
  ranges: [range({ sex: 'female', low: 0.51, high: 0.95 }), range({ sex: 'male', low: 0.67, high: 1.17 })],
});
const insulin = marker({ code: 'insulin', unit: 'u[IU]/mL', decimals: 1, units: [{ unit: 'pmol/L', numerator: 1, denominator: 6, offset: 0 }] });
const platelets = marker({ code: 'platelets', unit: '10*3/uL', units: [{ unit: '/mm3', numerator: 1, denominator: 1000, offset: 0 }] });
const cholesterol = marker({
  code: 'cholesterol_total',
  ranges: [range({ ageFromYears: 2, ageToYears: 20, high: 169 }), range({ ageFromYears: 20, high: 189 })],
});
const everyAge = marker({ code: 'crp', ranges: [range({ ageFromYears: 0, high: 5 })] });

describe('unit conversion', () => {
  it('when glucose comes in mmol/L, then it is mg/dL by the molar mass (18.016), without binary noise', () => {
    expect(toCanonical(glucose, 5.5, 'mmol/L')).toBe(99.088);
    expect(toCanonical(glucose, 7, 'mmol/L')).toBe(126.112);
  });
  it('when a value comes in the canonical unit, then it is kept as sent', () => {
    expect(toCanonical(glucose, 92, 'mg/dL')).toBe(92);
  });
  it('when HbA1c comes as IFCC mmol/mol, then the master equation gives NGSP % (affine, not a factor)', () => {
    expect(toCanonical(hba1c, 48, 'mmol/mol')).toBe(6.543);
    expect(toCanonical(hba1c, 39, 'mmol/mol')).toBe(5.7197);
  });
  it('when a factor is a ratio (pmol/L insulin is 1/6, creatinine µmol/L is 113.12/10000), then it is applied exactly', () => {
    expect(toCanonical(insulin, 60, 'pmol/L')).toBe(10);
    expect(toCanonical(creatinine, 88.4, 'umol/L')).toBe(0.99998);
    expect(toCanonical(platelets, 250_000, '/mm3')).toBe(250);
  });
  it('when the unit is typed with a micro sign or spaces, then it is the UCUM unit', () => {
    expect(toCanonical(creatinine, 88.4, ' µmol/L')).toBe(0.99998);
    expect(toCanonical(creatinine, 88.4, 'μmol/L')).toBe(0.99998);
  });
  it('when the unit is not accepted for the marker, then null (the caller names it)', () => {
    expect(toCanonical(glucose, 5, 'g/L')).toBeNull();
    expect(toCanonical(glucose, 5, 'MMOL/L')).toBeNull();
    expect(acceptedUnits(glucose)).toEqual(['mg/dL', 'mmol/L']);
  });
});

describe('age at collection', () => {
  it('counts full years, the birthday itself included', () => {
    expect(ageInYears('2006-12-03', '2026-12-02')).toBe(19);
    expect(ageInYears('2006-12-03', '2026-12-03')).toBe(20);
    expect(ageInYears('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageInYears(null, '2026-12-03')).toBeNull();
    expect(ageInYears('2027-01-01', '2026-12-03')).toBeNull();
  });
});

describe('range selection by sex and age band', () => {
  it('when the sex is known, then its own range applies', () => {
    expect(selectRange(creatinine, 'female', 40)?.high).toBe(0.95);
    expect(selectRange(creatinine, 'male', 40)?.high).toBe(1.17);
  });
  it('when the sex is unknown and only sex-specific ranges exist, then none applies (unflagged)', () => {
    expect(selectRange(creatinine, 'unknown', 40)).toBeNull();
    expect(interpret(creatinine, 3, { sex: 'unknown', birthDate: '1980-01-01' }, '2026-12-01')).toEqual({ flag: null, range: null });
  });
  it('when the sex is unknown and an "any" range exists, then it applies', () => {
    expect(selectRange(glucose, 'unknown', 40)?.high).toBe(99);
  });
  it('when the age falls in a band, then that band applies; the upper bound is exclusive', () => {
    expect(selectRange(cholesterol, 'female', 19)?.high).toBe(169);
    expect(selectRange(cholesterol, 'female', 20)?.high).toBe(189);
    expect(selectRange(cholesterol, 'female', 1)).toBeNull();
  });
  it('when the age is unknown, then only a range for every age applies', () => {
    expect(selectRange(cholesterol, 'male', null)).toBeNull();
    expect(selectRange(glucose, 'male', null)).toBeNull();
    expect(selectRange(everyAge, 'male', null)?.high).toBe(5);
  });
  it('when a newer catalog version carries ranges for the marker, then only those apply', () => {
    const revised = marker({ ...glucose, ranges: [...glucose.ranges, range({ catalogVersion: 2, low: 72, high: 98 })] });
    expect(selectRange(revised, 'female', 30)?.high).toBe(98);
    expect(buildCatalog([revised, hba1c]).version).toBe(2);
  });
});

describe('flags', () => {
  const r = range({ low: 70, high: 99, criticalLow: 50, criticalHigh: 400 });
  it.each([
    [49, 'critical'], [50, 'low'], [69.9, 'low'], [70, 'normal'], [99, 'normal'], [99.088, 'high'], [400, 'high'], [401, 'critical'],
  ] as const)('when the value is %s, then %s', (value, flag) => {
    expect(flagOf(value, r)).toBe(flag);
  });
  it('when a range has one limit only, then the other side is normal', () => {
    expect(flagOf(0.1, range({ high: 5.6 }))).toBe('normal');
    expect(flagOf(30, range({ low: 40 }))).toBe('low');
  });
  it('when a patient with a birth date and a sex has a value, then it is flagged against the range at collection', () => {
    expect(interpret(creatinine, 1.0, { sex: 'female', birthDate: '1990-06-01' }, '2026-12-01').flag).toBe('high');
    expect(interpret(creatinine, 1.0, { sex: 'male', birthDate: '1990-06-01' }, '2026-12-01').flag).toBe('normal');
    expect(interpret(creatinine, 1.0, { sex: 'male', birthDate: '2010-06-01' }, '2026-12-01').flag).toBeNull();
  });
});
