/**
 * The biomarker catalog (migrations/0060_biomarker_catalog.sql, ADR 0020) and the pure rules over it: unit
 * conversion to the canonical unit, the reference range for a patient's sex and age at collection, and the flag.
 */
export const BIOMARKER_CATEGORIES = ['glycemic', 'lipids', 'thyroid', 'iron', 'vitamins', 'renal', 'liver', 'inflammation', 'minerals', 'blood_count', 'hormones'] as const;
export type BiomarkerCategory = (typeof BIOMARKER_CATEGORIES)[number];

export const LAB_FLAGS = ['low', 'normal', 'high', 'critical'] as const;
export type LabFlag = (typeof LAB_FLAGS)[number];

export type RangeSex = 'any' | 'female' | 'male';
/** The patient's sex as recorded (patients.sex). */
export type LabSex = 'female' | 'male' | 'unknown';

/** An accepted alternative unit: canonical = value × numerator / denominator + offset (exact rationals). */
export interface BiomarkerUnit { unit: string; numerator: number; denominator: number; offset: number }

/** A reference range for one sex (or any) and an age band [ageFromYears, ageToYears) in full years. */
export interface BiomarkerRange {
  catalogVersion: number;
  sex: RangeSex;
  ageFromYears: number;
  ageToYears: number | null;
  low: number | null;
  high: number | null;
  criticalLow: number | null;
  criticalHigh: number | null;
  source: string;
}

export interface Biomarker {
  code: string;
  catalogVersion: number;
  loinc: string;
  namePt: string;
  nameEn: string;
  category: BiomarkerCategory;
  /** Canonical UCUM unit: every value is stored in it. */
  unit: string;
  decimals: number;
  units: readonly BiomarkerUnit[];
  /** Every version's ranges; the rules use those of the highest version that has any. */
  ranges: readonly BiomarkerRange[];
}

export interface BiomarkerCatalog {
  /** The highest catalog version (what GET /v1/biomarkers announces). */
  version: number;
  /** In the catalog's display order. */
  biomarkers: readonly Biomarker[];
  byCode: ReadonlyMap<string, Biomarker>;
}

/** Port: the catalog (reference data, the same for every tenant; the adapter may cache it per process). */
export interface BiomarkerCatalogSource { load(): Promise<BiomarkerCatalog> }

export function buildCatalog(biomarkers: readonly Biomarker[]): BiomarkerCatalog {
  const version = Math.max(0, ...biomarkers.map((b) => b.catalogVersion), ...biomarkers.flatMap((b) => b.ranges.map((r) => r.catalogVersion)));
  return { version, biomarkers, byCode: new Map(biomarkers.map((b) => [b.code, b])) };
}

/** A unit as a client may type it: trimmed, and the micro sign (µ or μ) written `u` as UCUM does. */
export const normalizeUnit = (unit: string): string => unit.trim().replace(/[µμ]/g, 'u');

/** Every unit a value of this marker may be sent in, canonical first. */
export const acceptedUnits = (b: Biomarker): string[] => [b.unit, ...b.units.map((u) => u.unit)];

/** Rounds away binary noise (5.5 × 18.016 = 99.08800000000001) without losing the source's precision. */
const roundTo = (value: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

/**
 * The value in the canonical unit, or null when the unit is not accepted for this marker. Kept to the marker's
 * decimals + 3 places: more than any report prints, so nothing a lab reported is rounded away.
 */
export function toCanonical(b: Biomarker, value: number, unit: string): number | null {
  const u = normalizeUnit(unit);
  if (u === b.unit) return value;
  const alt = b.units.find((x) => x.unit === u);
  if (!alt) return null;
  return roundTo((value * alt.numerator) / alt.denominator + alt.offset, b.decimals + 3);
}

/** Full years from a birth date to a day (both YYYY-MM-DD), or null without a birth date or before birth. */
export function ageInYears(birthDate: string | null, on: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age >= 0 ? age : null;
}

/** The ranges the rules use: those of the highest catalog version that has any for this marker. */
export function currentRanges(b: Biomarker): readonly BiomarkerRange[] {
  const latest = Math.max(0, ...b.ranges.map((r) => r.catalogVersion));
  return b.ranges.filter((r) => r.catalogVersion === latest);
}

/**
 * The reference range for a patient's sex and age at collection. A sex-specific range wins over an `any` one;
 * with the sex unknown only `any` ranges apply; with the age unknown only a range covering every age applies.
 * Null: no range fits (the value stays unflagged rather than flagged against the wrong population).
 */
export function selectRange(b: Biomarker, sex: LabSex, age: number | null): BiomarkerRange | null {
  const fits = (r: BiomarkerRange) => (age === null
    ? r.ageFromYears === 0 && r.ageToYears === null
    : r.ageFromYears <= age && (r.ageToYears === null || age < r.ageToYears));
  const candidates = currentRanges(b).filter(fits);
  return candidates.find((r) => sex !== 'unknown' && r.sex === sex) ?? candidates.find((r) => r.sex === 'any') ?? null;
}

/** Critical beyond a critical limit, else low or high beyond the range (limits inclusive), else normal. */
export function flagOf(value: number, r: BiomarkerRange): LabFlag {
  if ((r.criticalLow !== null && value < r.criticalLow) || (r.criticalHigh !== null && value > r.criticalHigh)) return 'critical';
  if (r.low !== null && value < r.low) return 'low';
  if (r.high !== null && value > r.high) return 'high';
  return 'normal';
}

/** A stored value interpreted for its patient: the range that applies and the flag (both null when none fits). */
export function interpret(b: Biomarker, value: number, patient: { sex: LabSex; birthDate: string | null }, collectedOn: string):
  { flag: LabFlag | null; range: BiomarkerRange | null } {
  const range = selectRange(b, patient.sex, ageInYears(patient.birthDate, collectedOn));
  return { flag: range ? flagOf(value, range) : null, range };
}
