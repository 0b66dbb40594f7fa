import * as v from 'valibot';
import {
  DEFAULT_ORDER, isValidTimezone, MANUAL_STATUSES, normalizeSearchText, PATIENT_STATUSES, RISK_BANDS,
  type DomainError, type ListedPatient, type Patient, type PatientListQuery, type PatientSort,
} from '@korevitta/domain';
import { decodeCursor, PageQuery, ProblemError, toPage } from '@korevitta/platform';
import { Email } from '../auth/schemas.ts';

/** Request and response schemas of the patient endpoints (strict: unknown fields are a 400). */
const Name = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(200));
const Phone = v.pipe(v.string(), v.trim(), v.regex(/^\+?[0-9 ()-]{8,24}$/, 'must be a phone number, e.g. +55 11 91234-5678'));
const BirthDate = v.pipe(v.string(), v.isoDate('must be a date (YYYY-MM-DD)'));
const Notes = v.pipe(v.string(), v.maxLength(5000));
export const Timezone = v.pipe(v.string(), v.maxLength(64), v.check(isValidTimezone, 'must be an IANA time zone, e.g. America/Sao_Paulo'));

export const PatientParams = v.strictObject({ patientId: v.pipe(v.string(), v.uuid('must be a UUID')) });

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
  v.forward(v.check((b) => b.sendInvite !== true || Boolean(b.email), 'needs an e-mail to send the invite to'), ['sendInvite']),
);

/** `status` accepts only what a professional may set by hand: `at_risk` belongs to the risk engine. */
export const UpdatePatientBody = v.strictObject({
  name: v.optional(Name),
  email: v.optional(v.nullable(Email)),
  phone: v.optional(v.nullable(Phone)),
  birthDate: v.optional(v.nullable(BirthDate)),
  notes: v.optional(v.nullable(Notes)),
  timezone: v.optional(Timezone),
  status: v.optional(v.picklist(MANUAL_STATUSES)),
});

const commaList = <T extends string>(values: readonly [T, ...T[]]) =>
  v.optional(v.pipe(v.string(), v.maxLength(100), v.transform((s) => s.split(',').map((x) => x.trim())), v.array(v.picklist(values, `must be one or more of ${values.join(', ')}`))));

export const ListPatientsQuery = v.object({
  ...PageQuery,
  status: commaList(PATIENT_STATUSES),
  riskBand: commaList(RISK_BANDS),
  q: v.optional(v.pipe(v.string(), v.maxLength(100))),
  sort: v.optional(v.picklist(['name', 'risk', 'lastActivity']), 'name'),
  order: v.optional(v.picklist(['asc', 'desc'])),
});

const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
const PatientKeyset = v.object({
  s: v.picklist(['name', 'risk', 'lastActivity']),
  o: v.picklist(['asc', 'desc']),
  k: v.union([v.pipe(v.string(), v.maxLength(300)), v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000))]),
  id: v.pipe(v.string(), v.uuid()),
});

/** The query string → the domain's list query; a cursor of another sort, order or shape is a 400. */
export function toListQuery(q: v.InferOutput<typeof ListPatientsQuery>): PatientListQuery {
  const sort: PatientSort = q.sort;
  const order = q.order ?? DEFAULT_ORDER[sort];
  const cursor = decodeCursor(q.cursor, PatientKeyset);
  const keyFits = (k: string | number) => (sort === 'risk' ? typeof k === 'number' : typeof k === 'string' && (sort === 'name' || PG_TIMESTAMP.test(k)));
  if (cursor && (cursor.s !== sort || cursor.o !== order || !keyFits(cursor.k))) {
    throw new ProblemError('REQUEST.VALIDATION', 'cursor does not belong to this sort and order', [{ pointer: '/query/cursor', detail: 'is not a valid cursor' }]);
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

export const PatientBody = v.strictObject({
  id: v.string(),
  name: v.string(),
  email: v.nullable(v.string()),
  phone: v.nullable(v.string()),
  birthDate: v.nullable(v.string()),
  notes: v.nullable(v.string()),
  timezone: v.string(),
  status: v.picklist(PATIENT_STATUSES),
  riskScore: v.nullable(v.number()),
  riskBand: v.nullable(v.picklist(RISK_BANDS)),
  lastActivityAt: v.nullable(v.string()),
  hasLogin: v.boolean(),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});

/** A list row: no notes, phone or birth date (the CRM list needs none of them). */
export const PatientListItem = v.strictObject({
  id: v.string(),
  name: v.string(),
  email: v.nullable(v.string()),
  timezone: v.string(),
  status: v.picklist(PATIENT_STATUSES),
  riskScore: v.nullable(v.number()),
  riskBand: v.nullable(v.picklist(RISK_BANDS)),
  lastActivityAt: v.nullable(v.string()),
  hasLogin: v.boolean(),
  createdAt: v.string(),
});
export const PatientPage = v.strictObject({ items: v.array(PatientListItem), nextCursor: v.nullable(v.string()) });

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
  version: p.version,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export function toPatientPage(rows: ListedPatient[], query: PatientListQuery) {
  return toPage(rows, query.limit, ({ patient: p }): v.InferOutput<typeof PatientListItem> => ({
    id: p.id, name: p.name, email: p.email, timezone: p.timezone, status: p.status, riskScore: p.riskScore, riskBand: p.riskBand,
    lastActivityAt: p.lastActivityAt?.toISOString() ?? null, hasLogin: p.userId !== null, createdAt: p.createdAt.toISOString(),
  }), (r) => ({ s: query.sort, o: query.order, k: r.key, id: r.patient.id }));
}

/** Inside a transaction: stop with the domain error and roll everything back (the pipeline maps it). */
export function rollbackWith(error: DomainError): ProblemError {
  const headers: Record<string, string> = error.retryAfterSeconds !== undefined ? { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) } : {};
  return new ProblemError(error.code, error.detail, undefined, headers);
}

export const notFound = { 404: { description: 'No such patient in your practice (problem+json)' } } as const;
