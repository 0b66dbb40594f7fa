import * as v from 'valibot';
import { LOCAL_BILLING_ACTIONS, problemOutput, registerHttp, sendLocalBillingEvents } from '@korevitta/platform';

export default registerHttp({
  name: 'dev-billing-event-send',
  operationId: 'sendBillingEvent',
  method: 'POST',
  route: 'dev/billing/sessions/{sessionId}/events',
  summary: 'Local mode: what the billing provider would do for a checkout (pay, fail payment, renewal paid or refused, cancel), as signed webhooks',
  tag: 'Local development',
  auth: 'public',
  publicReason: 'Local development only: stands in for the billing provider’s hosted pages; absent in production.',
  devOnly: true,
  params: v.strictObject({ sessionId: v.pipe(v.string(), v.maxLength(64), v.regex(/^cs_local_[0-9a-f]{24}$/)) }),
  body: v.strictObject({ action: v.picklist(LOCAL_BILLING_ACTIONS) }),
  responses: {
    200: { description: 'The signed events were sent to /v1/webhooks/billing; the queue applies them within seconds', schema: v.strictObject({ sent: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10)), statuses: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599))), v.maxLength(10)) }) },
    400: { description: 'Invalid action' },
    404: { description: 'No such local checkout session in this process' },
  },
  handler: async ({ params, body, rt, request, locale, requestId }) => {
    const sent = await sendLocalBillingEvents(rt.config, { origin: new URL(request.url).origin, sessionId: params.sessionId, action: body.action, now: rt.clock.now() });
    if (!sent) return problemOutput('RESOURCE.NOT_FOUND', locale, { requestId });
    return { status: 200, body: sent };
  },
});
