import { readSubscriptionOverview, registerHttp } from '@korevitta/platform';
import { errorResponses } from '../shared-schemas.ts';
import { SubscriptionBody, toSubscriptionBody } from './schemas.ts';

export default registerHttp({
  name: 'subscription-get',
  operationId: 'getSubscription',
  method: 'GET',
  route: 'v1/subscription',
  summary: 'Your plan, its status and period, the limits in force and what you use of them',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  responses: {
    200: {
      description: 'The subscription (a practice that never checked out is on the free plan)',
      schema: SubscriptionBody,
      example: {
        plan: { code: 'free', name: 'Gratuito', version: 1 }, status: 'active', currentPeriodStart: null, currentPeriodEnd: null, graceEndsAt: null, growthBlocked: false,
        limits: { activePatients: 5, storageBytes: 524288000, invitesPerDay: 10 }, usage: { activePatients: 2, storageBytes: 0 },
      },
    },
    401: errorResponses[401],
    403: errorResponses[403],
  },
  handler: async ({ auth, rt }) => ({ status: 200, body: toSubscriptionBody(await readSubscriptionOverview(rt, auth)) }),
});
