import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { affectedRows, createThreadStore, rowsOf, withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
import { createThread, listThreads, markThreadRead, postMessage, type Caller, type Outbox } from '@korevitta/domain';
import { communicationDeps, ids } from '@korevitta/platform';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD } from '../support/factories.ts';
import { openTestDatabase, isRealPostgres } from '../support/database.ts';
import { pgCode } from '../support/pg-error.ts';
import { seedTenant } from '../support/tenants.ts';
import type { TestHost } from '../support/test-host.ts';
import { createPatientLogin, post, startCommunicationHost } from './support.ts';
import { prng as rng } from '../support/prng.ts';

/**
 * Migration 0013 keeps unread counts at write time (thread_unread_counts, triggers). These tests hold the kept
 * counts to the read-time definition they replace: for user U in thread T, the messages of T sent by anyone
 * but U after U's read marker, all of them without a marker; participants are the practice's professional
 * logins and the patient's login.
 */

/** The definition, computed from messages and markers, next to the kept row, for every participant pair. */
async function compare(db: Database, professionalId: string) {
  const rows = await withSystemBypass(db, 'test: unread reference', async (tx) => rowsOf<{ thread_id: string; user_id: string; expected: number; actual: number | null }>(await tx.execute(sql`
    select t.id as thread_id, u.id as user_id,
      (select count(*)::int from messages m where m.thread_id = t.id and m.sender_user_id <> u.id
        and (k.thread_id is null or (m.created_at, m.id) > (k.last_read_at, k.last_read_message_id))) as expected,
      c.unread_count as actual
    from threads t
    join users u on u.professional_id = t.professional_id and (u.role = 'professional' or u.patient_id = t.patient_id)
    left join thread_read_markers k on k.thread_id = t.id and k.user_id = u.id
    left join thread_unread_counts c on c.thread_id = t.id and c.user_id = u.id
    where t.professional_id = ${professionalId}::uuid
    order by 1, 2`)));
  const strays = await withSystemBypass(db, 'test: unread strays', async (tx) => rowsOf(await tx.execute(sql`
    select c.thread_id, c.user_id from thread_unread_counts c join threads t on t.id = c.thread_id
    where c.professional_id = ${professionalId}::uuid and not exists (select 1 from users u where u.id = c.user_id
      and u.professional_id = t.professional_id and (u.role = 'professional' or u.patient_id = t.patient_id))`)));
  return { rows, strays };
}

async function expectKeptEqualsDefinition(db: Database, professionalId: string, label: string) {
  const { rows, strays } = await compare(db, professionalId);
  expect(rows.length, label).toBeGreaterThan(0);
  expect({ label, wrong: rows.filter((r) => r.actual !== r.expected) }).toEqual({ label, wrong: [] });
  expect(strays).toEqual([]);
  return rows;
}

/** What each user gets from the store (the HTTP list and badge use these): per thread, overall, and per thread by id. */
async function expectStoreAnswers(db: Database, users: Map<string, TenantContext>, rows: Array<{ thread_id: string; user_id: string; expected: number }>) {
  for (const [userId, ctx] of users) {
    const mine = rows.filter((r) => r.user_id === userId);
    const caller: Caller = { userId, role: ctx.role, professionalId: ctx.professionalId, patientId: ctx.patientId };
    const listed = await withTenant(db, ctx, (tx) => listThreads({ threads: createThreadStore(tx) }, caller, { patientId: null, after: null, limit: 100 }));
    expect(Object.fromEntries(listed.rows.map((r) => [r.thread.id, r.unreadCount]))).toEqual(Object.fromEntries(mine.map((r) => [r.thread_id, r.expected])));
    expect(listed.unreadTotal).toBe(mine.reduce((a, r) => a + r.expected, 0));
    for (const r of mine) expect(await withTenant(db, ctx, (tx) => createThreadStore(tx).unreadCount(r.thread_id, userId))).toBe(r.expected);
  }
}

async function addLogin(db: Database, professionalId: string, patientId: string | null): Promise<TenantContext> {
  const userId = ids.newId();
  await withSystemBypass(db, 'test: add login', async (tx) => {
    await tx.execute(sql`insert into users (id, professional_id, patient_id, role, email, email_normalized, password_hash)
      values (${userId}, ${professionalId}, ${patientId}, ${patientId ? 'patient' : 'professional'}, ${`${userId}@example.com`}, ${`${userId}@example.com`}, 'x')`);
    if (patientId) await tx.execute(sql`update patients set user_id = ${userId} where id = ${patientId}`);
  });
  return { userId, role: patientId ? 'patient' : 'professional', professionalId, patientId };
}

