import { createPatient, requestInvite } from '@korevitta/domain';
import { fromDomainError, registerHttp, revisionEtag, rollbackWith, withPatientDeps } from '@korevitta/platform';
import { CreatePatientBody, PatientBody, toPatientBody } from './schemas.ts';

export default registerHttp({
  name: 'patients-create',
  operationId: 'createPatient',
  method: 'POST',
  route: 'v1/patients',
  summary: 'Create a patient (optionally send the invite e-mail at once)',
  tag: 'Patients',
  auth: ['professional'],
  body: CreatePatientBody,
  requestExample: { name: 'Ana Souza', email: 'ana@exemplo.com.br', phone: '+55 11 91234-5678', birthDate: '1990-04-12', sex: 'female', sendInvite: true },
  idempotent: true,
  responses: {
    201: {
      description: 'The new patient, with its first risk assessment',
      schema: PatientBody,
      headers: ['etag', 'location'],
      example: {
        id: '0193a3b2-0c1d-7e2f-8a3b-4c5d6e7f8a9b', name: 'Ana Souza', email: 'ana@exemplo.com.br', phone: '+55 11 91234-5678', birthDate: '1990-04-12', sex: 'female',
        notes: null, timezone: 'America/Sao_Paulo', status: 'active', riskScore: 20, riskBand: 'low', lastActivityAt: null, hasLogin: false, revision: 1,
        createdAt: '2026-12-03T12:00:00.000Z', updatedAt: '2026-12-03T12:00:00.000Z',
      },
    },
    400: { description: 'Invalid or unknown fields (problem+json with errors[])' },
    403: { description: 'Professionals only' },
    429: { description: 'sendInvite over the daily invite quota: nothing was created (Retry-After)' },
  },
  handler: async ({ body, auth, rt, locale, requestId }) => {
    const { sendInvite, ...fields } = body;
    const result = await withPatientDeps({ rt, auth, requestId }, async (deps) => {
      const created = await createPatient(deps, { ...fields, professionalId: auth.professionalId });
      if (!created.ok || !sendInvite) return created;
      const invited = await requestInvite(deps, { professionalId: auth.professionalId, patientId: created.value.id, requestedBy: auth.userId });
      if (!invited.ok) throw rollbackWith(invited.error);
      return created;
    });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const headers = { etag: revisionEtag(result.value.version), location: `/v1/patients/${result.value.id}` };
    return { status: 201, body: toPatientBody(result.value), headers };
  },
});
