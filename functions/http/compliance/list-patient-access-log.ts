import * as v from 'valibot';
import { token } from '@korevitta/domain';
import { decodeCursor, fromDomainError, PageQuery, readPatientAccessLog, registerHttp, toPage } from '@korevitta/platform';
import { Id, Instant, pageOf } from '../shared-schemas.ts';
import { notFound, PatientParams } from '../patients/schemas.ts';

const Query = v.strictObject({ ...PageQuery });
const Keyset = v.object({ t: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/)), id: v.pipe(v.string(), v.uuid()) });

/** One read of the patient's health data: who (user and role), what kind, when, under which request. */
const Entry = v.strictObject({
  id: Id,
  accessedAt: Instant,
  actorUserId: v.nullable(Id),
  actorRole: v.picklist(['professional', 'patient', 'system']),
  /** patient_record, protocols, checkins, messages, adherence, risk, measurements, photos, lab_results or export. */
  kind: token(/^[a-z_]{1,40}$/, 40, 'slug'),
  requestId: v.nullable(v.pipe(v.string(), v.maxLength(64), v.regex(/^[A-Za-z0-9._-]{1,64}$/))),
});
const Page = pageOf(Entry);

export default registerHttp({
  name: 'patients-access-log-list',
  operationId: 'listPatientAccessLog',
  method: 'GET',
  route: 'v1/patients/{patientId}/access-log',
  summary: "Who read this patient's health data, and when (newest first; entries appear within about a minute)",
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  params: PatientParams,
  query: Query,
  responses: { 200: { description: 'One page of access entries', schema: Page }, 400: { description: 'Invalid cursor or limit' }, 403: { description: 'Professionals only' }, ...notFound },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const after = decodeCursor(query.cursor, Keyset);
    const result = await readPatientAccessLog(rt, auth, { patientId: params.patientId, after: after ? { accessedAt: after.t, id: after.id } : null, limit: query.limit });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return {
      status: 200,
      body: toPage(result.value, query.limit, (r) => ({
        id: r.id, accessedAt: r.accessedAt.toISOString(), actorUserId: r.actorUserId, actorRole: r.actorRole,
        kind: r.kind, requestId: r.requestId,
      }), (r) => ({ t: r.accessedAtKey, id: r.id })),
    };
  },
});