const callerOf = (c: TenantContext): Caller => ({ userId: c.userId, role: c.role, professionalId: c.professionalId, patientId: c.patientId });
/**
 * The use cases' real dependencies, but for the outbox: these posts must not leave hundreds of MESSAGE_POSTED rows
 * (dated in the past, so first in line) for notifications.int.test.ts's relay to claim when both files share a
 * database. E-mail delivery is not what these tests are about.
 */
const noOutbox: Outbox = { append: async () => {} };
const depsOf = (tx: Parameters<typeof communicationDeps>[0], c: TenantContext, now: Date) =>
  ({ ...communicationDeps(tx, { auth: { ...c, sessionId: ids.newId() }, requestId: ids.newId(), now }), outbox: noOutbox });

async function openThread(db: Database, c: TenantContext, patientId: string, now: Date): Promise<string> {
  const r = await withTenant(db, c, (tx) => createThread(depsOf(tx, c, now), callerOf(c), { patientId, contextType: 'general' }));
  if (!r.ok) throw new Error(`open thread: ${r.error.code}`);
  return r.value.thread.id;
}
async function postAs(db: Database, c: TenantContext, threadId: string, now: Date, body = 'oi'): Promise<string> {
  const r = await withTenant(db, c, (tx) => postMessage(depsOf(tx, c, now), callerOf(c), { threadId, body }));
  if (!r.ok) throw new Error(`post: ${r.error.code}`);
  return r.value.id;
}
async function readAs(db: Database, c: TenantContext, threadId: string, messageId: string, now: Date): Promise<number> {
  const r = await withTenant(db, c, (tx) => markThreadRead({ threads: createThreadStore(tx), now }, callerOf(c), { threadId, upToMessageId: messageId }));
  if (!r.ok) throw new Error(`read: ${r.error.code}`);
  return r.value.unreadCount;
}
const messagesOf = (db: Database, threadId: string) => withSystemBypass(db, 'test: messages', async (tx) =>
  rowsOf<{ id: string }>(await tx.execute(sql`select id from messages where thread_id = ${threadId}::uuid order by created_at, id`)).map((r) => r.id));

