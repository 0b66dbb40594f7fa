import { publishCheckinFormVersion } from '@korevitta/domain';
import { checkinActorOf, fromDomainError, registerHttp, withCheckinDeps } from '@korevitta/platform';
import { errorResponses, FormParams } from './schemas.ts';
import { FormDetail, formNotFound, PublishVersionBody, toFormDetail } from './form-schemas.ts';

export default registerHttp({
  name: 'checkin-form-version-create',
  operationId: 'createCheckinFormVersion',
  method: 'POST',
  route: 'v1/checkin-forms/{formId}/versions',
  summary: 'Publish a new version of a form schema: new check-ins answer it, existing ones keep theirs',
  tag: 'Check-ins and risk',
  auth: ['professional'],
  params: FormParams,
  body: PublishVersionBody,
  idempotent: true,
  responses: { 201: { description: 'Published; the form with its new current version', schema: FormDetail }, ...errorResponses, ...formNotFound },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const result = await withCheckinDeps({ rt, auth, requestId }, (deps) =>
      publishCheckinFormVersion(deps, checkinActorOf(auth), params.formId, body.schema));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 201, body: toFormDetail(result.value), headers: { location: `/v1/checkin-forms/${params.formId}?version=${result.value.version.version}` } };
  },
});
