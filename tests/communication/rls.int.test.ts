import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { affectedRows, rowsOf, withSystemBypass, withTenant, type Database, type TenantContext } from '@korevitta/db';
import { ids } from '@korevitta/platform';
import { openTestDatabase } from '../support/database.ts';
import { seedTenant, type SeededTenant } from '../support/tenants.ts';
import { pgCode } from '../support/pg-error.ts';

/**
 * TEST-CATALOG 21 for threads, messages, thread_read_markers, notification_preferences and
 * thread_notification_state: per command, A's context reaches only A's rows, a patient only its own
 * patient's, and the policies are what grant access (mutation checks drop one and watch access vanish).
 */
describe('RLS: communication tables', () => {
  let db: Database;
  let a: SeededTenant;
  let b: SeededTenant;
  let pat1: TenantContext;
  let pat2: TenantContext;
  const t = { a1: ids.newId(), a2: ids.newId(), b1: ids.newId() };
  const m = { a1: ids.newId(), a2: ids.newId(), b1: ids.newId() };

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await seedTenant(db, 2);
    b = await seedTenant(db, 1);
    const [p1, p2] = a.patientIds as [string, string];
    const [pb] = b.patientIds as [string];
    const u1 = ids.newId();
    const u2 = ids.newId();
    pat1 = { userId: u1, role: 'patient', professionalId: a.ctx.professionalId, patientId: p1 };
    pat2 = { userId: u2, role: 'patient', professionalId: a.ctx.professionalId, patientId: p2 };
    await withSystemBypass(db, 'test seed', async (tx) => {
      for (const [u, p] of [[u1, p1], [u2, p2]] as const) {
        await tx.execute(sql`insert into users (id, professional_id, patient_id, role, email, email_normalized, password_hash)
          values (${u}, ${a.ctx.professionalId}, ${p}, 'patient', ${`${u}@example.com`}, ${`${u}@example.com`}, 'x')`);
      }
      const thread = (id: string, pro: string, patient: string, by: string) => tx.execute(sql`insert into threads (id, professional_id, patient_id, context_type, created_by)
        values (${id}, ${pro}, ${patient}, 'general', ${by})`);
      await thread(t.a1, a.ctx.professionalId, p1, a.ctx.userId);
      await thread(t.a2, a.ctx.professionalId, p2, a.ctx.userId);
      await thread(t.b1, b.ctx.professionalId, pb, b.ctx.userId);
      const msg = (id: string, thread: string, pro: string, patient: string, sender: string) => tx.execute(sql`insert into messages
        (id, professional_id, patient_id, thread_id, sender_user_id, sender_role, body, created_at) values (${id}, ${pro}, ${patient}, ${thread}, ${sender}, 'professional', 'oi', now())`);
      await msg(m.a1, t.a1, a.ctx.professionalId, p1, a.ctx.userId);
      await msg(m.a2, t.a2, a.ctx.professionalId, p2, a.ctx.userId);
      await msg(m.b1, t.b1, b.ctx.professionalId, pb, b.ctx.userId);
      await tx.execute(sql`insert into thread_read_markers (thread_id, user_id, professional_id, last_read_at, last_read_message_id)
        values (${t.b1}, ${b.ctx.userId}, ${b.ctx.professionalId}, now(), ${m.b1}), (${t.a2}, ${u2}, ${a.ctx.professionalId}, now(), ${m.a2})`);
      await tx.execute(sql`insert into notification_preferences (user_id, professional_id) values (${b.ctx.userId}, ${b.ctx.professionalId}), (${u2}, ${a.ctx.professionalId})`);
      await tx.execute(sql`insert into thread_notification_state (thread_id, recipient_user_id, professional_id) values (${t.a1}, ${u1}, ${a.ctx.professionalId})`);
    });
  });
  afterAll(async () => { await db.close(); });

  const select = <T>(ctx: TenantContext, q: ReturnType<typeof sql>) => withTenant(db, ctx, async (tx) => rowsOf<T>(await tx.execute(q)));
  const refused = async (ctx: TenantContext, q: ReturnType<typeof sql>) => {
    const result = await withTenant(db, ctx, (tx) => tx.execute(q)).catch((e: unknown) => e);
    if (result instanceof Error) return pgCode(result);
    return affectedRows(result) === 0 ? 'no rows' : 'CHANGED';
  };
  const insertMessage = (thread: string, pro: string, patient: string, sender: string, role: string) => sql`insert into messages
    (id, professional_id, patient_id, thread_id, sender_user_id, sender_role, body, created_at) values (${ids.newId()}, ${pro}, ${patient}, ${thread}, ${sender}, ${role}, 'x', now())`;

  it('threads: A sees its own two, B none of A’s; a patient sees only its own', async () => {
    expect((await select<{ id: string }>(a.ctx, sql`select id from threads order by id`)).map((r) => r.id).sort()).toEqual([t.a1, t.a2].sort());
    expect((await select<{ id: string }>(b.ctx, sql`select id from threads`)).map((r) => r.id)).toEqual([t.b1]);
    expect((await select<{ id: string }>(pat1, sql`select id from threads`)).map((r) => r.id)).toEqual([t.a1]);
  });

  it('threads: A cannot insert for B or for B’s patient, a patient cannot open a thread for another patient or a non-general one (42501)', async () => {
    const [pb] = b.patientIds as [string];
    expect(await refused(a.ctx, sql`insert into threads (id, professional_id, patient_id, context_type, created_by) values (${ids.newId()}, ${b.ctx.professionalId}, ${pb}, 'general', ${a.ctx.userId})`)).toBe('42501');
    expect(await refused(a.ctx, sql`insert into threads (id, professional_id, patient_id, context_type, context_id, created_by) values (${ids.newId()}, ${a.ctx.professionalId}, ${pb}, 'protocol', ${ids.newId()}, ${a.ctx.userId})`)).toBe('42501');
    expect(await refused(pat1, sql`insert into threads (id, professional_id, patient_id, context_type, context_id, created_by) values (${ids.newId()}, ${a.ctx.professionalId}, ${pat2.patientId}, 'protocol', ${ids.newId()}, ${pat1.userId})`)).toBe('42501');
    expect(await refused(pat1, sql`insert into threads (id, professional_id, patient_id, context_type, context_id, created_by) values (${ids.newId()}, ${a.ctx.professionalId}, ${pat1.patientId}, 'protocol', ${ids.newId()}, ${pat1.userId})`)).toBe('42501');
  });

  it('threads: updates reach no other tenant’s or patient’s row, cannot move a row to B, and no column but last_message_at is writable; no delete', async () => {
    expect(await refused(a.ctx, sql`update threads set last_message_at = now() where id = ${t.b1}`)).toBe('no rows');
    expect(await refused(pat1, sql`update threads set last_message_at = now() where id = ${t.a2}`)).toBe('no rows');
    expect(await refused(a.ctx, sql`update threads set professional_id = ${b.ctx.professionalId} where id = ${t.a1}`)).toBe('42501');
    expect(await refused(a.ctx, sql`delete from threads where id = ${t.a1}`)).toBe('42501');
  });

  it('messages: A reads its own, a patient only its thread’s; B’s are invisible', async () => {
    expect((await select<{ id: string }>(a.ctx, sql`select id from messages`)).map((r) => r.id).sort()).toEqual([m.a1, m.a2].sort());
    expect((await select<{ id: string }>(pat1, sql`select id from messages`)).map((r) => r.id)).toEqual([m.a1]);
    expect((await select<{ id: string }>(b.ctx, sql`select id from messages`)).map((r) => r.id)).toEqual([m.b1]);
  });

  it('messages: only a participant inserts, as itself (42501 otherwise); nobody updates or deletes', async () => {
    const [pb] = b.patientIds as [string];
    // Participant as itself: allowed.
    await withTenant(db, pat1, (tx) => tx.execute(insertMessage(t.a1, a.ctx.professionalId, pat1.patientId!, pat1.userId, 'patient')));
    // Into B's thread, posing as another sender or role, or into another patient's thread: refused.
    expect(await refused(a.ctx, insertMessage(t.b1, b.ctx.professionalId, pb, a.ctx.userId, 'professional'))).toBe('42501');
    expect(await refused(a.ctx, insertMessage(t.b1, a.ctx.professionalId, pb, a.ctx.userId, 'professional'))).toBe('42501');
    expect(await refused(pat1, insertMessage(t.a1, a.ctx.professionalId, pat1.patientId!, a.ctx.userId, 'professional'))).toBe('42501');
    expect(await refused(pat1, insertMessage(t.a1, a.ctx.professionalId, pat1.patientId!, pat1.userId, 'professional'))).toBe('42501');
    expect(await refused(pat1, insertMessage(t.a2, a.ctx.professionalId, pat2.patientId!, pat1.userId, 'patient'))).toBe('42501');
    expect(await refused(a.ctx, sql`update messages set body = 'x' where id = ${m.a1}`)).toBe('42501');
    expect(await refused(a.ctx, sql`delete from messages where id = ${m.a1}`)).toBe('42501');
  });

  it('messages: every partition is forced and the app cannot reach a partition around the parent’s policies', async () => {
    const parts = rowsOf<{ relname: string; forced: boolean }>(await db.orm.execute(sql`
      select c.relname, c.relforcerowsecurity as forced from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'messages'::regclass`));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.filter((p) => !p.forced)).toEqual([]);
    expect(await refused(a.ctx, sql`select * from messages_default`)).toBe('42501');
  });

  it('thread_read_markers: each user sees and writes only its own, and only on a thread it can see', async () => {
    expect(await select(a.ctx, sql`select * from thread_read_markers`)).toEqual([]);
    expect(await select(pat1, sql`select * from thread_read_markers`)).toEqual([]);
    expect((await select<{ thread_id: string }>(pat2, sql`select thread_id from thread_read_markers`)).map((r) => r.thread_id)).toEqual([t.a2]);
    expect(await refused(a.ctx, sql`insert into thread_read_markers (thread_id, user_id, professional_id, last_read_at, last_read_message_id) values (${t.b1}, ${a.ctx.userId}, ${a.ctx.professionalId}, now(), ${m.b1})`)).toBe('42501');
    expect(await refused(pat1, sql`insert into thread_read_markers (thread_id, user_id, professional_id, last_read_at, last_read_message_id) values (${t.a2}, ${pat1.userId}, ${a.ctx.professionalId}, now(), ${m.a2})`)).toBe('42501');
    expect(await refused(pat1, sql`insert into thread_read_markers (thread_id, user_id, professional_id, last_read_at, last_read_message_id) values (${t.a1}, ${pat2.userId}, ${a.ctx.professionalId}, now(), ${m.a1})`)).toBe('42501');
    expect(await refused(pat1, sql`update thread_read_markers set last_read_at = now() where user_id = ${pat2.userId}`)).toBe('no rows');
    expect(await refused(pat2, sql`delete from thread_read_markers`)).toBe('42501');
  });

  it('notification_preferences: own row only; no row of B, none of another user', async () => {
    expect(await select(a.ctx, sql`select * from notification_preferences`)).toEqual([]);
    expect(await select(pat1, sql`select * from notification_preferences`)).toEqual([]);
    expect(await refused(a.ctx, sql`insert into notification_preferences (user_id, professional_id) values (${pat1.userId}, ${a.ctx.professionalId})`)).toBe('42501');
    expect(await refused(a.ctx, sql`insert into notification_preferences (user_id, professional_id) values (${a.ctx.userId}, ${b.ctx.professionalId})`)).toBe('42501');
    expect(await refused(a.ctx, sql`update notification_preferences set email_on_message = false where user_id = ${b.ctx.userId}`)).toBe('no rows');
    expect(await refused(pat2, sql`update notification_preferences set professional_id = ${b.ctx.professionalId} where user_id = ${pat2.userId}`)).toBe('42501');
  });

  it('thread_notification_state: the app cannot read or write it at all', async () => {
    expect(await refused(a.ctx, sql`select * from thread_notification_state`)).toBe('42501');
    expect(await refused(pat1, sql`update thread_notification_state set last_notified_at = null`)).toBe('42501');
  });

  it('when the professional’s thread policy or the participant insert policy is dropped, then access vanishes (mutation check)', async () => {
    // Each probe runs inside a transaction that is rolled back (the policy comes back); its outcome leaves through `seen`.
    let seen: unknown;
    await db.orm.transaction(async (tx) => {
      await tx.execute(sql`drop policy threads_professional on threads`);
      await tx.execute(sql`select set_config('role', 'korevitta_app', true), set_config('app.user_id', ${a.ctx.userId}, true), set_config('app.role', 'professional', true),
        set_config('app.professional_id', ${a.ctx.professionalId}, true), set_config('app.patient_id', '', true)`);
      seen = rowsOf(await tx.execute(sql`select id from threads`)).length;
      tx.rollback();
    }).catch((e: unknown) => { if (!(e instanceof Error && e.message.includes('Rollback'))) throw e; });
    expect(seen).toBe(0);
    await db.orm.transaction(async (tx) => {
      await tx.execute(sql`drop policy messages_participant_insert on messages`);
      await tx.execute(sql`select set_config('role', 'korevitta_app', true), set_config('app.user_id', ${pat1.userId}, true), set_config('app.role', 'patient', true),
        set_config('app.professional_id', ${a.ctx.professionalId}, true), set_config('app.patient_id', ${pat1.patientId}, true)`);
      seen = await tx.execute(insertMessage(t.a1, a.ctx.professionalId, pat1.patientId!, pat1.userId, 'patient')).then(() => 'inserted', (e: unknown) => pgCode(e));
      tx.rollback();
    }).catch((e: unknown) => { if (!(e instanceof Error && e.message.includes('Rollback'))) throw e; });
    expect(seen).toBe('42501');
  });
});
