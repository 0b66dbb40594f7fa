import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withTenant, type Database } from '@korevitta/db';
import { openTestDatabase, isRealPostgres } from '../support/database.ts';
import { seedTenant, type SeededTenant } from '../support/tenants.ts';

/** Deterministic PRNG (mulberry32) so a failing interleaving can be replayed from its seed. */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.KV_POOL_TEST_SEED ?? 20261129);
const OPERATIONS = 10_000;

/** TEST-CATALOG 23: tenant context never survives its transaction on a pooled connection. */
describe('pool isolation under interleaved tenants', () => {
  let db: Database;
  let tenants: [SeededTenant, SeededTenant];
  beforeAll(async () => {
    db = await openTestDatabase({ poolMax: 2 });
    tenants = [await seedTenant(db, 3), await seedTenant(db, 3)];
  });
  afterAll(async () => { await db.close(); });

  it(`when ${OPERATIONS} seeded A/B transactions interleave on 1–2 connections, some rolling back, then no tenant ever sees the other`, async () => {
    const random = prng(SEED);
    const violations: string[] = [];
    let rollbacks = 0;
    const worker = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const which = random() < 0.5 ? 0 : 1;
        const me = tenants[which];
        const fail = random() < 0.2;
        try {
          await withTenant(db, me.ctx, async (tx) => {
            const rows = rowsOf<{ professional_id: string }>(await tx.execute(sql`select professional_id from patients`));
            if (rows.length === 0 || rows.some((r) => r.professional_id !== me.ctx.professionalId)) violations.push(`op ${i}: tenant ${which} saw ${rows.length} rows incl. foreign`);
            if (fail) throw new Error('forced rollback');
          });
        } catch (error) {
          if ((error as Error).message !== 'forced rollback') throw error;
          rollbacks += 1;
        }
        // Outside any transaction the connection must carry no tenant and run as the login, not the app role.
        const [leak] = rowsOf<{ pid: string | null; role: string }>(await db.orm.execute(sql`select nullif(current_setting('app.professional_id', true), '') as pid, current_user as role`));
        if (leak?.pid) violations.push(`op ${i}: setting survived: ${leak.pid}`);
        if (leak?.role === 'korevitta_app' || leak?.role === 'korevitta_system') violations.push(`op ${i}: role survived: ${leak.role}`);
      }
    };
    const parallel = isRealPostgres() ? 2 : 1;
    await Promise.all(Array.from({ length: parallel }, () => worker(OPERATIONS / parallel)));
    expect(violations).toEqual([]);
    expect(rollbacks).toBeGreaterThan(OPERATIONS * 0.1);
  }, 240_000);
});
