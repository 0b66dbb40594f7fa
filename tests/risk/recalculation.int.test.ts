import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { recalculateRiskNightly, requestRiskRecalculation, rowsOf, withSystemBypass, withTenant, type TenantContext } from '@korevitta/db';
import { RISK_RECALC_COALESCE_MS, RISK_RECALC_STALE_MS, RISK_RECALCULATION_REQUESTED, RISK_STATUS_CHANGED } from '@korevitta/domain';
import { invokeQueueFunction, recalculateRiskOnRequest, relayOutbox, type QueueFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { auditCount, countRows, outboxCount, seedCheckins, seedRiskTenant, seedWater, storedRisk, type RiskPatient } from './support.ts';

const DAY = 86_400_000;

describe('risk recalculation: coalesced requests, the consumer, hysteresis and the nightly run', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  const patientCtx = (p: RiskPatient): TenantContext => ({ userId: p.patientId, role: 'patient', professionalId: p.professionalId, patientId: p.patientId });
  const requestRow = async (patientId: string) => withSystemBypass(h.db, 'test read', async (tx) =>
    rowsOf<{ reason: string; requested_at: string }>(await tx.execute(sql`select reason, requested_at::text from risk_recalc_requests where patient_id = ${patientId}`))[0]);
  const outboxRows = async (patientId: string) => withSystemBypass(h.db, 'test read', async (tx) => rowsOf<{ message_id: string; queue: string; deliver_at: string; occurred_at: string; payload: unknown }>(
    await tx.execute(sql`select message_id, queue, deliver_at, occurred_at, payload from event_outbox where type = ${RISK_RECALCULATION_REQUESTED} and payload->>'patientId' = ${patientId} order by created_at`)));
  const ask = (p: RiskPatient, now: Date, reason: 'water_logged' | 'task_completed' = 'water_logged') =>
    withTenant(h.db, patientCtx(p), (tx) => requestRiskRecalculation(tx, { items: [{ patientId: p.patientId, professionalId: p.professionalId }], reason, now, correlationId: 'req-1' }));
  const consume = (p: RiskPatient, deliveryId: string, now: Date) => recalculateRiskOnRequest(h.rt, { patientId: p.patientId, deliveryId, correlationId: null, now });
  const onePatient = async (): Promise<RiskPatient> => {
    const t = await seedRiskTenant(h.db);
    return { professionalId: t.professionalId, patientId: t.patientIds[0]! };
  };

  it('when a burst of 20 events hits one patient, then 1 request and 1 message; after the consumer runs through the critical queue, the next event queues a new one', async () => {
    const p = await onePatient();
    const start = h.clock.now();
    const queued: number[] = [];
    for (let i = 0; i < 20; i += 1) queued.push(await ask(p, new Date(start.getTime() + i * 100)));
    expect(queued.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await requestRow(p.patientId)).toMatchObject({ reason: 'water_logged' });
    const [msg] = await outboxRows(p.patientId);
    expect(await outboxRows(p.patientId)).toHaveLength(1);
    expect(msg).toMatchObject({ queue: 'critical', message_id: `risk:${p.patientId}:${start.getTime()}`, payload: { patientId: p.patientId } });
    expect(new Date(msg!.deliver_at).getTime() - new Date(msg!.occurred_at).getTime()).toBe(RISK_RECALC_COALESCE_MS);

    // The relay publishes it as a scheduled message; the critical queue function runs the consumer once it is due.
    await relayOutbox({ db: h.db, sender: h.rt.queue, now: h.clock.now(), onlyTypes: [RISK_RECALCULATION_REQUESTED] });
    h.clock.advance(RISK_RECALC_COALESCE_MS + 1000);
    const received = await h.rt.localQueue!.receive('critical', { max: 100 });
    const mine = received.find((r) => r.messageId === msg!.message_id);
    expect(mine).toBeDefined();
    const critical = allFunctions.find((f): f is QueueFunctionDefinition => f.kind === 'queue' && f.queue === 'critical')!;
    await invokeQueueFunction(critical, mine!, h.rt);
    for (const r of received) await h.rt.localQueue!.complete(r.lockToken);
    expect(await requestRow(p.patientId)).toBeUndefined();
    expect(await storedRisk(h.db, p.patientId)).toMatchObject({ risk_score: 20, risk_band: 'low', status: 'active' });

    expect(await ask(p, h.clock.now(), 'task_completed')).toBe(1);
    expect(await outboxRows(p.patientId)).toHaveLength(2);
  });

  it('when the same message is delivered again, then the replay changes nothing (no recalculation, audit or event)', async () => {
    const p = await onePatient();
    await seedCheckins(h.db, p, [1, 2, 3].map((w) => ({ dueAt: new Date(h.clock.now().getTime() - w * 7 * DAY).toISOString(), status: 'missed' as const })));
    const now = h.clock.now();
    expect(await ask(p, now)).toBe(1);
    expect(await consume(p, `risk:${p.patientId}:${now.getTime()}`, now)).toEqual({ outcome: 'processed', statusChanged: true });
    const after = await storedRisk(h.db, p.patientId);
    expect(await consume(p, `risk:${p.patientId}:${now.getTime()}`, new Date(now.getTime() + DAY))).toEqual({ outcome: 'skipped_duplicate', statusChanged: false });
    expect(await storedRisk(h.db, p.patientId)).toEqual(after);
    expect([await auditCount(h.db, p.patientId), await outboxCount(h.db, RISK_STATUS_CHANGED, p.patientId)]).toEqual([1, 1]);
  });

  it('when the score crosses the thresholds, then at_risk is entered at 60, kept at 45 and left below 45, each change audited and emitted once', async () => {
    const p = await onePatient();
    const now = h.clock.now();
    const at = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    // Never active (15) + no streak (5) + 3 of 3 recent check-ins missed (20 + 20) = 60.
    await seedCheckins(h.db, p, [{ dueAt: at(7), status: 'missed' }, { dueAt: at(14), status: 'missed' }, { dueAt: at(21), status: 'missed' }]);
    expect(await consume(p, 'd1', now)).toEqual({ outcome: 'processed', statusChanged: true });
    expect(await storedRisk(h.db, p.patientId)).toMatchObject({ status: 'at_risk', risk_score: 60, risk_band: 'high' });
    const audit = await withSystemBypass(h.db, 'test read', async (tx) => rowsOf<{ actor_role: string; changes: unknown }>(await tx.execute(sql`
      select actor_role, changes from audit_log where entity_id = ${p.patientId} and action = 'patient.risk_status_changed'`)));
    expect(audit).toEqual([{ actor_role: 'system', changes: { status: { before: 'active', after: 'at_risk' }, riskScore: { after: 60 } } }]);
    const event = await withSystemBypass(h.db, 'test read', async (tx) => rowsOf<{ queue: string; payload: unknown }>(await tx.execute(sql`
      select queue, payload from event_outbox where type = ${RISK_STATUS_CHANGED} and payload->>'patientId' = ${p.patientId}`)));
    expect(event).toEqual([{ queue: 'default', payload: { patientId: p.patientId, professionalId: p.professionalId, from: 'active', to: 'at_risk', score: 60 } }]);

    // Water logged now: active today (inactivity 0) → 45, not below the exit threshold: still at_risk, nothing emitted.
    await seedWater(h.db, p, new Date(now.getTime() - 3 * 3_600_000).toISOString().slice(0, 10), new Date(now.getTime() - 60_000).toISOString(), 250);
    expect(await consume(p, 'd2', now)).toEqual({ outcome: 'processed', statusChanged: false });
    expect(await storedRisk(h.db, p.patientId)).toMatchObject({ status: 'at_risk', risk_score: 45, risk_band: 'moderate' });
    expect([await auditCount(h.db, p.patientId), await outboxCount(h.db, RISK_STATUS_CHANGED, p.patientId)]).toEqual([1, 1]);

    // A newer check-in answered on time: 1 on time of 4 (15) + 3 missed (20) + streak (5) = 40 < 45 → active.
    await seedCheckins(h.db, p, [{ dueAt: at(1), status: 'submitted', submittedAt: at(1.5) }]);
    expect(await consume(p, 'd3', now)).toEqual({ outcome: 'processed', statusChanged: true });
    const stored = await storedRisk(h.db, p.patientId);
    expect(stored).toMatchObject({ status: 'active', risk_score: 40 });
    expect(stored?.status_changed_at).not.toBeNull();
    expect([await auditCount(h.db, p.patientId), await outboxCount(h.db, RISK_STATUS_CHANGED, p.patientId)]).toEqual([2, 2]);
    expect(await consume(p, 'd4', now)).toEqual({ outcome: 'processed', statusChanged: false });
    expect([await auditCount(h.db, p.patientId), await outboxCount(h.db, RISK_STATUS_CHANGED, p.patientId)]).toEqual([2, 2]);
  });

  it('when a request has been pending longer than the stale limit (its message lost), then the next event re-arms it with a new message', async () => {
    const p = await onePatient();
    const t0 = h.clock.now();
    expect(await ask(p, t0)).toBe(1);
    expect(await ask(p, new Date(t0.getTime() + RISK_RECALC_STALE_MS - 1000))).toBe(0);
    expect(await ask(p, new Date(t0.getTime() + RISK_RECALC_STALE_MS + 1000))).toBe(1);
    expect((await outboxRows(p.patientId)).map((r) => r.message_id)).toEqual([`risk:${p.patientId}:${t0.getTime()}`, `risk:${p.patientId}:${t0.getTime() + RISK_RECALC_STALE_MS + 1000}`]);
  });

  it('when the patient was deleted, then the consumer skips it and removes its request', async () => {
    const p = await onePatient();
    const now = h.clock.now();
    await ask(p, now);
    await withSystemBypass(h.db, 'test: soft delete', (tx) => tx.execute(sql`update patients set deleted_at = now() where id = ${p.patientId}`));
    expect(await consume(p, 'gone-1', now)).toEqual({ outcome: 'skipped_missing', statusChanged: false });
    expect(await requestRow(p.patientId)).toBeUndefined();
  });

  it('when the nightly run reads a tenant once and writes in small batches, then every live patient is recalculated once and a rerun changes no status', async () => {
    const t = await seedRiskTenant(h.db, { patients: 7 });
    const now = h.clock.now();
    const missed = [7, 14, 21].map((d) => ({ dueAt: new Date(now.getTime() - d * DAY).toISOString(), status: 'missed' as const }));
    for (const id of t.patientIds.slice(0, 3)) await seedCheckins(h.db, { professionalId: t.professionalId, patientId: id }, missed);
    await withSystemBypass(h.db, 'test: soft delete', (tx) => tx.execute(sql`update patients set deleted_at = now() where id = ${t.patientIds[6]!}`));

    const first = await recalculateRiskNightly(h.db, { now, writeBatchSize: 4, professionalIds: [t.professionalId] });
    expect(first).toEqual({ writes: 2, patients: 6, statusChanges: 3 });
    const computed = await countRows(h.db, sql`select count(*)::int as n from patients where professional_id = ${t.professionalId} and risk_computed_at = ${now.toISOString()}::timestamptz`);
    expect(computed).toBe(6);
    expect(await countRows(h.db, sql`select count(*)::int as n from patients where professional_id = ${t.professionalId} and status = 'at_risk'`)).toBe(3);
    expect(await recalculateRiskNightly(h.db, { now: new Date(now.getTime() + 60_000), writeBatchSize: 2, professionalIds: [t.professionalId] }))
      .toEqual({ writes: 3, patients: 6, statusChanges: 0 });
    expect(await countRows(h.db, sql`select count(*)::int as n from audit_log where professional_id = ${t.professionalId} and action = 'patient.risk_status_changed'`)).toBe(3);
  });
});
