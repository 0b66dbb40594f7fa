import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import { signatureHeader, signPayload } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { postSigned, SECRET, stripeEvent } from './support.ts';

/** TEST-CATALOG 39: every bad signature → 400 and nothing stored; any valid v1 under any current secret → 200. */
describe('billing webhook signature over the raw body (TEST-CATALOG 39)', () => {
  let h: TestHost;
  const NEW_SECRET = 'whsec_rotated_in_test';
  beforeAll(async () => { h = await startTestHost({ env: { BILLING_WEBHOOK_SECRETS: `${SECRET},${NEW_SECRET}` } }); });
  afterAll(async () => { await h.stop(); });

  const now = () => Math.floor(h.rt.clock.now().getTime() / 1000);
  const event = () => stripeEvent('customer.created', { id: 'cus_x', object: 'customer' }, { created: now() });
  const stored = async (id: string) => (await withSystemBypass(h.db, 'test: billing events', (tx) => tx.select().from(tables.billingEvents).where(eq(tables.billingEvents.providerEventId, id)))).length;
  const rejected = async (res: Awaited<ReturnType<typeof postSigned>>, id: string) => {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BILLING.SIGNATURE_INVALID');
    expect(await stored(id)).toBe(0);
  };

  it('when the body is signed as sent, then 200 and the event is stored once', async () => {
    const e = event();
    const res = await postSigned(h, JSON.stringify(e));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    expect(await stored(e.id)).toBe(1);
  });

  it('when one byte of the body is changed after signing, then 400 and nothing stored', async () => {
    const e = event();
    const text = JSON.stringify(e);
    const header = signatureHeader(SECRET, now(), Buffer.from(text));
    await rejected(await postSigned(h, text.replace('"livemode":false', '"livemode":true '), { header }), e.id);
  });

  it('when signed with a secret that is not ours, then 400', async () => {
    const e = event();
    await rejected(await postSigned(h, JSON.stringify(e), { secret: 'whsec_attacker' }), e.id);
  });

  it('when the header is missing, empty or malformed, then 400', async () => {
    const e = event();
    const text = JSON.stringify(e);
    await rejected(await postSigned(h, text, { header: null }), e.id);
    await rejected(await postSigned(h, text, { header: '' }), e.id);
    await rejected(await postSigned(h, text, { header: `v1=${signPayload(SECRET, now(), Buffer.from(text))}` }), e.id);
    await rejected(await postSigned(h, text, { header: `t=${now()},v0=${signPayload(SECRET, now(), Buffer.from(text))}` }), e.id);
  });

  it('when t is more than 300 s away from our clock (either way), then 400 even with a correct HMAC; at 300 s it passes', async () => {
    const e = event();
    const text = JSON.stringify(e);
    await rejected(await postSigned(h, text, { t: now() - 301 }), e.id);
    // 302: the host's clock may pass a second boundary after t was computed, which brings +301 to +300.
    await rejected(await postSigned(h, text, { t: now() + 302 }), e.id);
    expect((await postSigned(h, text, { t: now() - 299 })).status).toBe(200);
  });

  it('when the header carries two v1 during a rotation, then either secret verifies, and a wrong one beside a right one still passes', async () => {
    const a = event();
    const t = now();
    const textA = JSON.stringify(a);
    const both = `t=${t},v1=${signPayload('whsec_old_retired', t, Buffer.from(textA))},v1=${signPayload(NEW_SECRET, t, Buffer.from(textA))}`;
    expect((await postSigned(h, textA, { header: both })).status).toBe(200);
    const b = event();
    expect((await postSigned(h, JSON.stringify(b), { secret: NEW_SECRET })).status).toBe(200);
  });

  it('when the same JSON is re-serialised (spacing, key order), then the signature of the original no longer verifies', async () => {
    const e = event();
    const original = JSON.stringify(e);
    const header = signatureHeader(SECRET, now(), Buffer.from(original));
    await rejected(await postSigned(h, JSON.stringify(e, null, 2), { header }), e.id);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(e).reverse()));
    await rejected(await postSigned(h, reordered, { header }), e.id);
  });

  it('when a signed body holds NUL and an unpaired surrogate inside strings, then it is verified and stored (replaced), never a 500', async () => {
    const e = stripeEvent('customer.updated', { id: 'cus_nul', name: 'a\u0000b', note: 'x\ud800y' }, { created: now() });
    const res = await postSigned(h, JSON.stringify(e));
    expect(res.status).toBe(200);
    const [row] = await withSystemBypass(h.db, 'test', (tx) => tx.select().from(tables.billingEvents).where(eq(tables.billingEvents.providerEventId, e.id)));
    expect((row?.payload as { data: { object: { name: string; note: string } } }).data.object).toMatchObject({ name: 'a\uFFFDb', note: 'x\uFFFDy' });
  });

  it('when a correctly signed body is not an event (not JSON, no id), then 400 and nothing is stored', async () => {
    const res = await postSigned(h, 'not json at all');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/body', code: 'invalid_json' })]);
    expect((await postSigned(h, JSON.stringify({ type: 'x', created: 1 }))).status).toBe(400);
  });

  it('when a signature is refused, then a security event is logged without the body or the header', async () => {
    const e = event();
    const before = h.logs.length;
    await postSigned(h, JSON.stringify(e), { secret: 'whsec_attacker' });
    const lines = h.logs.slice(before).filter((l) => l.includes('billing.webhook_rejected'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('no_match');
    expect(lines[0]).not.toContain(e.id);
  });
});
