import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { createStripeProvider, startCheckout, useBillingProvider, type AuthContext } from '@korevitta/platform';
import { createProfessional } from '../support/factories.ts';
import { startFakeStripe } from '../support/fake-stripe.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';

/**
 * TEST-CATALOG 41 against a local server that speaks Stripe's API and idempotency rules: every provider call
 * times out once after the provider did its work; each retry must reuse the persisted key with identical
 * parameters, so 100 injected timeouts still create exactly one customer and one session per practice.
 */
describe('Stripe adapter: outbound idempotency keys across timeouts (TEST-CATALOG 41)', () => {
  let h: TestHost;
  let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
  beforeAll(async () => {
    h = await startTestHost({ env: { BILLING_DAILY_SESSION_QUOTA: '5' } });
    stripe = await startFakeStripe({ timeoutNewKeys: true, lateMs: 1_500 });
    useBillingProvider(h.rt, createStripeProvider({ billing: { ...h.rt.config.billing, stripeSecretKey: 'sk_test_fake' } }, stripe.endpoint, { timeoutMs: 250 }));
  });
  afterAll(async () => { await stripe.stop(); await h.stop(); });

  it('when 50 practices check out and each provider call times out once, then exactly 50 customers and 50 sessions exist and every retry was byte-identical', async () => {
    const practices: AuthContext[] = [];
    for (let i = 0; i < 50; i += 1) {
      const pro = await createProfessional(h, { plan: null });
      // The live session of the professional's login: every tenant transaction checks it (ADR 0014).
      practices.push({ userId: pro.userId, role: 'professional', professionalId: pro.professionalId, patientId: null, sessionId: String(decodeJwt(pro.accessToken).sid) });
    }
    const outcomes: string[][] = [];
    for (let i = 0; i < practices.length; i += 10) {
      outcomes.push(...await Promise.all(practices.slice(i, i + 10).map(async (auth) => {
        const codes: string[] = [];
        for (let attempt = 0; attempt < 4; attempt += 1) {
          const r = await startCheckout(h.rt, auth, { plan: 'pro' });
          codes.push(r.ok ? 'url' : r.error.code);
          if (r.ok) break;
        }
        return codes;
      })));
    }
    expect([...new Set(outcomes.map((c) => c.join()))]).toEqual(['BILLING.PROVIDER_UNAVAILABLE,BILLING.PROVIDER_UNAVAILABLE,url']);
    expect(stripe.timeouts()).toBe(100);
    expect(stripe.created).toEqual({ customers: 50, checkoutSessions: 50, portalSessions: 0 });
    expect(stripe.bodiesByKey.size).toBe(100);
    for (const [key, bodies] of stripe.bodiesByKey) {
      expect(key).toMatch(/^korevitta-(customer|checkout)-[0-9a-f-]{36}$/);
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toBe(bodies[0]);
    }
  }, 240_000);
});
