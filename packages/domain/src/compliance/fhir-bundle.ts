/**
 * The export's HL7 FHIR R4 Bundle (fhir-bundle.json, LGPD Art. 18 V portability; Brazil's RNDS speaks FHIR): a
 * `collection` of Patient, Observation (measurements, LOINC-coded where LOINC has the concept; lab values by their
 * biomarker's LOINC in its canonical UCUM unit), QuestionnaireResponse
 * (submitted check-ins), CarePlan (protocols) and Communication (messages). The functions map the rows the export
 * reads (the tables' own snake_case columns) to resources; entries refer to each other by `urn:uuid:<id>`.
 * Shape checked in tests against the FHIR R4 JSON schema (tests/compliance/fhir-schema.ts).
 */
export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;
export interface FhirEntry { fullUrl: string; resource: FhirResource }
type Row = Record<string, unknown>;

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
/** A FHIR instant/dateTime from a database timestamp (ISO 8601 in UTC, milliseconds). */
const instant = (v: unknown): string | null => {
  const s = str(v);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};
const date = (v: unknown): string | null => {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null;
};
/** Drops the keys whose value is null or undefined (FHIR JSON has no nulls). */
const compact = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

export const fhirRef = (id: string) => ({ reference: `urn:uuid:${id}` });
const entry = (resource: FhirResource): FhirEntry => ({ fullUrl: `urn:uuid:${resource.id}`, resource });

export function patientEntry(row: Row): FhirEntry {
  const id = String(row.id);
  const telecom = [
    str(row.email) ? { system: 'email', value: str(row.email) } : null,
    str(row.phone) ? { system: 'phone', value: str(row.phone) } : null,
  ].filter((t) => t !== null);
  return entry(compact({
    resourceType: 'Patient', id,
    active: row.status === 'active' && !row.deleted_at,
    name: str(row.name) ? [{ text: str(row.name) }] : null,
    telecom: telecom.length > 0 ? telecom : null,
    birthDate: date(row.birth_date),
  }));
}

/** A measured quantity: the column it comes from, its LOINC code when LOINC names it, its UCUM unit. */
interface MeasureCode { column: string; loinc: string | null; display: string; unit: string; vital: boolean }
export const MEASUREMENT_CODES: readonly MeasureCode[] = [
  { column: 'weight_kg', loinc: '29463-7', display: 'Body weight', unit: 'kg', vital: true },
  { column: 'height_cm', loinc: '8302-2', display: 'Body height', unit: 'cm', vital: true },
  { column: 'body_fat_pct', loinc: '41982-0', display: 'Percentage of body fat Measured', unit: '%', vital: false },
  { column: 'waist_cm', loinc: '8280-0', display: 'Waist Circumference at umbilicus by Tape measure', unit: 'cm', vital: true },
  { column: 'hip_cm', loinc: '62409-8', display: 'Hip Circumference by Tape measure', unit: 'cm', vital: false },
  { column: 'lean_mass_kg', loinc: null, display: 'Massa magra', unit: 'kg', vital: false },
  { column: 'chest_cm', loinc: null, display: 'Circunferência do tórax', unit: 'cm', vital: false },
  { column: 'arm_cm', loinc: null, display: 'Circunferência do braço', unit: 'cm', vital: false },
  { column: 'thigh_cm', loinc: null, display: 'Circunferência da coxa', unit: 'cm', vital: false },
  { column: 'calf_cm', loinc: null, display: 'Circunferência da panturrilha', unit: 'cm', vital: false },
];
export const BMI_LOINC = '39156-5';

interface ObservationSource { id: string; rowId: string; patientId: string; effective: string | null }

function observation(src: ObservationSource, code: { loinc: string | null; display: string; vital: boolean }, value: number, unit: string): FhirEntry {
  return entry(compact({
    resourceType: 'Observation', id: src.id, status: 'final',
    // The measurement row it comes from (one row holds several values).
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${src.rowId}` }],
    category: code.vital ? [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] }] : null,
    code: code.loinc ? { coding: [{ system: LOINC, code: code.loinc, display: code.display }], text: code.display } : { text: code.display },
    subject: fhirRef(src.patientId),
    effectiveDateTime: src.effective,
    valueQuantity: { value, unit, system: UCUM, code: unit },
  }));
}

/**
 * One Observation per value of a measurement row, and the BMI (kg/m², LOINC 39156-5) when the row has a weight and a
 * height is known (the row's or the patient's last one before it: pass `lastHeightCm`). Each Observation gets a new
 * id (`newId`, a UUID) and names the measurement row in its identifier.
 */
export function measurementEntries(row: Row, lastHeightCm: number | null, newId: () => string): FhirEntry[] {
  const source = () => ({ id: newId(), rowId: String(row.id), patientId: String(row.patient_id), effective: date(row.measured_on) });
  const out: FhirEntry[] = [];
  for (const c of MEASUREMENT_CODES) {
    const value = num(row[c.column]);
    if (value !== null) out.push(observation(source(), c, value, c.unit));
  }
  const weight = num(row.weight_kg);
  const height = num(row.height_cm) ?? lastHeightCm;
  if (weight !== null && height !== null && height > 0) {
    const bmi = Math.round((weight / (height / 100) ** 2) * 10) / 10;
    out.push(observation(source(), { loinc: BMI_LOINC, display: 'Body mass index (BMI) [Ratio]', vital: true }, bmi, 'kg/m2'));
  }
  return out;
}

/** A lab value as a laboratory Observation, coded with the biomarker's LOINC in its canonical UCUM unit. */
export function labValueEntry(row: Row, coding: { loinc: string; unit: string; name: string } | undefined, newId: () => string): FhirEntry | null {
  const value = num(row.value);
  if (!coding || value === null) return null;
  return entry(compact({
    resourceType: 'Observation', id: newId(), status: 'final',
    // The lab panel it belongs to (one collection, several values).
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${String(row.panel_id)}` }],
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }] }],
    code: { coding: [{ system: LOINC, code: coding.loinc, display: coding.name }], text: coding.name },
    subject: fhirRef(String(row.patient_id)),
    effectiveDateTime: date(row.collected_on),
    valueQuantity: { value, unit: coding.unit, system: UCUM, code: coding.unit },
  }));
}

