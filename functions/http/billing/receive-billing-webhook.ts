import { ingestBillingEvent, problemOutput, registerHttp, verifyWebhookSignature } from '@korevitta/platform';
import { BillingEventDocument, WebhookReceipt } from './schemas.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export default registerHttp({
  name: 'billing-webhook-receive',
  operationId: 'receiveBillingWebhook',
  method: 'POST',
  route: 'v1/webhooks/billing',
  summary: 'Billing provider events: signature-verified over the raw body, stored once, applied by a queue consumer',
  description: 'Stripe-Signature: `t=<unix seconds>,v1=<HMAC-SHA256 hex of "<t>.<raw body>">` under one of our webhook secrets (several during a rotation), '
    + 'within 300 s of our clock. A bad signature answers 400 and stores nothing. A verified event is stored once with its outbox row and answered at once; '
    + 'the critical-queue consumer applies it (ADR 0018).',
  tag: 'Branding, subscription, analytics, compliance',
  auth: 'public',
  publicReason: 'Called by the billing provider, which holds no token: each request is authenticated by the HMAC signature over its raw body.',
  rateLimitExemptReason: 'Stripe delivers bursts (retries, renewals) from a handful of addresses: a per-address limit would refuse real events, and a '
    + 'request without a valid signature costs one HMAC per configured secret and stores nothing.',
  rawBody: { documentedAs: BillingEventDocument, contentType: 'application/json' },
  responses: {
    200: { description: 'Received (stored now, or a duplicate of an event already stored)', schema: WebhookReceipt },
    400: { description: 'Missing, stale or wrong signature; or a signed body that is not a provider event. Nothing is stored.' },
    413: { description: 'Body over the size limit' },
  },
  handler: async ({ rawBody, request, rt, locale, requestId }) => {
    const bytes = rawBody ?? new Uint8Array();
    const nowSeconds = Math.floor(rt.clock.now().getTime() / 1000);
    const verdict = verifyWebhookSignature(bytes, request.headers.get('stripe-signature'), rt.config.billing.webhookSecrets, nowSeconds);
    if (!verdict.ok) {
      rt.log.security('billing.webhook_rejected', { outcome: 'denied', reason: verdict.reason });
      return problemOutput('BILLING.SIGNATURE_INVALID', locale, { requestId });
    }
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      text = '';
    }
    const outcome = text === '' ? { kind: 'unreadable' as const } : await ingestBillingEvent(rt, { text, requestId });
    if (outcome.kind === 'unreadable') {
      rt.log.security('billing.webhook_rejected', { outcome: 'denied', reason: 'unreadable_event' });
      return problemOutput('REQUEST.VALIDATION', locale, { requestId, fields: [{ pointer: '/body', code: 'invalid_json' }] });
    }
    rt.log.info('billing.webhook_received', { duplicate: outcome.kind === 'duplicate' });
    return { status: 200, body: { received: true, duplicate: outcome.kind === 'duplicate' } };
  },
});