describe('unread counts kept at write time (migration 0013)', () => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase({ poolMax: 8 }); });
  afterAll(async () => { await db.close(); });

  it.each([1, 2, 3])('when posts by both parties, several professional logins and marks up to older and newer messages run in random order (seed %i), then the kept counts equal the definition', async (seed) => {
    const random = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const tenant = await seedTenant(db, 3);
    const [p1, p2, p3] = tenant.patientIds as [string, string, string];
    const pro1 = tenant.ctx;
    const pro2 = await addLogin(db, pro1.professionalId, null);
    const pat1 = await addLogin(db, pro1.professionalId, p1);
    const pat2 = await addLogin(db, pro1.professionalId, p2);
    const base = Date.parse('2026-11-20T12:00:00Z');
    // Times are not in commit order: each step lands up to 5 s before or after its slot.
    const at = (step: number) => new Date(base + step * 2000 + Math.floor((random() - 0.5) * 10_000));
    const threads = new Map<string, string>([
      [p1, await openThread(db, pro1, p1, at(0))],
      [p2, await openThread(db, pat2, p2, at(0))],
      [p3, await openThread(db, pro2, p3, at(0))],
    ]);
    const users = new Map<string, TenantContext>([[pro1.userId, pro1], [pro2.userId, pro2], [pat1.userId, pat1], [pat2.userId, pat2]]);
    const participants = (patientId: string) => [...users.values()].filter((u) => u.role === 'professional' || u.patientId === patientId);
    for (let step = 1; step <= 90; step += 1) {
      if (step === 30) { const late = await addLogin(db, pro1.professionalId, null); users.set(late.userId, late); }
      if (step === 50) { const late = await addLogin(db, pro1.professionalId, p3); users.set(late.userId, late); }
      const patientId = pick([p1, p2, p3]);
      const threadId = threads.get(patientId)!;
      const who = pick(participants(patientId));
      const existing = await messagesOf(db, threadId);
      if (existing.length === 0 || random() < 0.55) await postAs(db, who, threadId, at(step));
      else await readAs(db, who, threadId, pick(existing), at(step));
      if (step % 15 === 0) await expectKeptEqualsDefinition(db, pro1.professionalId, `seed ${seed} step ${step}`);
    }
    const rows = await expectKeptEqualsDefinition(db, pro1.professionalId, `seed ${seed} end`);
    expect(rows.some((r) => r.expected > 0)).toBe(true);
    await expectStoreAnswers(db, users, rows);
  });

  it('when a marker is moved back to an older message, then it stays and so does the count; reading the newest clears it', async () => {
    const tenant = await seedTenant(db, 1);
    const pro = tenant.ctx;
    const pat = await addLogin(db, pro.professionalId, tenant.patientIds[0]!);
    const t0 = Date.parse('2026-11-21T08:00:00Z');
    const threadId = await openThread(db, pro, pat.patientId!, new Date(t0));
    const m = [];
    for (let i = 0; i < 5; i += 1) m.push(await postAs(db, pro, threadId, new Date(t0 + (i + 1) * 1000)));
    expect(await readAs(db, pat, threadId, m[3]!, new Date(t0 + 10_000))).toBe(1);
    expect(await readAs(db, pat, threadId, m[0]!, new Date(t0 + 11_000))).toBe(1);
    expect(await readAs(db, pat, threadId, m[4]!, new Date(t0 + 12_000))).toBe(0);
    await expectKeptEqualsDefinition(db, pro.professionalId, 'older then newer');
  });

  it.skipIf(!isRealPostgres())('when both parties and two professional logins post and mark read concurrently, and a login is added meanwhile, then the kept counts equal the definition and nothing deadlocks', async () => {
    const tenant = await seedTenant(db, 2);
    const [p1, p2] = tenant.patientIds as [string, string];
    const pro1 = tenant.ctx;
    const pro2 = await addLogin(db, pro1.professionalId, null);
    const pat1 = await addLogin(db, pro1.professionalId, p1);
    const t1 = await openThread(db, pro1, p1, new Date());
    const t2 = await openThread(db, pro1, p2, new Date());
    await postAs(db, pro1, t1, new Date());
    const random = rng(42);
    for (let round = 0; round < 4; round += 1) {
      const ops: Array<() => Promise<unknown>> = [];
      for (let i = 0; i < 24; i += 1) {
        const who = [pro1, pro2, pat1][i % 3]!;
        const threadId = who === pat1 || random() < 0.7 ? t1 : t2;
        const when = new Date(Date.now() + Math.floor((random() - 0.5) * 4000));
        if (random() < 0.6) ops.push(() => postAs(db, who, threadId, when));
        else ops.push(async () => { const ms = await messagesOf(db, threadId); if (ms.length) await readAs(db, who, threadId, ms[Math.floor(random() * ms.length)]!, when); });
      }
      // A new professional login, and in round 2 the second patient's login, race with the posts.
      ops.push(() => addLogin(db, pro1.professionalId, null));
      if (round === 2) ops.push(() => addLogin(db, pro1.professionalId, p2));
      await Promise.all(ops.map((op) => op()));
      await expectKeptEqualsDefinition(db, pro1.professionalId, `concurrent round ${round}`);
    }
  }, 60_000);

  it('RLS: a user reads only its own counts and nobody writes them, not even its own; the trigger functions cannot be called', async () => {
    const a = await seedTenant(db, 2);
    const b = await seedTenant(db, 1);
    const [p1, p2] = a.patientIds as [string, string];
    const pat1 = await addLogin(db, a.ctx.professionalId, p1);
    const pat2 = await addLogin(db, a.ctx.professionalId, p2);
    const pro2 = await addLogin(db, a.ctx.professionalId, null);
    const ta1 = await openThread(db, a.ctx, p1, new Date());
    const ta2 = await openThread(db, a.ctx, p2, new Date());
    const tb = await openThread(db, b.ctx, b.patientIds[0]!, new Date());
    await postAs(db, a.ctx, ta1, new Date());
    await postAs(db, pat2, ta2, new Date());
    await postAs(db, b.ctx, tb, new Date());
    const seen = async (c: TenantContext) => withTenant(db, c, async (tx) =>
      rowsOf<{ thread_id: string; user_id: string }>(await tx.execute(sql`select thread_id, user_id from thread_unread_counts order by thread_id`)));
    expect((await seen(a.ctx)).every((r) => r.user_id === a.ctx.userId)).toBe(true);
    expect((await seen(a.ctx)).map((r) => r.thread_id).sort()).toEqual([ta1, ta2].sort());
    expect(await seen(pat1)).toEqual([{ thread_id: ta1, user_id: pat1.userId }]);
    expect(await seen(b.ctx)).toEqual([{ thread_id: tb, user_id: b.ctx.userId }]);
    const refused = async (c: TenantContext, q: ReturnType<typeof sql>) => {
      const result = await withTenant(db, c, (tx) => tx.execute(q)).catch((e: unknown) => e);
      if (result instanceof Error) return pgCode(result);
      return affectedRows(result) === 0 ? 'no rows' : 'CHANGED';
    };
    // No write grant at all: another user's count, another tenant's, and one's own.
    expect(await refused(pat1, sql`update thread_unread_counts set unread_count = 0 where user_id = ${pro2.userId}`)).toBe('42501');
    expect(await refused(a.ctx, sql`update thread_unread_counts set unread_count = 0 where user_id = ${pat1.userId}`)).toBe('42501');
    expect(await refused(a.ctx, sql`update thread_unread_counts set unread_count = 0 where user_id = ${a.ctx.userId}`)).toBe('42501');
    expect(await refused(a.ctx, sql`insert into thread_unread_counts (thread_id, user_id, professional_id, unread_count) values (${tb}, ${a.ctx.userId}, ${a.ctx.professionalId}, 5)`)).toBe('42501');
    expect(await refused(pat1, sql`delete from thread_unread_counts`)).toBe('42501');
    // Another user's marker stays out of reach as before.
    expect(await refused(pat1, sql`update thread_read_markers set last_read_at = now() where user_id = ${pat2.userId}`)).toBe('no rows');
    for (const fn of ['thread_unread_on_messages', 'thread_unread_on_markers', 'thread_unread_on_threads', 'thread_unread_on_users']) {
      expect(await refused(a.ctx, sql`select ${sql.raw(`app_ctx.${fn}()`)}`)).toBe('42501');
    }
    // The functions run as korevitta_system with a pinned search_path, and that role owns no table.
    const fns = rowsOf<{ owner: string; definer: boolean; config: string[] }>(await db.orm.execute(sql`
      select pg_get_userbyid(p.proowner) as owner, p.prosecdef as definer, p.proconfig as config from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'app_ctx' and p.proname like 'thread_unread_on_%'`));
    expect(fns).toHaveLength(4);
    for (const f of fns) expect([f.owner, f.definer, f.config]).toEqual(['korevitta_system', true, ['search_path=pg_catalog, pg_temp']]);
    const canCreate = rowsOf<{ ok: boolean }>(await db.orm.execute(sql`select has_schema_privilege('korevitta_system', 'app_ctx', 'CREATE') as ok`));
    expect(canCreate[0]?.ok).toBe(false);
  });
});

