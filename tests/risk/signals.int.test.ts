import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { readRiskSignals, withSystemBypass, withTenant, type Database } from '@korevitta/db';
import { checkinSignals, addDays, type RiskSignals } from '@korevitta/domain';
import { openTestDatabase } from '../support/database.ts';
import { seedCheckins, seedRiskTenant, seedTaskDay, seedWater, type RiskPatient, type SeedCheckin } from './support.ts';

// 15:00Z is 12:00 in São Paulo: the patient's today is 2026-03-10, its last complete day 2026-03-09.
const NOW = new Date('2026-03-10T15:00:00Z');
const TODAY = '2026-03-10';

const CHECKINS: SeedCheckin[] = [
  { dueAt: '2026-03-16T12:00:00Z', status: 'pending' }, // open: not closed, ignored
  { dueAt: '2026-03-09T12:00:00Z', status: 'submitted', submittedAt: '2026-03-09T10:00:00Z' }, // on time
  { dueAt: '2026-03-02T12:00:00Z', status: 'reviewed', submittedAt: '2026-03-03T12:00:00Z' }, // 24 h late
  { dueAt: '2026-02-23T12:00:00Z', status: 'missed' },
  { dueAt: '2026-02-16T12:00:00Z', status: 'submitted', submittedAt: '2026-02-16T18:00:00Z' }, // 6 h late
  { dueAt: '2026-02-09T12:00:00Z', status: 'submitted', submittedAt: '2026-02-09T11:00:00Z' }, // on time
  { dueAt: '2026-02-02T12:00:00Z', status: 'missed' },
  { dueAt: '2026-01-26T12:00:00Z', status: 'submitted', submittedAt: '2026-01-26T11:00:00Z' }, // the 7th closed: outside the last 6
];

