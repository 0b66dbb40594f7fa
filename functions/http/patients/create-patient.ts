import { createPatient, requestInvite } from '@korevitta/domain';
import { withTenant } from '@korevitta/db';
import { fromDomainError, patientDeps, patientEtag, registerHttp, tenantOf } from '@korevitta/platform';
import { CreatePatientBody, PatientBody, rollbackWith, toPatientBody } from './schemas.ts';

export default registerHttp({
  name: 'patients-create',
  method: 'POST',
  route: 'v1/patients',
  summary: 'Create a patient (optionally send the invite e-mail at once)',
  tags: ['patients'],
  auth: ['professional'],
  body: CreatePatientBody,
  idempotent: true,
  responses: {
    201: { description: 'The new patient (ETag header: its version)', schema: PatientBody },
    400: { description: 'Invalid or unknown fields (problem+json with errors[])' },
    403: { description: 'Professionals only' },
    429: { description: 'sendInvite over the daily invite quota: nothing was created (Retry-After)' },
  },
  handler: async ({ body, auth, rt, locale, requestId }) => {
    const { sendInvite, ...fields } = body;
    const result = await withTenant(rt.db, tenantOf(auth), async (tx) => {
      const deps = patientDeps(tx, { auth, requestId, now: rt.clock.now() });
      const created = await createPatient(deps, { ...fields, professionalId: auth.professionalId });
      if (!created.ok || !sendInvite) return created;
      const invited = await requestInvite(deps, { professionalId: auth.professionalId, patientId: created.value.id, requestedBy: auth.userId });
      if (!invited.ok) throw rollbackWith(invited.error);
      return created;
    });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const headers = { etag: patientEtag(result.value.version), location: `/v1/patients/${result.value.id}` };
    return { status: 201, body: toPatientBody(result.value), headers };
  },
});
