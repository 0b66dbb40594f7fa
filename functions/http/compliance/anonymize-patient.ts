import * as v from 'valibot';
import { fromDomainError, anonymizePatientFor, registerHttp, revisionEtag } from '@korevitta/platform';
import { Id } from '../shared-schemas.ts';
import { notFound, PatientBody, PatientParams, toPatientBody } from '../patients/schemas.ts';

/** The explicit confirmation an irreversible act needs: the patient's id, repeated. */
const Body = v.strictObject({ confirmPatientId: Id });

export default registerHttp({
  name: 'patients-anonymize',
  operationId: 'anonymizePatient',
  method: 'POST',
  route: 'v1/patients/{patientId}/anonymize',
  summary: "Anonymise a patient (LGPD): irreversibly removes its identifiers and free texts, keeps the numeric facts; the body repeats the patient's id",
  description: 'Name, e-mail, phone and notes are removed, the birth date is reduced to its year, free-text check-in answers, review notes and message bodies are redacted, progress photos and exam files are deleted from storage (right after, by a bulk job), the login is disabled and its sessions revoked. Adherence, risk history and check-in numbers stay, so aggregates remain true. Audited without the removed values. A second call answers 409.',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  params: PatientParams,
  body: Body,
  responses: {
    200: { description: 'The anonymised patient', schema: PatientBody, headers: ['etag'] },
    400: { description: 'confirmPatientId missing or not the patient of the path' },
    403: { description: 'Professionals only' },
    ...notFound,
    409: { description: 'Already anonymised' },
  },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const result = await anonymizePatientFor(rt, auth, requestId, { patientId: params.patientId, confirmPatientId: body.confirmPatientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toPatientBody(result.value), headers: { etag: revisionEtag(result.value.version) } };
  },
});