describe('unread counts over HTTP: a patient who logs in after the professional wrote', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startCommunicationHost(); });
  afterAll(async () => { await h.stop(); });

  it('when the invite is accepted after three messages, then the new login sees them unread; the professional sees the replies', async () => {
    const pro = await createProfessional(h);
    const invited = await createInvitedPatient(h, pro.professionalId, { name: 'Maria Lima' });
    const opened = await h.api.post('/v1/threads', { patientId: invited.patientId }, { token: pro.accessToken });
    expect(opened.status).toBe(201);
    const threadId = opened.body.id as string;
    for (const body of ['Olá Maria', 'Bem-vinda', 'Me conte como está']) expect((await post(h, pro.accessToken, threadId, body)).status).toBe(201);
    const accepted = await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    const patientToken = accepted.body.accessToken as string;
    const mine = await h.api.get('/v1/threads', { token: patientToken });
    expect([mine.body.unreadTotal, mine.body.items.map((t: { id: string; unreadCount: number }) => [t.id, t.unreadCount])]).toEqual([3, [[threadId, 3]]]);
    expect((await post(h, patientToken, threadId, 'Oi! Tudo bem.')).status).toBe(201);
    expect((await h.api.get('/v1/threads', { token: patientToken })).body.unreadTotal).toBe(0);
    const inbox = await h.api.get('/v1/threads', { token: pro.accessToken });
    expect([inbox.body.unreadTotal, inbox.body.items[0].unreadCount]).toEqual([1, 1]);
    // A second patient of the same practice is unaffected.
    const other = await createPatientLogin(h, pro, 'Outro Paciente');
    expect((await h.api.get('/v1/threads', { token: other.token })).body).toEqual(expect.objectContaining({ items: [], unreadTotal: 0 }));
  });
});
