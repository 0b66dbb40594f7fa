import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { recalculateRiskNightly, type Database } from '@korevitta/db';
import { openTestDatabase } from '../support/database.ts';
import { countRows, seedCheckins, seedRiskTenant } from './support.ts';

const NOW = new Date('2026-03-10T15:00:00Z');
const DAY = 86_400_000;

/** The nightly run cut into id ranges processed two at a time (recalculate.ts): same result as one read. */
describe('nightly risk recalculation in concurrent id ranges', () => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase(); });
  afterAll(async () => { await db.close(); });

  it('when 11 patients are read in ranges of 2 by 2 workers, then each is recalculated once and every status change is counted', async () => {
    const t = await seedRiskTenant(db, { patients: 11 });
    const missed = [7, 14, 21].map((d) => ({ dueAt: new Date(NOW.getTime() - d * DAY).toISOString(), status: 'missed' as const }));
    for (const id of t.patientIds.slice(0, 5)) await seedCheckins(db, { professionalId: t.professionalId, patientId: id }, missed);

    const first = await recalculateRiskNightly(db, { now: NOW, writeBatchSize: 1, readBatchSize: 2, concurrency: 2, professionalIds: [t.professionalId] });
    expect(first).toEqual({ writes: 11, patients: 11, statusChanges: 5 });
    expect(await countRows(db, sql`select count(*)::int as n from patients where professional_id = ${t.professionalId} and risk_computed_at = ${NOW.toISOString()}::timestamptz`)).toBe(11);
    expect(await countRows(db, sql`select count(*)::int as n from patients where professional_id = ${t.professionalId} and status = 'at_risk'`)).toBe(5);
    expect(await countRows(db, sql`select count(*)::int as n from audit_log where professional_id = ${t.professionalId} and action = 'patient.risk_status_changed'`)).toBe(5);
    expect(await recalculateRiskNightly(db, { now: new Date(NOW.getTime() + 60_000), readBatchSize: 3, concurrency: 3, professionalIds: [t.professionalId] }))
      .toEqual({ writes: 4, patients: 11, statusChanges: 0 });
  });
});
