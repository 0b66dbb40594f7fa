import * as v from 'valibot';
import { requestInvite } from '@korevitta/domain';
import { fromDomainError, registerHttp, withPatientDeps } from '@korevitta/platform';
import { notFound, PatientParams } from './schemas.ts';
import { Id } from '../shared-schemas.ts';

const Accepted = v.strictObject({ inviteRequestId: Id, status: v.literal('queued') });

export default registerHttp({
  name: 'patients-invite',
  operationId: 'invitePatient',
  method: 'POST',
  route: 'v1/patients/{patientId}/invite',
  summary: 'Send or resend the invite e-mail (voids the previous invite; daily quota per practice and per patient)',
  tag: 'Patients',
  auth: ['professional'],
  params: PatientParams,
  responses: {
    202: { description: 'The invite e-mail is queued', schema: Accepted },
    403: { description: 'Professionals only' },
    ...notFound,
    409: { description: 'The patient already has a login, or has no e-mail' },
    429: { description: 'Daily invite quota reached (Retry-After)' },
  },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withPatientDeps({ rt, auth, requestId }, (deps) =>
      requestInvite(deps, { professionalId: auth.professionalId, patientId: params.patientId, requestedBy: auth.userId }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 202, body: { inviteRequestId: result.value.inviteRequestId, status: 'queued' as const } };
  },
});
