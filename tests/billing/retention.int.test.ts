import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import type { TimerFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';

const DAY = 86_400_000;

/** ADR 0018: provider payloads are emptied 30 days after they were applied, by the hourly retention timer. */
describe('billing event payload retention', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  it('when the retention timer runs, then payloads applied over 30 days ago are emptied and the rows stay; newer and unapplied ones are kept', async () => {
    const now = h.rt.clock.now();
    const event = (appliedDaysAgo: number | null) => ({
      id: randomUUID(), provider: 'stripe' as const, providerEventId: `evt_${randomUUID()}`, type: 'invoice.paid', occurredAt: new Date(now.getTime() - 40 * DAY),
      payload: { data: { object: { customer_name: 'Ana Souza' } } }, receivedAt: new Date(now.getTime() - 40 * DAY),
      appliedAt: appliedDaysAgo === null ? null : new Date(now.getTime() - appliedDaysAgo * DAY), outcome: appliedDaysAgo === null ? null : 'applied',
      createdAt: now, updatedAt: now,
    });
    const rows = [event(31), event(29), event(null)];
    await withSystemBypass(h.db, 'test: billing events', (tx) => tx.insert(tables.billingEvents).values(rows));

    const timer = allFunctions.find((f): f is TimerFunctionDefinition => f.kind === 'timer' && f.name === 'retention-purge')!;
    await timer.handler({ rt: h.rt, now, isPastDue: false, log: h.rt.log });

    const after = await withSystemBypass(h.db, 'test: billing events', (tx) => tx.select({ id: tables.billingEvents.id, payload: tables.billingEvents.payload })
      .from(tables.billingEvents).where(inArray(tables.billingEvents.id, rows.map((r) => r.id))));
    const payloadOf = (id: string) => after.find((r) => r.id === id)?.payload;
    expect(payloadOf(rows[0]!.id)).toEqual({});
    expect(payloadOf(rows[1]!.id)).toEqual(rows[1]!.payload);
    expect(payloadOf(rows[2]!.id)).toEqual(rows[2]!.payload);
  });
});
