import * as v from 'valibot';
import {
  DEFAULT_ORDER, fieldMessage, formatMessage, integer, MANUAL_STATUSES, multiLine, normalizeSearchText, oneOrMoreOf, PATIENT_STATUSES, RISK_BANDS, singleLine, uuid,
  type ListedPatient, type Patient, type PatientListQuery, type PatientSort,
} from '@korevitta/domain';
import { decodeCursor, invalidCursor, isKeysetTimestamp, PageQuery, toPage } from '@korevitta/platform';
import { Email, PersonName } from '../auth/schemas.ts';
import { CalendarDate, Id, Instant, pageOf, Revision, Timezone } from '../shared-schemas.ts';

export { Timezone };

/** Request and response schemas of the patient endpoints (strict: unknown fields are a 400). */
const Name = PersonName;
const Phone = v.pipe(v.string(), v.trim(), v.maxLength(24), v.regex(/^\+?[0-9 ()-]{8,24}$/, formatMessage('phone')));
const BirthDate = CalendarDate;
const Notes = multiLine(5000, { min: 0 });

export const PatientParams = v.strictObject({ patientId: Id });

export const CreatePatientBody = v.pipe(
  v.strictObject({
    name: Name,
    email: v.optional(v.nullable(Email)),
    phone: v.optional(v.nullable(Phone)),
    birthDate: v.optional(v.nullable(BirthDate)),
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
    notes: v.optional(v.nullable(Notes)),
    timezone: v.optional(Timezone),
    status: v.optional(v.picklist(MANUAL_STATUSES)),
  }),
  v.check((b) => Object.keys(b).length > 0, fieldMessage('empty_update')),
);

export const ListPatientsQuery = v.strictObject({
  ...PageQuery,
  status: v.optional(oneOrMoreOf(PATIENT_STATUSES)),
  riskBand: v.optional(oneOrMoreOf(RISK_BANDS)),
  q: v.optional(singleLine(100, { min: 0 })),
  sort: v.optional(v.picklist(['name', 'risk', 'lastActivity']), 'name'),
  order: v.optional(v.picklist(['asc', 'desc'])),
});

const PatientKeyset = v.object({
  s: v.picklist(['name', 'risk', 'lastActivity']),
  o: v.picklist(['asc', 'desc']),
  k: v.union([v.pipe(v.string(), v.maxLength(300)), v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000))]),
  id: uuid(),
});

/** The query string → the domain's list query; a cursor of another sort, order or shape is a 400. */
export function toListQuery(q: v.InferOutput<typeof ListPatientsQuery>): PatientListQuery {
  const sort: PatientSort = q.sort;
  const order = q.order ?? DEFAULT_ORDER[sort];
  const cursor = decodeCursor(q.cursor, PatientKeyset);
  const keyFits = (k: string | number) => (sort === 'risk' ? typeof k === 'number' : typeof k === 'string' && (sort === 'name' || isKeysetTimestamp(k)));
  if (cursor && (cursor.s !== sort || cursor.o !== order || !keyFits(cursor.k))) {
    throw invalidCursor();
  }
  const text = q.q === undefined ? '' : normalizeSearchText(q.q);
  return {
    statuses: q.status ?? null,
    riskBands: q.riskBand ?? null,
    q: text === '' ? null : text,
    sort,
    order,
    after: cursor ? { key: cursor.k, id: cursor.id } : null,
    limit: q.limit,
  };
}

const RiskScore = v.nullable(integer(0, 100));

export const PatientBody = v.strictObject({
  id: Id,
  name: Name,
  email: v.nullable(Email),
  phone: v.nullable(Phone),
  birthDate: v.nullable(BirthDate),
  notes: v.nullable(Notes),
  timezone: Timezone,
  status: v.picklist(PATIENT_STATUSES),
  /** The last risk assessment (0–100) and its band; computed when the patient is created, then kept current. */
  riskScore: RiskScore,
  riskBand: v.nullable(v.picklist(RISK_BANDS)),
  lastActivityAt: v.nullable(Instant),
  hasLogin: v.boolean(),
  revision: Revision,
  createdAt: Instant,
  updatedAt: Instant,
});

/** A list row: no notes, phone or birth date (the CRM list needs none of them). */
export const PatientListItem = v.strictObject({
  id: Id,
  name: Name,
  email: v.nullable(Email),
  timezone: Timezone,
  status: v.picklist(PATIENT_STATUSES),
  riskScore: RiskScore,
  riskBand: v.nullable(v.picklist(RISK_BANDS)),
  lastActivityAt: v.nullable(Instant),
  hasLogin: v.boolean(),
  revision: Revision,
  createdAt: Instant,
});
export const PatientPage = pageOf(PatientListItem);

export const toPatientBody = (p: Patient): v.InferOutput<typeof PatientBody> => ({
  id: p.id,
  name: p.name,
  email: p.email,
  phone: p.phone,
  birthDate: p.birthDate,
  notes: p.notes,
  timezone: p.timezone,
  status: p.status,
  riskScore: p.riskScore,
  riskBand: p.riskBand,
  lastActivityAt: p.lastActivityAt?.toISOString() ?? null,
  hasLogin: p.userId !== null,
  revision: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export function toPatientPage(rows: ListedPatient[], query: PatientListQuery) {
  return toPage(rows, query.limit, ({ patient: p }): v.InferOutput<typeof PatientListItem> => ({
    id: p.id, name: p.name, email: p.email, timezone: p.timezone, status: p.status, riskScore: p.riskScore, riskBand: p.riskBand,
    lastActivityAt: p.lastActivityAt?.toISOString() ?? null, hasLogin: p.userId !== null, revision: p.version, createdAt: p.createdAt.toISOString(),
  }), (r) => ({ s: query.sort, o: query.order, k: r.key, id: r.patient.id }));
}


export const notFound = { 404: { description: 'No such patient in your practice (problem+json)' } } as const;
