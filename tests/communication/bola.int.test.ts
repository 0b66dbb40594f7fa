import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { createProfessional, type Professional } from '../support/factories.ts';
import type { TestHost } from '../support/test-host.ts';
import { createConversation, createPatientLogin, post, startCommunicationHost, type PatientLogin } from './support.ts';

/**
 * TEST-CATALOG 12 for this routes: professional B, a patient of B, and another patient of A call
 * every thread route with A's ids (valid bodies, so validation cannot hide a missing check). Each gets 404
 * and nothing of A's changes; the lists never show A's threads.
 */
describe('communication: BOLA', () => {
  let h: TestHost;
  let a: Professional;
  let aPatient: PatientLogin;
  let threadId: string;
  let messageId: string;
  const intruders: { label: string; token: string }[] = [];
  beforeAll(async () => {
    h = await startCommunicationHost();
    const conv = await createConversation(h);
    a = conv.pro;
    aPatient = conv.patient;
    threadId = conv.threadId;
    messageId = (await post(h, a.accessToken, threadId, 'conversa privada')).body.id;
    const b = await createProfessional(h, { name: 'Intrusa' });
    intruders.push({ label: 'professional B', token: b.accessToken });
    intruders.push({ label: 'patient of B', token: (await createPatientLogin(h, b)).token });
    intruders.push({ label: 'another patient of A', token: (await createPatientLogin(h, a)).token });
  });
  afterAll(async () => { await h.stop(); });

  const snapshot = () => withSystemBypass(h.db, 'test: BOLA snapshot', async (tx) => ({
    threads: rowsOf(await tx.execute(sql`select id, last_message_at::text, updated_at::text from threads where professional_id = ${a.professionalId} order by id`)),
    messages: rowsOf(await tx.execute(sql`select count(*)::int as n from messages where professional_id = ${a.professionalId}`)),
    markers: rowsOf(await tx.execute(sql`select thread_id, user_id, last_read_message_id from thread_read_markers where professional_id = ${a.professionalId} order by 1, 2`)),
    outbox: rowsOf(await tx.execute(sql`select count(*)::int as n from event_outbox where professional_id = ${a.professionalId}`)),
    audit: rowsOf(await tx.execute(sql`select count(*)::int as n from audit_log where professional_id = ${a.professionalId}`)),
  }));

  const routes = () => [
    { method: 'GET', path: `/v1/threads/${threadId}/messages`, body: undefined },
    { method: 'POST', path: `/v1/threads/${threadId}/messages`, body: { body: 'intrusão' } },
    { method: 'POST', path: `/v1/threads/${threadId}/read`, body: { upToMessageId: messageId } },
    { method: 'POST', path: '/v1/threads', body: { patientId: aPatient.patientId } },
  ];

  it('when an intruder calls each route with A’s ids, then 404 problem+json and nothing of A changes', async () => {
    const before = await snapshot();
    for (const who of intruders) {
      for (const r of routes()) {
        const res = await h.api.call(r.method, r.path, r.body, { token: who.token });
        // A patient names no patientId of its own choosing: POST /v1/threads with another patient's id is 404 too.
        expect({ who: who.label, route: `${r.method} ${r.path}`, status: res.status }).toEqual({ who: who.label, route: `${r.method} ${r.path}`, status: 404 });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('when an intruder lists threads, also filtered by A’s patient, then none of A’s appear', async () => {
    for (const who of intruders) {
      for (const path of ['/v1/threads', `/v1/threads?patientId=${aPatient.patientId}`]) {
        const res = await h.api.get(path, { token: who.token });
        expect(res.status).toBe(200);
        expect(res.body.items.map((t: { id: string }) => t.id)).not.toContain(threadId);
        expect(res.body.unreadTotal).toBe(0);
      }
    }
  });

  it('when an intruder reads or saves its own preferences, then A’s and A’s patient’s are untouched', async () => {
    await h.api.put('/v1/me/notification-preferences', { emailOnMessage: false, quietPeriodMinutes: 5 }, { token: aPatient.token });
    for (const who of intruders) {
      expect((await h.api.put('/v1/me/notification-preferences', { emailOnMessage: true, quietPeriodMinutes: 0 }, { token: who.token })).status).toBe(200);
    }
    expect((await h.api.get('/v1/me/notification-preferences', { token: aPatient.token })).body).toMatchObject({ emailOnMessage: false, quietPeriodMinutes: 5 });
  });
});
