import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import { refreshAnalyticsView, rowsOf, withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
import { ids, refreshAnalytics, type Logger, type Runtime } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createProfessional, type Professional } from '../support/factories.ts';
import { isRealPostgres } from '../support/database.ts';
import { createPrivateDatabase } from '../support/private-database.ts';
import { pgCode } from '../support/pg-error.ts';
import { seedCheckins, seedTaskDay } from '../risk/support.ts';
import { auth, CONTENT } from '../protocols/support.ts';
import { ProtocolEffectivenessBody } from '../../functions/http/analytics/list-protocol-effectiveness.ts';

const DAY = 86_400_000;
const dayBefore = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const ago = (n: number) => new Date(Date.now() - n * DAY).toISOString();

type Who = { professionalId: string; patientId: string };

async function runProtocol(db: Database, protocolId: string, run: { activatedDaysAgo: number; archivedDaysAgo?: number }) {
  await withSystemBypass(db, 'test seed: protocol run', (tx) => tx.execute(sql`
    update protocols set status = ${run.archivedDaysAgo === undefined ? 'active' : 'archived'}, current_version = 1,
      activated_at = ${ago(run.activatedDaysAgo)}::timestamptz,
      archived_at = ${run.archivedDaysAgo === undefined ? null : ago(run.archivedDaysAgo)}::timestamptz
    where id = ${protocolId}`));
}

async function measure(db: Database, p: Who, daysAgo: number, m: { weightKg?: number; bodyFatPct?: number }) {
  await withSystemBypass(db, 'test seed: measurement', (tx) => tx.execute(sql`
    insert into body_measurements (id, professional_id, patient_id, measured_on, weight_kg, body_fat_pct, recorded_by_role, recorded_by_user_id)
    values (${ids.newId()}, ${p.professionalId}, ${p.patientId}, ${dayBefore(daysAgo)}::date, ${m.weightKg ?? null}, ${m.bodyFatPct ?? null}, 'professional', ${ids.newId()})`));
}

/**
 * Issue 12, TEST-CATALOG 24: mv_protocol_effectiveness per template (and per untemplated protocol), served per
 * tenant through app_ctx.protocol_effectiveness(); the numbers below are computed by hand from the seed.
 */
