import { fromDomainError, registerHttp, startCheckout } from '@korevitta/platform';
import { errorResponses } from '../shared-schemas.ts';
import { CheckoutBody, HostedUrlBody } from './schemas.ts';

export default registerHttp({
  name: 'subscription-checkout-create',
  operationId: 'createSubscriptionCheckout',
  method: 'POST',
  route: 'v1/subscription/checkout',
  summary: "A hosted checkout URL from the billing provider for a paid plan (cards, boleto, Pix)",
  description: 'The plan becomes active when the provider confirms the payment (webhook), not when this answers. '
    + 'After a 503 send the same request again: it resumes the same provider operation (same idempotency key and parameters).',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  body: CheckoutBody,
  requestExample: { plan: 'pro' },
  responses: {
    200: { description: 'Send the user to `url`', schema: HostedUrlBody, example: { url: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3' } },
    ...errorResponses,
    429: { description: 'Daily limit of checkout and portal sessions reached (Retry-After)' },
    503: { description: 'The billing provider did not answer in time; retry (Retry-After)' },
  },
  handler: async ({ body, auth, rt, locale, requestId }) => {
    const result = await startCheckout(rt, auth, { plan: body.plan });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: result.value };
  },
});
