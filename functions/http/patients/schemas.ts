import * as v from 'valibot';
import { fieldMessage, formatMessage, integer, MANUAL_STATUSES, multiLine, PATIENT_SEXES, PATIENT_STATUSES, RISK_BANDS, type Patient, type PatientSummary } from '@korevitta/domain';
import { Email, PersonName } from '../auth/schemas.ts';
import { CalendarDate, Id, Instant, Revision, Timezone } from '../shared-schemas.ts';

export { Timezone };

/** Request and response schemas of the patient endpoints (strict: unknown fields are a 400). */
const Name = PersonName;
const Phone = v.pipe(v.string(), v.trim(), v.maxLength(24), v.regex(/^\+?[0-9 ()-]{8,24}$/, formatMessage('phone')));
const BirthDate = CalendarDate;
const Notes = multiLine(5000, { min: 0 });
/** Biological sex for laboratory reference ranges (not gender identity); `unknown` when not recorded. */
const Sex = v.picklist(PATIENT_SEXES);

export const PatientParams = v.strictObject({ patientId: Id });

export const CreatePatientBody = v.pipe(
  v.strictObject({
    name: Name,
    email: v.optional(v.nullable(Email)),
    phone: v.optional(v.nullable(Phone)),
    birthDate: v.optional(v.nullable(BirthDate)),
    sex: v.optional(Sex),
    notes: v.optional(v.nullable(Notes)),
    timezone: v.optional(Timezone),
    status: v.optional(v.picklist(['active', 'paused'])),
    sendInvite: v.optional(v.boolean()),
  }),
  v.forward(v.check((b) => b.sendInvite !== true || Boolean(b.email), fieldMessage('invite_needs_email')), ['sendInvite']),
);

/** `status` accepts only what a professional may set by hand: `at_risk` belongs to the risk engine. */
export const UpdatePatientBody = v.pipe(
  v.strictObject({
    name: v.optional(Name),
    email: v.optional(v.nullable(Email)),
    phone: v.optional(v.nullable(Phone)),
    birthDate: v.optional(v.nullable(BirthDate)),
    sex: v.optional(Sex),
    notes: v.optional(v.nullable(Notes)),
    timezone: v.optional(Timezone),
    status: v.optional(v.picklist(MANUAL_STATUSES)),
  }),
  v.check((b) => Object.keys(b).length > 0, fieldMessage('empty_update')),
);

const RiskScore = v.nullable(integer(0, 100));

/** A list row: no notes, phone or birth date (the CRM list needs none of them). */
export const PatientListItem = v.strictObject({
  id: Id,
  name: Name,
  email: v.nullable(Email),
  timezone: Timezone,
  status: v.picklist(PATIENT_STATUSES),
  /** The last risk assessment (0–100) and its band; computed when the patient is created, then kept current. */
  riskScore: RiskScore,
  riskBand: v.nullable(v.picklist(RISK_BANDS)),
  lastActivityAt: v.nullable(Instant),
  hasLogin: v.boolean(),
  revision: Revision,
  createdAt: Instant,
});

/** One patient: the list row and what only the detail shows. */
export const PatientBody = v.strictObject({
  ...PatientListItem.entries,
  phone: v.nullable(Phone),
  birthDate: v.nullable(BirthDate),
  sex: Sex,
  notes: v.nullable(Notes),
  updatedAt: Instant,
});

export const toPatientListItem = (p: PatientSummary): v.InferOutput<typeof PatientListItem> => ({
  id: p.id, name: p.name, email: p.email, timezone: p.timezone, status: p.status, riskScore: p.riskScore, riskBand: p.riskBand,
  lastActivityAt: p.lastActivityAt?.toISOString() ?? null, hasLogin: p.userId !== null, revision: p.version, createdAt: p.createdAt.toISOString(),
});

export const toPatientBody = (p: Patient): v.InferOutput<typeof PatientBody> => ({
  ...toPatientListItem(p),
  phone: p.phone,
  birthDate: p.birthDate,
  sex: p.sex,
  notes: p.notes,
  updatedAt: p.updatedAt.toISOString(),
});

export const notFound = { 404: { description: 'No such patient in your practice (problem+json)' } } as const;
