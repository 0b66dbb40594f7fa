import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createCheckinStore, lifecycleColumns, OutboxWriter, rowsOf, sweepCheckins, tables, toState, withSystemBypass } from '@korevitta/db';
import { advanceCheckin, catchUp, evolveAll, type CheckinState } from '@korevitta/domain';
import { ids, systemCheckinDeps } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { checkinWorld, putSchedule, timingDelivery, travel, weekly, type CheckinWorld } from './support.ts';

/**
 * The check-in engine under the four message faults (TEST-CATALOG 34–37) and a consumer killed mid-work (38):
 * scheduled timing messages drive each instance, the check_missed_checkins sweep guards them, and the state
 * machine makes every path converge on one history — opened at opensAt, late at dueAt, missed at grace end —
 * with exactly one next instance.
 */
const OPENS = new Date('2026-12-01T12:00:00.000Z');
const DUE = new Date('2026-12-02T12:00:00.000Z');
const GRACE = new Date('2026-12-03T12:00:00.000Z');
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe('check-in engine: timing messages and the sweep', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  async function scheduled(): Promise<{ w: CheckinWorld; id: string; delivery: ReturnType<typeof timingDelivery> }> {
    const w = await checkinWorld(h);
    const res = await putSchedule(h, w);
    expect(res.status).toBe(201);
    return { w, id: res.body.current.id, delivery: timingDelivery(h, w.pro.professionalId) };
  }
  const stateOf = (id: string) => withSystemBypass(h.db, 'test: read check-in', async (tx) => {
    const [row] = await tx.select().from(tables.checkins).where(eq(tables.checkins.id, id));
    return row ? toState(row) : null;
  });
  const instances = (patientId: string) => withSystemBypass(h.db, 'test: instances', (tx) =>
    tx.select({ id: tables.checkins.id, status: tables.checkins.status, dueAt: tables.checkins.dueAt }).from(tables.checkins)
      .where(eq(tables.checkins.patientId, patientId)).orderBy(tables.checkins.dueAt));
  const timingMessagesOf = (checkinId: string) => withSystemBypass(h.db, 'test: outbox', async (tx) => rowsOf<{ message_id: string }>(await tx.execute(sql`
    select message_id from event_outbox where payload->>'checkinId' = ${checkinId} order by message_id`)).map((r) => r.message_id));
  const exactHistory = (s: CheckinState | null) => expect(s).toMatchObject({ status: 'missed', openedAt: OPENS, lateAt: DUE, missedAt: GRACE });

  it('when the messages arrive on time, then open → late → missed at their instants, and the next instance comes with its three messages', async () => {
    const { w, id, delivery } = await scheduled();
    expect(await timingMessagesOf(id)).toEqual([`checkin:${id}:mark_due`, `checkin:${id}:mark_grace_ended`, `checkin:${id}:open`]);
    await delivery.relay();
    // Scheduled delivery: nothing arrives before its instant.
    h.clock.set(plus(OPENS, -1));
    await delivery.drain();
    expect(await stateOf(id)).toMatchObject({ status: 'scheduled' });
    h.clock.set(OPENS);
    await delivery.drain();
    expect(await stateOf(id)).toMatchObject({ status: 'pending', openedAt: OPENS });
    h.clock.set(DUE);
    await delivery.drain();
    expect(await stateOf(id)).toMatchObject({ status: 'late', lateAt: DUE });
    h.clock.set(GRACE);
    await delivery.drain();
    exactHistory(await stateOf(id));
    const all = await instances(w.patient.patientId);
    expect(all.map((i) => [i.status, i.dueAt.toISOString()])).toEqual([['missed', DUE.toISOString()], ['scheduled', '2026-12-09T12:00:00.000Z']]);
    expect(await timingMessagesOf(all[1]!.id)).toHaveLength(3);
    delivery.stop();
  });

  it('when a message is delivered twice (redelivery) or re-published (same id), then the step happens once', async () => {
    const { id, w, delivery } = await scheduled();
    const published = await delivery.relay();
    expect(published).toHaveLength(3);
    // Re-publishing the same message id collapses in the queue's duplicate detection.
    const again = await h.rt.localQueue!.enqueue('default', { messageId: `checkin:${id}:mark_due`, type: 'checkins.step_due', version: 1, occurredAt: OPENS.toISOString(), correlationId: null, payload: {} });
    expect(again).toMatchObject({ accepted: false });
    h.clock.set(DUE);
    const payload = { checkinId: id, patientId: w.patient.patientId, dueAt: DUE.toISOString(), step: 'mark_due' };
    await delivery.send(ids.newId(), payload);
    await delivery.send(ids.newId(), payload);
    await delivery.drain();
    const s = await stateOf(id);
    expect(s).toMatchObject({ status: 'late', openedAt: OPENS, lateAt: DUE });
    expect(await instances(w.patient.patientId)).toHaveLength(1);
    delivery.stop();
  });

  it('when the messages arrive out of order (grace end first), then no step is skipped and the late ones change nothing', async () => {
    const { id, w, delivery } = await scheduled();
    h.clock.set(plus(GRACE, 60_000));
    const base = { checkinId: id, patientId: w.patient.patientId, dueAt: DUE.toISOString() };
    await delivery.send(ids.newId(), { ...base, step: 'mark_grace_ended' });
    await delivery.drain();
    exactHistory(await stateOf(id));
    await delivery.send(ids.newId(), { ...base, step: 'mark_due' });
    await delivery.send(ids.newId(), { ...base, step: 'open' });
    await delivery.drain();
    exactHistory(await stateOf(id));
    expect((await instances(w.patient.patientId)).map((i) => i.status)).toEqual(['missed', 'scheduled']);
    delivery.stop();
  });

  it('when every message is lost, then the sweep records the same history at the same instants, creates the next instance once, and a second sweep does nothing', async () => {
    const { id, w } = await scheduled();
    const only = [w.pro.professionalId];
    const early = await sweepCheckins(h.db, { now: plus(OPENS, -1), professionalIds: only });
    expect(early.advanced).toBe(0);
    const late = await sweepCheckins(h.db, { now: plus(DUE, 3_600_000), professionalIds: only });
    expect(late).toMatchObject({ advanced: 1, late: 1, missed: 0, created: 0 });
    expect(await stateOf(id)).toMatchObject({ status: 'late', openedAt: OPENS, lateAt: DUE });
    const missed = await sweepCheckins(h.db, { now: plus(GRACE, 3_600_000), professionalIds: only });
    expect(missed).toMatchObject({ advanced: 1, missed: 1, created: 1 });
    exactHistory(await stateOf(id));
    const all = await instances(w.patient.patientId);
    expect(all.map((i) => i.status)).toEqual(['missed', 'scheduled']);
    expect(await timingMessagesOf(all[1]!.id)).toHaveLength(3);
    expect(await sweepCheckins(h.db, { now: plus(GRACE, 3_600_000), professionalIds: only })).toMatchObject({ advanced: 0, created: 0 });
  });

  it('when old messages are replayed after the patient answered, then nothing changes and no extra instance appears', async () => {
    const { id, w, delivery } = await scheduled();
    await travel(h, w, plus(OPENS, 3_600_000));
    const answered = await h.api.post(`/v1/checkins/${id}/submit`, { formContentVersion: 1, answers: { peso: 77, humor: 4 } }, { token: w.patientToken });
    expect(answered.status).toBe(200);
    const before = await stateOf(id);
    h.clock.set(plus(GRACE, 60_000));
    await delivery.relay();
    await delivery.drain();
    const base = { checkinId: id, patientId: w.patient.patientId, dueAt: DUE.toISOString() };
    for (const step of ['open', 'mark_due', 'mark_grace_ended']) await delivery.send(ids.newId(), { ...base, step });
    await delivery.drain();
    expect(await stateOf(id)).toEqual(before);
    const all = await instances(w.patient.patientId);
    expect(all.map((i) => i.status)).toEqual(['submitted', 'scheduled']);
    delivery.stop();
  });

  it('when the consumer dies mid-work (after the state change, before commit), then nothing of it remains and the redelivery applies the step once', async () => {
    const { id, w, delivery } = await scheduled();
    h.clock.set(GRACE);
    const crash = withSystemBypass(h.db, 'test: consumer killed', async (tx) => {
      const deps = systemCheckinDeps(tx, { professionalId: w.pro.professionalId, correlationId: null, now: GRACE });
      const real = new OutboxWriter(tx);
      let appended = 0;
      deps.outbox = { append: async (e, m) => { appended += 1; if (appended === 2) throw new Error('worker killed'); await real.append(e, m); } };
      return advanceCheckin(deps, { checkinId: id, step: 'mark_grace_ended' });
    });
    await expect(crash).rejects.toThrow('worker killed');
    expect(await stateOf(id)).toMatchObject({ status: 'scheduled' });
    expect(await instances(w.patient.patientId)).toHaveLength(1);

    await delivery.send(ids.newId(), { checkinId: id, patientId: w.patient.patientId, dueAt: DUE.toISOString(), step: 'mark_grace_ended' });
    await delivery.drain();
    exactHistory(await stateOf(id));
    expect((await instances(w.patient.patientId)).map((i) => i.status)).toEqual(['missed', 'scheduled']);
    delivery.stop();
  });

  it('when the worker holding a message dies (its lock is never settled), then the message comes back after the lock expires and the step happens once', async () => {
    const { id, w, delivery } = await scheduled();
    h.clock.set(DUE);
    await delivery.send(ids.newId(), { checkinId: id, patientId: w.patient.patientId, dueAt: DUE.toISOString(), step: 'mark_due' });
    const taken = await h.rt.localQueue!.receive('default', { max: 10, lockMs: 60_000 });
    expect(taken).toHaveLength(1);
    // The worker is gone: no completion, no abandon. Until the lock expires nobody else gets the message.
    await delivery.drain();
    expect(await stateOf(id)).toMatchObject({ status: 'scheduled' });
    h.clock.set(plus(DUE, 61_000));
    await delivery.drain();
    expect(await stateOf(id)).toMatchObject({ status: 'late', openedAt: OPENS, lateAt: DUE });
    expect(await instances(w.patient.patientId)).toHaveLength(1);
    delivery.stop();
  });

  it('when the schedule is disabled, or the patient paused, then the missed check-in closes and no next one is created', async () => {
    const disabled = await scheduled();
    expect((await putSchedule(h, disabled.w, { ...weekly(disabled.w.formId), enabled: false })).status).toBe(200);
    const paused = await scheduled();
    await withSystemBypass(h.db, 'test: pause patient', (tx) => tx.update(tables.patients).set({ status: 'paused' }).where(eq(tables.patients.id, paused.w.patient.patientId)));
    const swept = await sweepCheckins(h.db, { now: plus(GRACE, 1), professionalIds: [disabled.w.pro.professionalId, paused.w.pro.professionalId] });
    expect(swept).toMatchObject({ advanced: 2, missed: 2, created: 0 });
    for (const x of [disabled, paused]) expect((await instances(x.w.patient.patientId)).map((i) => i.status)).toEqual(['missed']);
  });

  it('when the sweep runs over instances at every point of their window, then each lands exactly where the pure catchUp says', async () => {
    const w = await checkinWorld(h);
    const now = new Date('2026-12-05T12:00:00.000Z');
    let seed = 42;
    const rand = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
    const H = 3_600_000;
    const states: CheckinState[] = [];
    for (let i = 0; i < 60; i += 1) {
      const opensAt = new Date(now.getTime() + Math.round((rand() * 96 - 72) * H) + i);
      const dueAt = new Date(opensAt.getTime() + Math.round(rand() * 30 * H));
      const graceEndsAt = new Date(dueAt.getTime() + Math.round(rand() * 48 * H));
      const base = { checkinId: ids.newId(), patientId: w.patient.patientId, formId: w.formId, formVersion: 1, opensAt, dueAt, graceEndsAt };
      const kind = i % 3;
      states.push(kind === 0 ? { ...base, status: 'scheduled' } : kind === 1 ? { ...base, status: 'pending', openedAt: opensAt } : { ...base, status: 'late', openedAt: opensAt, lateAt: dueAt });
    }
    await withSystemBypass(h.db, 'test: seed instances', async (tx) => {
      const store = createCheckinStore(tx);
      for (const s of states) expect(await store.insertInstance(s, w.pro.professionalId, now)).toBe(true);
    });
    await sweepCheckins(h.db, { now, professionalIds: [w.pro.professionalId], batchSize: 7 });
    const rows = await withSystemBypass(h.db, 'test: read', (tx) => tx.select().from(tables.checkins).where(and(eq(tables.checkins.patientId, w.patient.patientId))));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const s of states) {
      const expected = evolveAll(s, catchUp(s, now));
      const row = byId.get(s.checkinId)!;
      expect(toState(row)).toEqual(expected);
      expect(row.nextTransitionAt).toEqual(lifecycleColumns(expected).nextTransitionAt);
    }
  });
  it('when two sweeps overlap (a slow run and the next timer tick), then every due step is taken exactly once', async () => {
    const w = await checkinWorld(h);
    const now = new Date('2026-12-06T12:00:00.000Z');
    const states: CheckinState[] = Array.from({ length: 40 }, (_, i) => {
      const dueAt = new Date(now.getTime() - (i + 1) * 3_600_000);
      return { status: 'pending', checkinId: ids.newId(), patientId: w.patient.patientId, formId: w.formId, formVersion: 1, opensAt: new Date(dueAt.getTime() - 86_400_000), dueAt, graceEndsAt: new Date(dueAt.getTime() + 48 * 3_600_000), openedAt: new Date(dueAt.getTime() - 86_400_000) };
    });
    await withSystemBypass(h.db, 'test: seed instances', async (tx) => {
      const store = createCheckinStore(tx);
      for (const st of states) expect(await store.insertInstance(st, w.pro.professionalId, now)).toBe(true);
    });
    const only = [w.pro.professionalId];
    const [a, b] = await Promise.all([sweepCheckins(h.db, { now, professionalIds: only, batchSize: 3 }), sweepCheckins(h.db, { now, professionalIds: only, batchSize: 3 })]);
    // A follow-up run finds nothing left: the two overlapping runs took every step, none twice.
    const c = await sweepCheckins(h.db, { now, professionalIds: only, batchSize: 3 });
    expect({ advanced: a.advanced + b.advanced, late: a.late + b.late, after: c.advanced }).toEqual({ advanced: 40, late: 40, after: 0 });
    const rows = await withSystemBypass(h.db, 'test: read', (tx) => tx.select().from(tables.checkins).where(eq(tables.checkins.patientId, w.patient.patientId)));
    expect(rows.every((r) => r.status === 'late' && r.lateAt?.getTime() === r.dueAt.getTime())).toBe(true);
  });
});
