import * as v from 'valibot';
import { BIOMARKER_CATEGORIES, decimal, integer, LAB_FLAGS, singleLine, token, UPLOAD_CONTENT_TYPES, type Biomarker, type BiomarkerCatalog, type LabPanelView, type LabPointView, type LabSeriesView } from '@korevitta/domain';
import { CalendarDate, errorResponses, Id, Instant, pageOf } from '../shared-schemas.ts';

/** Request and response schemas of the biomarker catalog and lab panels. */
export const BiomarkerCode = token(/^[a-z][a-z0-9_]{1,39}$/, 40, 'slug');
/** A UCUM unit as listed in the catalog (`mg/dL`, `mmol/L`, `10*3/uL`, `u[IU]/mL`; µ may be typed for u). */
const Unit = token(/^[A-Za-z0-9%*/[\]µμ.]{1,20}$/, 20, 'token');
const Amount = decimal(0, 10_000_000);
const Flag = v.nullable(v.picklist(LAB_FLAGS));
const SignedUrl = v.pipe(v.string(), v.maxLength(2048), v.url());

export const LabValueBody = v.strictObject({ biomarker: BiomarkerCode, value: Amount, unit: Unit });

export const LabPanelBody = v.strictObject({
  collectedOn: CalendarDate,
  laboratory: v.optional(v.nullable(singleLine(120))),
  /** A confirmed-by-this-call `lab_exam` upload of this patient (PDF or photo), kept read-only. */
  examUploadId: v.optional(v.nullable(Id)),
  values: v.pipe(v.array(LabValueBody), v.minLength(1), v.maxLength(60)),
});

const LabValue = v.strictObject({
  biomarker: BiomarkerCode,
  /** In the catalog's canonical unit. */
  value: Amount,
  unit: Unit,
  /** As the laboratory reported it. */
  originalValue: Amount,
  originalUnit: Unit,
  /** Against the range for the patient's sex and age at collection; null when no range fits (sex or birth date unknown). */
  flag: Flag,
  referenceLow: v.nullable(Amount),
  referenceHigh: v.nullable(Amount),
});

export const LabPanel = v.strictObject({
  id: Id,
  patientId: Id,
  collectedOn: CalendarDate,
  laboratory: v.nullable(singleLine(120)),
  documentContentType: v.nullable(v.picklist(UPLOAD_CONTENT_TYPES)),
  /** Read-only, this file only, until `documentUrlExpiresAt`. */
  documentUrl: v.nullable(SignedUrl),
  documentUrlExpiresAt: v.nullable(Instant),
  values: v.pipe(v.array(LabValue), v.maxLength(60)),
  recordedBy: v.picklist(['professional', 'patient']),
  createdAt: Instant,
});

export const LabPanelPage = pageOf(LabPanel);

const Range = v.strictObject({
  sex: v.picklist(['any', 'female', 'male']),
  ageFromYears: integer(0, 150),
  /** Exclusive; null: no upper bound. */
  ageToYears: v.nullable(integer(1, 150)),
  low: v.nullable(Amount),
  high: v.nullable(Amount),
  criticalLow: v.nullable(Amount),
  criticalHigh: v.nullable(Amount),
  /** The guideline or manual the range comes from. */
  source: singleLine(300),
});

const BiomarkerBody = v.strictObject({
  code: BiomarkerCode,
  loinc: token(/^[0-9]{1,7}-[0-9]$/, 9, 'token'),
  namePtBr: singleLine(80),
  nameEn: singleLine(80),
  category: v.picklist(BIOMARKER_CATEGORIES),
  unit: Unit,
  decimals: integer(0, 4),
  /** canonical = value × factorNumerator / factorDenominator + offset. */
  alternativeUnits: v.pipe(v.array(v.strictObject({ unit: Unit, factorNumerator: decimal(0, 1_000_000), factorDenominator: decimal(0, 1_000_000), offset: decimal(-1000, 1000) })), v.maxLength(10)),
  ranges: v.pipe(v.array(Range), v.maxLength(20)),
});

export const BiomarkerCatalogBody = v.strictObject({
  catalogVersion: integer(1, 10_000),
  items: v.pipe(v.array(BiomarkerBody), v.maxLength(500)),
  nextCursor: v.null(),
});

const SeriesPoint = v.strictObject({
  panelId: Id, collectedOn: CalendarDate, value: Amount, originalValue: Amount, originalUnit: Unit, flag: Flag,
  referenceLow: v.nullable(Amount), referenceHigh: v.nullable(Amount),
});

/** `?biomarker=`: one marker's values oldest first (at most 500), for a trend chart. */
export const LabSeries = v.strictObject({
  biomarker: v.strictObject({ code: BiomarkerCode, namePtBr: singleLine(80), nameEn: singleLine(80), unit: Unit }),
  catalogVersion: integer(1, 10_000),
  items: v.pipe(v.array(SeriesPoint), v.maxLength(500)),
  nextCursor: v.null(),
});

export const labResponses = { ...errorResponses, 404: { description: 'No such patient (of mine, or myself), or upload' } } as const;

export const toBiomarker = (b: Biomarker): v.InferOutput<typeof BiomarkerBody> => ({
  code: b.code, loinc: b.loinc, namePtBr: b.namePt, nameEn: b.nameEn, category: b.category, unit: b.unit, decimals: b.decimals,
  alternativeUnits: b.units.map((u) => ({ unit: u.unit, factorNumerator: u.numerator, factorDenominator: u.denominator, offset: u.offset })),
  ranges: b.ranges.map((r) => ({ sex: r.sex, ageFromYears: r.ageFromYears, ageToYears: r.ageToYears, low: r.low, high: r.high, criticalLow: r.criticalLow, criticalHigh: r.criticalHigh, source: r.source })),
});

export const toCatalog = (c: BiomarkerCatalog): v.InferOutput<typeof BiomarkerCatalogBody> => ({ catalogVersion: c.version, items: c.biomarkers.map(toBiomarker), nextCursor: null });

export const toLabPanel = (p: LabPanelView): v.InferOutput<typeof LabPanel> => ({
  id: p.id, patientId: p.patientId, collectedOn: p.collectedOn, laboratory: p.laboratory,
  documentContentType: (UPLOAD_CONTENT_TYPES as readonly string[]).includes(p.documentContentType ?? '') ? p.documentContentType as (typeof UPLOAD_CONTENT_TYPES)[number] : null,
  documentUrl: p.documentUrl, documentUrlExpiresAt: p.documentUrlExpiresAt?.toISOString() ?? null,
  values: p.values.map((x) => ({ biomarker: x.biomarker, value: x.value, unit: x.unit, originalValue: x.originalValue, originalUnit: x.originalUnit, flag: x.flag, referenceLow: x.referenceLow, referenceHigh: x.referenceHigh })),
  recordedBy: p.recordedBy, createdAt: p.createdAt.toISOString(),
});

const toPoint = (p: LabPointView): v.InferOutput<typeof SeriesPoint> => ({ ...p });

export const toLabSeries = (s: LabSeriesView): v.InferOutput<typeof LabSeries> => ({
  biomarker: { code: s.biomarker.code, namePtBr: s.biomarker.namePt, nameEn: s.biomarker.nameEn, unit: s.biomarker.unit },
  catalogVersion: s.catalogVersion, items: s.points.map(toPoint), nextCursor: null,
});
