import { getCheckinForm } from '@korevitta/domain';
import { fromDomainError, registerHttp, withCheckinDeps } from '@korevitta/platform';
import { errorResponses, FormParams } from './schemas.ts';
import { FormDetail, formNotFound, FormQuery, toFormDetail } from './form-schemas.ts';

export default registerHttp({
  name: 'checkin-form-get',
  operationId: 'getCheckinForm',
  method: 'GET',
  route: 'v1/checkin-forms/{formId}',
  summary: 'One check-in form with the schema of its current version (or of ?version=N) and the list of its versions',
  tag: 'Check-ins and risk',
  auth: ['professional'],
  params: FormParams,
  query: FormQuery,
  responses: { 200: { description: 'The form', schema: FormDetail }, ...errorResponses, ...formNotFound },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const result = await withCheckinDeps({ rt, auth, requestId }, (deps) => getCheckinForm(deps, params.formId, query.contentVersion ?? null));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toFormDetail(result.value) };
  },
});