describe('GET /v1/analytics/protocol-effectiveness from mv_protocol_effectiveness', () => {
  let h: TestHost;
  let a: Professional;
  let b: Professional;
  let templateId: string;
  let ownProtocolId: string;
  let templateOfB: string;

  const createPatient = async (p: Professional, name: string) => {
    const res = await h.api.post('/v1/patients', { name }, auth(p));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const createTemplate = async (p: Professional, name: string) => {
    const res = await h.api.post('/v1/protocol-templates', { name, content: CONTENT }, auth(p));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const apply = async (p: Professional, template: string, patientId: string) => {
    const res = await h.api.post(`/v1/protocol-templates/${template}/apply`, { patientId }, auth(p));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const list = async (p: Professional, query = '') => {
    const res = await h.api.get(`/v1/analytics/protocol-effectiveness${query}`, auth(p));
    expect(res.status).toBe(200);
    return v.parse(ProtocolEffectivenessBody, res.body);
  };
  const ctxOf = (p: Professional): TenantContext => ({ userId: p.userId, role: 'professional', professionalId: p.professionalId, patientId: null });

  beforeAll(async () => {
    h = await startTestHost();
    a = await createProfessional(h);
    b = await createProfessional(h);
    templateId = await createTemplate(a, 'Emagrecimento 12 semanas');
    const [p1, p2, p3, p4] = [await createPatient(a, 'Paula Um'), await createPatient(a, 'Pedro Dois'), await createPatient(a, 'Priscila Tres'), await createPatient(a, 'Paulo Quatro')];
    const w1 = { professionalId: a.professionalId, patientId: p1 };
    const w2 = { professionalId: a.professionalId, patientId: p2 };

    // P1 on the template, active for 20 days: 8/10 tasks on each of the last 10 days (a day 25 days ago, before
    // the run, 0/10); check-ins in the run: answered, missed, answered (one 25 days ago, missed, is outside);
    // weight 90 → 88 → 86.5 and body fat 30 → 28 within the run (95 kg 25 days ago is outside).
    await runProtocol(h.db, await apply(a, templateId, p1), { activatedDaysAgo: 20 });
    for (let d = 1; d <= 10; d += 1) await seedTaskDay(h.db, w1, dayBefore(d), { meals: 10, done: 8 });
    await seedTaskDay(h.db, w1, dayBefore(25), { meals: 10, done: 0 });
    await seedCheckins(h.db, w1, [
      { dueAt: ago(15), status: 'submitted', submittedAt: ago(15) }, { dueAt: ago(8), status: 'missed' },
      { dueAt: ago(3), status: 'reviewed', submittedAt: ago(3) }, { dueAt: ago(25), status: 'missed' },
    ]);
    await measure(h.db, w1, 25, { weightKg: 95 });
    await measure(h.db, w1, 19, { weightKg: 90, bodyFatPct: 30 });
    await measure(h.db, w1, 10, { weightKg: 88 });
    await measure(h.db, w1, 2, { weightKg: 86.5, bodyFatPct: 28 });

    // P2 on the template from 40 to 22 days ago (archived): 5/10 tasks on 7 days, two check-ins answered, weight
    // 70 → 71 and a single body-fat value (no change to report).
    await runProtocol(h.db, await apply(a, templateId, p2), { activatedDaysAgo: 40, archivedDaysAgo: 22 });
    for (let d = 24; d <= 30; d += 1) await seedTaskDay(h.db, w2, dayBefore(d), { meals: 10, done: 5 });
    await seedCheckins(h.db, w2, [{ dueAt: ago(35), status: 'submitted', submittedAt: ago(35) }, { dueAt: ago(28), status: 'reviewed', submittedAt: ago(28) }]);
    await measure(h.db, w2, 38, { weightKg: 70, bodyFatPct: 25 });
    await measure(h.db, w2, 23, { weightKg: 71 });

    // P3 on a protocol written from scratch, active 10 days, nothing measured, one check-in still open.
    const own = await h.api.post(`/v1/patients/${p3}/protocols`, { name: 'Plano próprio', content: CONTENT }, auth(a));
    expect(own.status).toBe(201);
    ownProtocolId = own.body.id as string;
    await runProtocol(h.db, ownProtocolId, { activatedDaysAgo: 10 });
    await seedCheckins(h.db, { professionalId: a.professionalId, patientId: p3 }, [{ dueAt: new Date(Date.now() + DAY).toISOString(), status: 'pending' }]);

    // P4: a draft from the template, never active: not a run.
    await apply(a, templateId, p4);

    // B: its own template on its own patient.
    templateOfB = await createTemplate(b, 'Hipertrofia');
    await runProtocol(h.db, await apply(b, templateOfB, await createPatient(b, 'Outro Tenant')), { activatedDaysAgo: 5 });

    expect(await refreshAnalyticsView(h.db, 'mv_protocol_effectiveness')).toMatchObject({ outcome: 'refreshed' });
  });
  afterAll(async () => { await h.stop(); });

  it('when the professional opens it, then each template and each untemplated protocol shows the figures computed by hand', async () => {
    const body = await list(a);
    expect(body.computedAt).not.toBeNull();
    expect(body.nextCursor).toBeNull();
    expect(body.items).toEqual([
      {
        templateId, protocolId: null, name: 'Emagrecimento 12 semanas', patients: 2, runs: 2, activeRuns: 1,
        meanAdherence: 0.65, // (0.8 + 0.5) / 2
        checkins: { answered: 4, decided: 5, completionRate: 0.8 },
        weightChangeKg: { mean: -1.25, runs: 2 }, // (-3.5 + 1) / 2
        bodyFatChangePct: { mean: -2, runs: 1 },
      },
      {
        templateId: null, protocolId: ownProtocolId, name: 'Plano próprio', patients: 1, runs: 1, activeRuns: 1, meanAdherence: null,
        checkins: { answered: 0, decided: 0, completionRate: null }, weightChangeKg: { mean: null, runs: 0 }, bodyFatChangePct: { mean: null, runs: 0 },
      },
    ]);
  });

  it('when it is read a page at a time, then the cursor continues after the last group', async () => {
    const first = await list(a, '?limit=1');
    expect(first.items.map((i) => i.templateId)).toEqual([templateId]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(a, `?limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.protocolId)).toEqual([ownProtocolId]);
    expect(second.nextCursor).toBeNull();
  });

  it('when another professional opens it, then it sees only its own template, never A\'s rows (cross-tenant)', async () => {
    const body = await list(b);
    expect(body.items.map((i) => [i.templateId, i.name, i.patients])).toEqual([[templateOfB, 'Hipertrofia', 1]]);
    expect(JSON.stringify(body)).not.toContain(templateId);
  });

  it('when the app role selects the materialized view directly, then permission is denied; the function returns only the caller\'s rows', async () => {
    const direct = await withTenant(h.db, ctxOf(a), (tx) => tx.execute(sql`select * from analytics.mv_protocol_effectiveness`)).then(() => 'ok', (e: unknown) => pgCode(e));
    expect(direct).toBe('42501');
    const rows = await withTenant(h.db, ctxOf(b), async (tx) => rowsOf<{ group_id: string }>(await tx.execute(sql`select group_id from app_ctx.protocol_effectiveness(null, null, 100)`)));
    expect(rows).toEqual([{ group_id: templateOfB }]);
    const asPatient = await withTenant(h.db, { ...ctxOf(a), role: 'patient', patientId: ids.newId() }, async (tx) => rowsOf(await tx.execute(sql`select * from app_ctx.protocol_effectiveness(null, null, 100)`)));
    expect(asPatient).toEqual([]);
  });

  it('when nobody asks, then 401', async () => {
    expect((await h.api.get('/v1/analytics/protocol-effectiveness')).status).toBe(401);
  });

  it('when the cursor is tampered with, then 400, never a 500', async () => {
    const res = await h.api.get('/v1/analytics/protocol-effectiveness?cursor=eyJ2IjoxLCJrIjp7InBhdGllbnRzIjotMSwiZ3JvdXBJZCI6IngifX0', auth(a));
    expect(res.status).toBe(400);
  });
});

describe.runIf(isRealPostgres())('mv_protocol_effectiveness refresh failure', () => {
  it('when a refresh fails, then the last good rows stay, the failure is logged as the alert\'s signal and rethrown', async () => {
    const priv = await createPrivateDatabase();
    const db = await priv.open();
    try {
      const [pro, patient, protocol] = [ids.newId(), ids.newId(), ids.newId()];
      await priv.admin`insert into professionals (id, name) values (${pro}, 'Falha')`;
      await priv.admin`insert into patients (id, professional_id, name, timezone) values (${patient}, ${pro}, 'Paciente', 'America/Sao_Paulo')`;
      await priv.admin`insert into protocols (id, professional_id, patient_id, name, status, content, current_version, activated_at)
        values (${protocol}, ${pro}, ${patient}, 'Plano', 'active', '{}'::jsonb, 1, now() - interval '3 days')`;
      expect(await refreshAnalyticsView(db, 'mv_protocol_effectiveness')).toMatchObject({ outcome: 'refreshed' });
      const before = await priv.admin`select group_id, refreshed_at from analytics.mv_protocol_effectiveness`;
      expect(before.map((r) => r.group_id)).toEqual([protocol]);

      // The view's owner loses a base table: every refresh from now on fails.
      await priv.admin`revoke select on body_measurements from korevitta_analytics`;
      await priv.admin`update protocols set status = 'archived', archived_at = now() where id = ${protocol}`;
      const events: { level: string; event: string; fields: Record<string, unknown> | undefined }[] = [];
      const at = (level: string) => (event: string, fields?: Record<string, unknown>) => { events.push({ level, event, fields }); };
      const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), security: at('security') };
      const failure = await refreshAnalytics({ db } as unknown as Runtime, 'mv_protocol_effectiveness', log).then(() => null, (e: unknown) => pgCode(e));
      expect(failure).toBe('42501');
      expect(events).toEqual([{ level: 'error', event: 'analytics.refresh_failed', fields: { view: 'mv_protocol_effectiveness', error: expect.any(String) } }]);
      const after = await priv.admin`select group_id, refreshed_at from analytics.mv_protocol_effectiveness`;
      expect(after).toEqual(before);
    } finally {
      await db.close();
      await priv.drop();
    }
  });
});
