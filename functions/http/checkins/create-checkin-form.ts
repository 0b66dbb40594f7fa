import { createCheckinForm } from '@korevitta/domain';
import { checkinActorOf, registerHttp, withCheckinDeps } from '@korevitta/platform';
import { errorResponses } from './schemas.ts';
import { CreateFormBody, FormDetail, toFormDetail } from './form-schemas.ts';

export default registerHttp({
  name: 'checkin-forms-create',
  operationId: 'createCheckinForm',
  method: 'POST',
  route: 'v1/checkin-forms',
  summary: 'Create a check-in form template (version 1 of its form schema)',
  tag: 'Check-ins and risk',
  auth: ['professional'],
  body: CreateFormBody,
  idempotent: true,
  responses: { 201: { description: 'Created (Location header)', schema: FormDetail }, ...errorResponses },
  handler: async ({ body, auth, rt, requestId }) => {
    const created = await withCheckinDeps({ rt, auth, requestId }, (deps) =>
      createCheckinForm(deps, checkinActorOf(auth), body));
    return { status: 201, body: toFormDetail(created), headers: { location: `/v1/checkin-forms/${created.form.id}` } };
  },
});