describe('risk signals: one set-based statement over tasks, water and check-ins', () => {
  let db: Database;
  let busy: RiskPatient;
  let quiet: RiskPatient;
  let tokyo: RiskPatient;
  let professionalId: string;
  let userId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    const t = await seedRiskTenant(db, { patients: 3, timezones: ['America/Sao_Paulo', 'America/Sao_Paulo', 'Asia/Tokyo'] });
    professionalId = t.professionalId;
    userId = t.userId;
    const [b, q, k] = t.patientIds as [string, string, string];
    busy = { professionalId, patientId: b };
    quiet = { professionalId, patientId: q };
    tokyo = { professionalId, patientId: k };

    // busy: 2 meals a day and a 2,000 ml goal from 02-08 (today − 30) to today.
    // 02-08..03-02: 1 of 2 done; 03-03: 0; 03-04: 1; 03-05..03-09: 2 of 2; today: 2 of 2 (today never counts).
    for (let date = addDays(TODAY, -30); date <= TODAY; date = addDays(date, 1)) {
      const done = date <= '2026-03-02' ? 1 : date === '2026-03-03' ? 0 : date === '2026-03-04' ? 1 : 2;
      await seedTaskDay(db, busy, date, { meals: 2, done, goalMl: 2000, ...(date === TODAY ? { completedAt: '2026-03-10T11:00:00Z' } : {}) });
    }
    // A task 31 days back is outside every window.
    await seedTaskDay(db, busy, addDays(TODAY, -31), { meals: 2, done: 0, goalMl: 2000 });
    // Water (local dates): 03-03 333 ml, 03-04 500, 03-05 2000, 03-06 none, 03-07 1500, 03-08 1000, 03-09 2500 (capped at 100 %).
    const water: [string, number][] = [['2026-03-03', 333], ['2026-03-04', 500], ['2026-03-05', 2000], ['2026-03-07', 1500], ['2026-03-08', 1000], ['2026-03-09', 1500], ['2026-03-09', 1000]];
    for (const [date, ml] of water) await seedWater(db, busy, date, `${date}T14:00:00Z`, ml);
    await seedWater(db, busy, '2026-03-02', '2026-03-02T14:00:00Z', 5000); // outside the 7 days
    await seedWater(db, busy, TODAY, '2026-03-10T12:00:00Z', 300); // today: activity, not hydration
    await seedCheckins(db, busy, CHECKINS);

    // tokyo: 2026-03-10T15:00Z is 00:00 on 03-11 in Tokyo: its last complete day is 03-10; all its tasks of 03-10 done.
    await seedTaskDay(db, tokyo, '2026-03-10', { meals: 4, done: 4, completedAt: '2026-03-10T10:00:00Z' });
    await seedTaskDay(db, tokyo, '2026-03-09', { meals: 4, done: 3, completedAt: '2026-03-09T10:00:00Z' });
  });
  afterAll(async () => { await db.close(); });

  const read = (ids: string[]) => withSystemBypass(db, 'test: signals', (tx) => readRiskSignals(tx, { kind: 'ids', patientIds: ids }, NOW, { lock: false }));

  it('when a patient has 30 days of tasks, water and check-ins, then each signal is what the hand computation and checkinSignals say', async () => {
    const [row] = await read([busy.patientId]);
    const fromCheckins = checkinSignals(CHECKINS.filter((c) => c.status !== 'pending').map((c) => ({ dueAt: new Date(c.dueAt), submittedAt: c.submittedAt ? new Date(c.submittedAt) : null })));
    const expected: RiskSignals = {
      ...fromCheckins,
      adherence7d: 0.7857, // 03-03..03-09: (0 + 1 + 5 × 2) / 14
      adherence30d: 0.5667, // 02-08..03-09: (23 × 1 + 11) / 60
      hydration7d: 0.524, // (17 + 25 + 100 + 0 + 75 + 50 + 100) / 7 = 52.4 %
      streakDays: 5, // 03-05..03-09 complete, 03-04 at 50 %
      daysSinceLastActivity: 0, // water today at 12:00Z
    };
    expect(fromCheckins).toEqual({ onTimeRate: 0.3333, missedCheckins: 2, averageDelayHours: 15 });
    expect(row?.signals).toEqual(expected);
    expect(row?.lastActivityAt?.toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(row).toMatchObject({ professionalId, status: 'active' });
  });

  it('when a patient has no data at all, then the signals say "no data" and never active; a stored last activity counts in its time zone', async () => {
    const [row] = await read([quiet.patientId]);
    expect(row?.signals).toEqual({ onTimeRate: null, missedCheckins: 0, averageDelayHours: null, adherence7d: null, adherence30d: null, hydration7d: null, streakDays: 0, daysSinceLastActivity: null });
    await withSystemBypass(db, 'test: stored activity', (tx) => tx.execute(sqlSetActivity(quiet.patientId, '2026-02-01T01:00:00Z')));
    const [again] = await read([quiet.patientId]);
    // 2026-02-01T01:00Z is 01-31 22:00 in São Paulo: 38 calendar days before 03-10.
    expect(again?.signals.daysSinceLastActivity).toBe(38);
  });

  it('when the patient lives in another time zone, then its windows end at its own yesterday', async () => {
    const [row] = await read([tokyo.patientId]);
    expect(row?.signals).toMatchObject({ adherence7d: 0.875, adherence30d: 0.875, streakDays: 1, daysSinceLastActivity: 1, hydration7d: null });
  });

  it('when several patients are read at once or in keyset batches, then each gets its own signals, in id order', async () => {
    const all = await read([tokyo.patientId, busy.patientId, quiet.patientId]);
    expect(all.map((r) => r.patientId)).toEqual([busy.patientId, quiet.patientId, tokyo.patientId].sort());
    const first = await withSystemBypass(db, 'test: batch', (tx) => readRiskSignals(tx, { kind: 'batch', afterPatientId: null, batchSize: 2, professionalIds: [professionalId] }, NOW, { lock: true }));
    const rest = await withSystemBypass(db, 'test: batch', (tx) => readRiskSignals(tx, { kind: 'batch', afterPatientId: first.at(-1)?.patientId ?? null, batchSize: 2, professionalIds: [professionalId] }, NOW, { lock: true }));
    expect([...first, ...rest]).toEqual(all);
  });

  it('when the professional reads the signals in its tenant transaction, then RLS lets it see the same facts', async () => {
    const ctx = { userId, role: 'professional' as const, professionalId, patientId: null };
    const [row] = await withTenant(db, ctx, (tx) => readRiskSignals(tx, { kind: 'ids', patientIds: [busy.patientId] }, NOW, { lock: false }));
    expect(row?.signals).toEqual((await read([busy.patientId]))[0]?.signals);
    const stranger = { ...ctx, professionalId: (await seedRiskTenant(db)).professionalId };
    expect(await withTenant(db, stranger, (tx) => readRiskSignals(tx, { kind: 'ids', patientIds: [busy.patientId] }, NOW, { lock: false }))).toEqual([]);
  });
});

const sqlSetActivity = (patientId: string, at: string) => sql`update patients set last_activity_at = ${at}::timestamptz where id = ${patientId}`;
