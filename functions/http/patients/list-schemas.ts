import * as v from 'valibot';
import {
  DEFAULT_ORDER, normalizeSearchText, oneOrMoreOf, PATIENT_STATUSES, RISK_BANDS, singleLine, uuid, type ListedPatient, type PatientListQuery, type PatientSort,
} from '@korevitta/domain';
import { decodeCursor, invalidCursor, isKeysetTimestamp, PageQuery, toPage } from '@korevitta/platform';
import { PatientListItem, toPatientListItem } from './schemas.ts';
import { pageOf } from '../shared-schemas.ts';

/** The CRM list of GET /v1/patients: its query string, keyset cursor and page. */
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

export const PatientPage = pageOf(PatientListItem);

export function toPatientPage(rows: ListedPatient[], query: PatientListQuery) {
  return toPage(rows, query.limit, ({ patient }) => toPatientListItem(patient), (r) => ({ s: query.sort, o: query.order, k: r.key, id: r.patient.id }));
}
