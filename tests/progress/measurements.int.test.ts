import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { readRiskSignals, rowsOf, withSystemBypass } from '@korevitta/db';
import { progressWorld, startTestHost, type ProgressWorld, type TestHost } from './support.ts';

/** Issue 10: body measurements over HTTP (attribution, plausibility, derived values, series, activity). */
describe('body measurements', () => {
  let h: TestHost;
  let a: ProgressWorld;
  let b: ProgressWorld;
  const url = (w: ProgressWorld) => `/v1/patients/${w.patientId}/measurements`;

  beforeAll(async () => {
    h = await startTestHost();
    h.clock.set(new Date('2026-12-02T15:00:00Z'));
    a = await progressWorld(h);
    b = await progressWorld(h, 'Outra');
  });
  afterAll(async () => { await h.stop(); });

  it('when the professional and then the patient record measurements, then each is attributed and derived values come back', async () => {
    const first = await h.api.post(url(a), { measuredOn: '2026-11-01', weightKg: 80, heightCm: 180, waistCm: 92, hipCm: 100 }, { token: a.pro.accessToken });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`${url(a)}/${first.body.id}`);
    expect(first.body).toMatchObject({ recordedBy: 'professional', weightKg: 80, bmi: 24.7, waistToHipRatio: 0.92, changeSinceFirst: {}, bodyFatPct: null });
    const second = await h.api.post(url(a), { measuredOn: '2026-12-01', weightKg: 78.5, bodyFatPct: 22 }, { token: a.patientToken });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ recordedBy: 'patient', bmi: 24.2, changeSinceFirst: { weightKg: -1.5 }, changeSincePrevious: { weightKg: -1.5 } });
    const got = await h.api.get(first.headers.get('location') ?? '', { token: a.patientToken });
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(first.body.id);
  });

  it('when a value is implausible, the entry is empty or in the future, then 400 naming the field', async () => {
    const tooHeavy = await h.api.post(url(a), { measuredOn: '2026-11-20', weightKg: 401 }, { token: a.pro.accessToken });
    expect(tooHeavy.status).toBe(400);
    expect(tooHeavy.body.errors).toEqual([expect.objectContaining({ pointer: '/body/weightKg', code: 'too_large' })]);
    const fat = await h.api.post(url(a), { measuredOn: '2026-11-20', bodyFatPct: 1 }, { token: a.pro.accessToken });
    expect(fat.body.errors[0]).toMatchObject({ pointer: '/body/bodyFatPct', code: 'too_small' });
    const empty = await h.api.post(url(a), { measuredOn: '2026-11-20', weightKg: null }, { token: a.pro.accessToken });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0]).toMatchObject({ pointer: '/body', code: 'no_measurement' });
    const future = await h.api.post(url(a), { measuredOn: '2026-12-03', weightKg: 70 }, { token: a.pro.accessToken });
    expect(future.body.errors[0]).toMatchObject({ pointer: '/body/measuredOn', code: 'in_future' });
    const unknown = await h.api.post(url(a), { measuredOn: '2026-11-20', weight: 70 }, { token: a.pro.accessToken });
    expect(unknown.body.errors[0]).toMatchObject({ pointer: '/body/weight', code: 'unknown_field' });
  });

  it('when the list is read, then newest first in pages, with chart columns of the whole range', async () => {
    await h.api.post(url(a), { measuredOn: '2026-11-15', weightKg: 79 }, { token: a.pro.accessToken });
    const page1 = await h.api.get(`${url(a)}?limit=2`, { token: a.pro.accessToken });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((m: { measuredOn: string }) => m.measuredOn)).toEqual(['2026-12-01', '2026-11-15']);
    expect(page1.body.series.measuredOn).toEqual(['2026-11-01', '2026-11-15', '2026-12-01']);
    expect(page1.body.series.weightKg).toEqual([80, 79, 78.5]);
    expect(page1.body.series.bmi).toEqual([24.7, 24.4, 24.2]);
    const page2 = await h.api.get(`${url(a)}?limit=2&cursor=${page1.body.nextCursor}`, { token: a.pro.accessToken });
    expect(page2.body.items.map((m: { measuredOn: string }) => m.measuredOn)).toEqual(['2026-11-01']);
    expect(page2.body.nextCursor).toBeNull();
    const ranged = await h.api.get(`${url(a)}?from=2026-11-10&to=2026-11-30`, { token: a.patientToken });
    expect(ranged.body.series.measuredOn).toEqual(['2026-11-15']);
    expect(ranged.body.items[0].changeSinceFirst).toEqual({ weightKg: -1 });
    expect((await h.api.get(`${url(a)}?cursor=not-a-cursor`, { token: a.pro.accessToken })).status).toBe(400);
  });

  it("when another professional or another patient uses A's patient, then 404 and nothing is written", async () => {
    for (const token of [b.pro.accessToken, b.patientToken]) {
      expect((await h.api.get(url(a), { token })).status).toBe(404);
      expect((await h.api.post(url(a), { measuredOn: '2026-11-20', weightKg: 70 }, { token })).status).toBe(404);
    }
    const rows = await withSystemBypass(h.db, 'test', async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from body_measurements where patient_id = ${a.patientId}`)));
    expect(rows[0]?.n).toBe(3);
  });

  it("when the patient records a measurement, then its risk is queued for recalculation and it counts as today's activity", async () => {
    const before = await withSystemBypass(h.db, 'test', (tx) => readRiskSignals(tx, { kind: 'ids', patientIds: [b.patientId] }, h.clock.now(), { lock: false }));
    expect(before[0]?.signals.daysSinceLastActivity).toBeNull();
    expect((await h.api.post(url(b), { measuredOn: '2026-12-02', waistCm: 85 }, { token: b.pro.accessToken })).status).toBe(201);
    const afterPro = await withSystemBypass(h.db, 'test', (tx) => readRiskSignals(tx, { kind: 'ids', patientIds: [b.patientId] }, h.clock.now(), { lock: false }));
    expect(afterPro[0]?.signals.daysSinceLastActivity).toBeNull();
    expect((await h.api.post(url(b), { measuredOn: '2026-12-02', weightKg: 66 }, { token: b.patientToken })).status).toBe(201);
    const requests = await withSystemBypass(h.db, 'test', async (tx) => rowsOf<{ reason: string }>(await tx.execute(sql`select reason from risk_recalc_requests where patient_id = ${b.patientId}`)));
    expect(requests).toEqual([{ reason: 'measurement_recorded' }]);
    const signals = await withSystemBypass(h.db, 'test', (tx) => readRiskSignals(tx, { kind: 'ids', patientIds: [b.patientId] }, new Date('2026-12-05T15:00:00Z'), { lock: false }));
    expect(signals[0]?.signals.daysSinceLastActivity).toBe(3);
  });
});