function answerOf(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.flatMap(answerOf);
  if (typeof v === 'boolean') return [{ valueBoolean: v }];
  if (typeof v === 'number' && Number.isFinite(v)) return [Number.isInteger(v) ? { valueInteger: v } : { valueDecimal: v }];
  if (typeof v === 'string') return v.trim() === '' ? [] : [{ valueString: v }];
  if (v !== null && typeof v === 'object') return [{ valueString: JSON.stringify(v) }];
  return [];
}

/** A submitted check-in as a completed QuestionnaireResponse (one item per answered question, by its key); null otherwise. */
export function checkinEntry(row: Row): FhirEntry | null {
  const authored = instant(row.submitted_at);
  if (!authored) return null;
  const responses = row.responses !== null && typeof row.responses === 'object' && !Array.isArray(row.responses) ? row.responses as Row : {};
  const item = Object.entries(responses)
    .map(([linkId, v]) => ({ linkId, answer: answerOf(v) }))
    .filter((i) => i.linkId.trim() !== '' && i.answer.length > 0);
  return entry(compact({
    resourceType: 'QuestionnaireResponse', id: String(row.id), status: 'completed',
    subject: fhirRef(String(row.patient_id)), authored,
    item: item.length > 0 ? item : null,
  }));
}

const CARE_PLAN_STATUS: Record<string, string> = { draft: 'draft', active: 'active', archived: 'completed' };

/** A protocol as a CarePlan (intent plan); a deleted protocol is revoked. Its content is in protocols.json. */
export function protocolEntry(row: Row): FhirEntry {
  const start = instant(row.activated_at);
  const end = instant(row.archived_at);
  return entry(compact({
    resourceType: 'CarePlan', id: String(row.id),
    status: row.deleted_at ? 'revoked' : CARE_PLAN_STATUS[String(row.status)] ?? 'unknown',
    intent: 'plan',
    title: str(row.name),
    subject: fhirRef(String(row.patient_id)),
    period: start || end ? compact({ start, end }) : null,
    created: instant(row.created_at),
  }));
}

/** A message as a Communication; sent by the patient (a reference to it) or by its professional (a display). */
export function messageEntry(row: Row): FhirEntry {
  const patientId = String(row.patient_id);
  const body = str(row.body);
  return entry(compact({
    resourceType: 'Communication', id: String(row.id), status: 'completed',
    subject: fhirRef(patientId),
    sent: instant(row.created_at),
    sender: row.sender_role === 'patient' ? fhirRef(patientId) : { display: 'Profissional responsável' },
    recipient: row.sender_role === 'patient' ? [{ display: 'Profissional responsável' }] : [fhirRef(patientId)],
    payload: body ? [{ contentString: body }] : null,
  }));
}

/** The tables the bundle is made from, in the order their entries are written. */
export const FHIR_SOURCE_TABLES = ['patients', 'body_measurements', 'lab_values', 'checkins', 'protocols', 'messages'] as const;

/**
 * The bundle's entries from the rows of the source tables, as a stream: measurements keep the last height seen per
 * patient (rows come oldest first) so a BMI needs no second pass.
 */
export async function* fhirEntries(
  rows: (table: (typeof FHIR_SOURCE_TABLES)[number]) => AsyncIterable<Row>,
  biomarkers: readonly { code: string; loinc: string; unit: string; name: string }[],
  newId: () => string,
): AsyncGenerator<FhirEntry> {
  for await (const row of rows('patients')) yield patientEntry(row);
  const heights = new Map<string, number>();
  for await (const row of rows('body_measurements')) {
    const patientId = String(row.patient_id);
    yield* measurementEntries(row, heights.get(patientId) ?? null, newId);
    const height = num(row.height_cm);
    if (height !== null) heights.set(patientId, height);
  }
  const codings = new Map(biomarkers.map((b) => [b.code, b]));
  for await (const row of rows('lab_values')) {
    const e = labValueEntry(row, codings.get(String(row.biomarker_code)), newId);
    if (e) yield e;
  }
  for await (const row of rows('checkins')) {
    const e = checkinEntry(row);
    if (e) yield e;
  }
  for await (const row of rows('protocols')) yield protocolEntry(row);
  for await (const row of rows('messages')) yield messageEntry(row);
}

/** The bundle as JSON text chunks: the envelope, then one entry per chunk, so it streams like the other files. */
export async function* fhirBundleChunks(entries: AsyncIterable<FhirEntry>, meta: { id: string; timestamp: Date }): AsyncGenerator<string> {
  yield `{"resourceType":"Bundle","id":${JSON.stringify(meta.id)},"type":"collection","timestamp":${JSON.stringify(meta.timestamp.toISOString())},"entry":[`;
  let first = true;
  for await (const e of entries) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(e)}`;
    first = false;
  }
  yield '\n]}\n';
}
