import { fromDomainError, registerHttp, startPortal } from '@korevitta/platform';
import { errorResponses } from '../shared-schemas.ts';
import { HostedUrlBody } from './schemas.ts';

export default registerHttp({
  name: 'subscription-portal-create',
  operationId: 'createSubscriptionPortal',
  method: 'POST',
  route: 'v1/subscription/portal',
  summary: 'A hosted billing-portal URL from the billing provider (cards, invoices, cancel)',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  responses: {
    200: { description: 'Send the user to `url`', schema: HostedUrlBody, example: { url: 'https://billing.stripe.com/p/session/test_a1b2c3' } },
    ...errorResponses,
    409: { description: 'No provider customer yet: check out first' },
    429: { description: 'Daily limit of checkout and portal sessions reached (Retry-After)' },
    503: { description: 'The billing provider did not answer in time; retry (Retry-After)' },
  },
  handler: async ({ auth, rt, locale, requestId }) => {
    const result = await startPortal(rt, auth);
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: result.value };
  },
});
