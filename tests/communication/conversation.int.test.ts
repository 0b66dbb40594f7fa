import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { createProfessional } from '../support/factories.ts';
import type { TestHost } from '../support/test-host.ts';
import { createConversation, createPatientLogin, post, startCommunicationHost } from './support.ts';

describe('communication: a professional and a patient talk over HTTP', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startCommunicationHost(); });
  afterAll(async () => { await h.stop(); });

  it('when both sides post, then both read the conversation newest first with their own messages marked', async () => {
    const { pro, patient, threadId } = await createConversation(h);
    expect((await post(h, pro.accessToken, threadId, '  Olá João, como foi a semana?  ')).status).toBe(201);
    const reply = await post(h, patient.token, threadId, 'Foi bem, segui o plano!');
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ id: expect.any(String), threadId, senderRole: 'patient', mine: true, body: 'Foi bem, segui o plano!', createdAt: expect.any(String) });

    const asPro = await h.api.get(`/v1/threads/${threadId}/messages`, { token: pro.accessToken });
    expect(asPro.status).toBe(200);
    expect(asPro.body.items.map((m: { body: string; mine: boolean; senderRole: string }) => [m.body, m.mine, m.senderRole])).toEqual([
      ['Foi bem, segui o plano!', false, 'patient'],
      ['Olá João, como foi a semana?', true, 'professional'],
    ]);
    const asPatient = await h.api.get(`/v1/threads/${threadId}/messages`, { token: patient.token });
    expect(asPatient.body.items.map((m: { mine: boolean }) => m.mine)).toEqual([true, false]);

    const list = await h.api.get('/v1/threads', { token: patient.token });
    expect(list.body.items).toEqual([expect.objectContaining({ id: threadId, patientId: patient.patientId, contextType: 'general', contextId: null, lastMessageAt: reply.body.createdAt })]);
  });

  it('when a general thread is opened twice (either side), then the same thread comes back with 200', async () => {
    const { pro, patient, threadId } = await createConversation(h);
    const again = await h.api.post('/v1/threads', { patientId: patient.patientId }, { token: pro.accessToken });
    expect([again.status, again.body.id]).toEqual([200, threadId]);
    const byPatient = await h.api.post('/v1/threads', {}, { token: patient.token });
    expect([byPatient.status, byPatient.body.id]).toEqual([200, threadId]);
  });

  it('when a patient without a thread opens one, then it is its general thread with its professional, and it is audited', async () => {
    const pro = await createProfessional(h);
    const patient = await createPatientLogin(h, pro);
    const res = await h.api.post('/v1/threads', { subject: 'Dúvida' }, { token: patient.token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ patientId: patient.patientId, contextType: 'general', subject: 'Dúvida', unreadCount: 0 });
    const audit = await h.api.get(`/v1/audit-log?entityId=${res.body.id}`, { token: pro.accessToken });
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'thread.created', actorRole: 'patient' })]);
    expect(JSON.stringify(audit.body.items)).not.toContain('Dúvida');
  });

  it('when a protocol thread is opened, then the protocol must be the patient’s, and a patient may not open one', async () => {
    const { pro, patient } = await createConversation(h);
    const protocol = await h.api.post(`/v1/patients/${patient.patientId}/protocols`, { name: 'Plano', content: { hydration: { dailyGoalMl: 2000 } } }, { token: pro.accessToken });
    expect(protocol.status).toBe(201);
    const ok = await h.api.post('/v1/threads', { patientId: patient.patientId, contextType: 'protocol', contextId: protocol.body.id }, { token: pro.accessToken });
    expect(ok.status).toBe(201);
    const other = await createPatientLogin(h, pro);
    const wrong = await h.api.post('/v1/threads', { patientId: other.patientId, contextType: 'protocol', contextId: protocol.body.id }, { token: pro.accessToken });
    expect([wrong.status, wrong.body.code]).toEqual([422, 'THREAD.CONTEXT_NOT_FOUND']);
    const noCheckin = await h.api.post('/v1/threads', { patientId: patient.patientId, contextType: 'checkin', contextId: protocol.body.id }, { token: pro.accessToken });
    expect(noCheckin.status).toBe(422);
    const byPatient = await h.api.post('/v1/threads', { contextType: 'protocol', contextId: protocol.body.id }, { token: patient.token });
    expect([byPatient.status, byPatient.body.code]).toEqual([422, 'THREAD.CONTEXT_NOT_ALLOWED']);
  });

  it('when messages are paged newest first and new ones arrive meanwhile, then the cursor continues without gaps or repeats', async () => {
    const { pro, threadId } = await createConversation(h);
    for (let i = 1; i <= 7; i += 1) {
      expect((await post(h, pro.accessToken, threadId, `m${i}`)).status).toBe(201);
    }
    const first = await h.api.get(`/v1/threads/${threadId}/messages?limit=3`, { token: pro.accessToken });
    expect(first.body.items.map((m: { body: string }) => m.body)).toEqual(['m7', 'm6', 'm5']);
    await post(h, pro.accessToken, threadId, 'm8');
    const seen: string[] = first.body.items.map((m: { body: string }) => m.body);
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const page = await h.api.get(`/v1/threads/${threadId}/messages?limit=3&cursor=${cursor}`, { token: pro.accessToken });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((m: { body: string }) => m.body));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(['m7', 'm6', 'm5', 'm4', 'm3', 'm2', 'm1']);
  });

  it('when a cursor is tampered with or belongs to another thread, then 400', async () => {
    const one = await createConversation(h);
    const two = await createConversation(h);
    await post(h, one.pro.accessToken, one.threadId, 'a');
    await post(h, one.pro.accessToken, one.threadId, 'b');
    const page = await h.api.get(`/v1/threads/${one.threadId}/messages?limit=1`, { token: one.pro.accessToken });
    const foreign = await h.api.get(`/v1/threads/${two.threadId}/messages?cursor=${page.body.nextCursor}`, { token: two.pro.accessToken });
    expect(foreign.status).toBe(400);
    expect((await h.api.get(`/v1/threads/${one.threadId}/messages?cursor=bm90LWpzb24`, { token: one.pro.accessToken })).status).toBe(400);
  });

  it('when messages arrive and are read, then unread counts per thread and overall follow the read markers', async () => {
    const pro = await createProfessional(h);
    const ana = await createPatientLogin(h, pro, 'Ana');
    const bia = await createPatientLogin(h, pro, 'Bia');
    const t1 = (await h.api.post('/v1/threads', {}, { token: ana.token })).body.id as string;
    const t2 = (await h.api.post('/v1/threads', {}, { token: bia.token })).body.id as string;
    await post(h, ana.token, t1, 'a1');
    const a2 = await post(h, ana.token, t1, 'a2');
    await post(h, bia.token, t2, 'b1');
    const unread = async (token: string) => {
      const res = await h.api.get('/v1/threads', { token });
      return { total: res.body.unreadTotal, byThread: Object.fromEntries(res.body.items.map((t: { id: string; unreadCount: number }) => [t.id, t.unreadCount])) };
    };
    expect(await unread(pro.accessToken)).toEqual({ total: 3, byThread: { [t1]: 2, [t2]: 1 } });
    expect(await unread(ana.token)).toEqual({ total: 0, byThread: { [t1]: 0 } }); // one's own messages are read

    const read = await h.api.post(`/v1/threads/${t1}/read`, { upToMessageId: a2.body.id }, { token: pro.accessToken });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ threadId: t1, lastReadMessageId: a2.body.id, lastReadAt: a2.body.createdAt, unreadCount: 0 });
    expect(await unread(pro.accessToken)).toEqual({ total: 1, byThread: { [t1]: 0, [t2]: 1 } });
    expect((await h.api.get(`/v1/threads?patientId=${bia.patientId}`, { token: pro.accessToken })).body.items.map((t: { id: string }) => t.id)).toEqual([t2]);

    // A late "read up to" an older message does not un-read the newer one.
    const first = (await h.api.get(`/v1/threads/${t1}/messages`, { token: pro.accessToken })).body.items[1];
    const back = await h.api.post(`/v1/threads/${t1}/read`, { upToMessageId: first.id }, { token: pro.accessToken });
    expect(back.body).toMatchObject({ lastReadMessageId: a2.body.id, unreadCount: 0 });

    // The professional replies: Ana has one unread; the professional's own reply is not unread for it.
    const reply = await post(h, pro.accessToken, t1, 'Oi Ana');
    expect(await unread(ana.token)).toEqual({ total: 1, byThread: { [t1]: 1 } });
    expect((await unread(pro.accessToken)).byThread[t1]).toBe(0);
    expect((await h.api.post(`/v1/threads/${t1}/read`, { upToMessageId: reply.body.id }, { token: ana.token })).body.unreadCount).toBe(0);
  });

  it('when a read marker names a message of another thread, then 404', async () => {
    const one = await createConversation(h);
    const other = await post(h, one.pro.accessToken, one.threadId, 'x');
    const pro = one.pro;
    const second = await createPatientLogin(h, pro);
    const t2 = (await h.api.post('/v1/threads', { patientId: second.patientId }, { token: pro.accessToken })).body.id;
    const res = await h.api.post(`/v1/threads/${t2}/read`, { upToMessageId: other.body.id }, { token: pro.accessToken });
    expect([res.status, res.body.code]).toEqual([404, 'MESSAGE.NOT_FOUND']);
  });

  it('when a patient reads or posts in another patient’s thread of the same professional, then 404 and nothing is written', async () => {
    const { pro, threadId } = await createConversation(h);
    const intruder = await createPatientLogin(h, pro, 'Outro');
    await post(h, pro.accessToken, threadId, 'privado');
    const count = async () => withSystemBypass(h.db, 'test: count', async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from messages where thread_id = ${threadId}`))[0]?.n);
    const before = await count();
    expect((await h.api.get(`/v1/threads/${threadId}/messages`, { token: intruder.token })).status).toBe(404);
    expect((await post(h, intruder.token, threadId, 'oi')).status).toBe(404);
    const anyMessage = (await h.api.get(`/v1/threads/${threadId}/messages`, { token: pro.accessToken })).body.items[0].id;
    expect((await h.api.post(`/v1/threads/${threadId}/read`, { upToMessageId: anyMessage }, { token: intruder.token })).status).toBe(404);
    expect((await h.api.get('/v1/threads', { token: intruder.token })).body.items).toEqual([]);
    expect((await h.api.get(`/v1/threads?patientId=${(await h.api.get(`/v1/threads`, { token: pro.accessToken })).body.items[0].patientId}`, { token: intruder.token })).body.items).toEqual([]);
    expect(await count()).toBe(before);
  });

  it('when a body smuggles senderRole, professionalId, threadId or createdAt, then 400 and nothing is written (15)', async () => {
    const { pro, patient, threadId } = await createConversation(h);
    const other = await createProfessional(h);
    for (const extra of [{ senderRole: 'professional' }, { professionalId: other.professionalId }, { senderUserId: pro.userId }, { threadId }, { createdAt: '2020-01-01T00:00:00Z' }]) {
      const res = await h.api.post(`/v1/threads/${threadId}/messages`, { body: 'oi', ...extra }, { token: patient.token });
      expect({ extra, status: res.status }).toEqual({ extra, status: 400 });
    }
    const thread = await h.api.post('/v1/threads', { patientId: patient.patientId, professionalId: other.professionalId }, { token: pro.accessToken });
    expect(thread.status).toBe(400);
    expect((await h.api.put('/v1/me/notification-preferences', { emailOnMessage: true, quietPeriodMinutes: 30, userId: pro.userId }, { token: pro.accessToken })).status).toBe(400);
    expect((await h.api.get(`/v1/threads/${threadId}/messages`, { token: pro.accessToken })).body.items).toEqual([]);
  });

  it('when a body is blank, too long or the path id is not a uuid, then 400; at 4000 characters it is accepted', async () => {
    const { pro, threadId } = await createConversation(h);
    expect((await post(h, pro.accessToken, threadId, '   ')).status).toBe(400);
    expect((await post(h, pro.accessToken, threadId, 'a'.repeat(4001))).status).toBe(400);
    expect((await post(h, pro.accessToken, threadId, `  ${'😀'.repeat(4000)}  `)).status).toBe(201);
    expect((await h.api.get('/v1/threads/not-a-uuid/messages', { token: pro.accessToken })).status).toBe(400);
  });

  it('when the same message is posted twice with one Idempotency-Key, then one message and the same answer', async () => {
    const { pro, threadId } = await createConversation(h);
    const headers = { 'idempotency-key': `msg-${threadId}` };
    const first = await post(h, pro.accessToken, threadId, 'uma vez', headers);
    const second = await post(h, pro.accessToken, threadId, 'uma vez', headers);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotency-replayed')).toBe('true');
    expect((await h.api.get(`/v1/threads/${threadId}/messages`, { token: pro.accessToken })).body.items).toHaveLength(1);
    expect((await post(h, pro.accessToken, threadId, 'outra coisa', headers)).status).toBe(422);
  });

  it('when preferences are read before saving, then defaults; a saved change is returned and audited', async () => {
    const { pro, patient } = await createConversation(h);
    expect((await h.api.get('/v1/me/notification-preferences', { token: patient.token })).body).toEqual({ emailOnMessage: true, quietPeriodMinutes: 30, updatedAt: null });
    const saved = await h.api.put('/v1/me/notification-preferences', { emailOnMessage: false, quietPeriodMinutes: 60 }, { token: patient.token });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ emailOnMessage: false, quietPeriodMinutes: 60, updatedAt: expect.any(String) });
    expect((await h.api.get('/v1/me/notification-preferences', { token: patient.token })).body).toMatchObject({ emailOnMessage: false, quietPeriodMinutes: 60 });
    expect((await h.api.get('/v1/me/notification-preferences', { token: pro.accessToken })).body.updatedAt).toBeNull();
    expect((await h.api.put('/v1/me/notification-preferences', { emailOnMessage: true, quietPeriodMinutes: 1441 }, { token: patient.token })).status).toBe(400);
    const audit = await h.api.get('/v1/audit-log', { token: pro.accessToken });
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({
      action: 'notification_preferences.updated', actorRole: 'patient',
      changes: { messageAlerts: { before: true, after: false }, quietPeriodMinutes: { before: 30, after: 60 } },
    })]));
  });
});
