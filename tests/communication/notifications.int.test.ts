import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import { MESSAGE_POSTED } from '@korevitta/domain';
import { invokeQueueFunction, relayOutbox, type QueueFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import type { TestHost } from '../support/test-host.ts';
import { createConversation, messageDelivery, post, startCommunicationHost } from './support.ts';

const MINUTE = 60_000;

describe('communication: new-message e-mails through the outbox and the default queue', () => {
  let h: TestHost;
  let delivery: ReturnType<typeof messageDelivery>;
  beforeAll(async () => {
    h = await startCommunicationHost();
    delivery = messageDelivery(h);
  });
  afterAll(async () => { await delivery.stop(); await h.stop(); });

  const mailsTo = (email: string) => h.rt.mailbox?.list({ to: email }) ?? [];

  it('when a professional posts twice within the quiet period, then the patient gets one e-mail without the text, and another after it', async () => {
    const { pro, patient, threadId } = await createConversation(h, { proName: 'Dra. Lívia' });
    await post(h, pro.accessToken, threadId, 'Seu exame de glicemia chegou: 180 mg/dL');
    expect(mailsTo(patient.email)).toHaveLength(0); // outbox, not "commit then send"
    await delivery.deliver({ professionalId: pro.professionalId });
    await post(h, pro.accessToken, threadId, 'Vamos ajustar a dieta');
    await delivery.deliver({ professionalId: pro.professionalId });
    const mails = mailsTo(patient.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Nova mensagem de Dra. Lívia');
    expect(mails[0]).toMatchObject({ kind: 'new_message', link: expect.stringMatching(new RegExp(`/mensagens/${threadId}$`)), token: null });
    for (const part of [mails[0]?.text, mails[0]?.html, mails[0]?.subject]) {
      expect(part).not.toContain('glicemia');
      expect(part).not.toContain('dieta');
    }
    expect(mailsTo(pro.email)).toHaveLength(0); // never to the sender

    // 31 minutes pass (moved in the state row: the access tokens would expire if the clock moved instead).
    await withSystemBypass(h.db, 'test: quiet period elapses', (tx) => tx.execute(sql`
      update thread_notification_state set last_notified_at = last_notified_at - ${`${31 * MINUTE} milliseconds`}::interval where thread_id = ${threadId}`));
    expect((await post(h, pro.accessToken, threadId, 'Está aí?')).status).toBe(201);
    await delivery.deliver({ professionalId: pro.professionalId });
    expect(mailsTo(patient.email)).toHaveLength(2);
  });

  it('when the patient posts, then the professional gets the e-mail (its locale), and the patient none', async () => {
    const { pro, patient, threadId } = await createConversation(h, { patientName: 'Maria Souza' });
    await withSystemBypass(h.db, 'test: locale', (tx) => tx.update(tables.users).set({ locale: 'en' }).where(eq(tables.users.id, pro.userId)));
    await post(h, patient.token, threadId, 'Tive dor no joelho');
    await delivery.deliver({ professionalId: pro.professionalId });
    const [mail] = mailsTo(pro.email);
    expect(mail?.subject).toBe('New message from Maria Souza');
    expect(mail?.text).not.toContain('joelho');
    expect(mailsTo(patient.email)).toHaveLength(0);
  });

  it('when the recipient turned e-mail alerts off, then no e-mail', async () => {
    const { pro, patient, threadId } = await createConversation(h);
    expect((await h.api.put('/v1/me/notification-preferences', { emailOnMessage: false, quietPeriodMinutes: 30 }, { token: patient.token })).status).toBe(200);
    await post(h, pro.accessToken, threadId, 'oi');
    await delivery.deliver({ professionalId: pro.professionalId });
    expect(mailsTo(patient.email)).toHaveLength(0);
  });

  it('when the recipient read the message in the app before the consumer ran, then no e-mail', async () => {
    const { pro, patient, threadId } = await createConversation(h);
    const msg = await post(h, pro.accessToken, threadId, 'oi');
    await h.api.post(`/v1/threads/${threadId}/read`, { upToMessageId: msg.body.id }, { token: patient.token });
    await delivery.deliver({ professionalId: pro.professionalId });
    expect(mailsTo(patient.email)).toHaveLength(0);
  });

  it('when the quiet period is 0, then each message e-mails; a redelivered message e-mails once (34)', async () => {
    const { pro, patient, threadId } = await createConversation(h);
    await h.api.put('/v1/me/notification-preferences', { emailOnMessage: true, quietPeriodMinutes: 0 }, { token: patient.token });
    const sent = await post(h, pro.accessToken, threadId, 'um');
    await relayOutbox({ db: h.db, sender: h.rt.queue, now: h.rt.clock.now(), onlyTypes: [MESSAGE_POSTED], onlyProfessionalId: pro.professionalId });
    // On a shared Postgres the relay also carries other test files' pending events: pick ours by its id.
    const received = await h.rt.localQueue!.receive('default', { max: 100 });
    const message = received.find((r) => r.messageId === sent.body.id);
    expect(message).toBeDefined();
    const queueFn = allFunctions.find((f): f is QueueFunctionDefinition => f.kind === 'queue' && f.queue === 'default')!;
    await invokeQueueFunction(queueFn, message!, h.rt);
    await invokeQueueFunction(queueFn, message!, h.rt);
    for (const r of received) await h.rt.localQueue!.complete(r.lockToken);
    expect(mailsTo(patient.email)).toHaveLength(1);
    await post(h, pro.accessToken, threadId, 'dois');
    await delivery.deliver({ professionalId: pro.professionalId });
    expect(mailsTo(patient.email)).toHaveLength(2);
  });

  it('when the outbox event is read, then it carries ids only', async () => {
    const { pro, threadId } = await createConversation(h);
    const msg = await post(h, pro.accessToken, threadId, 'segredo de saúde');
    const rows = await withSystemBypass(h.db, 'test: outbox', (tx) => tx.select().from(tables.eventOutbox).where(eq(tables.eventOutbox.messageId, msg.body.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: MESSAGE_POSTED, queue: 'default', version: 1, payload: { threadId, messageId: msg.body.id } });
    expect(JSON.stringify(rows[0]?.payload)).not.toContain('segredo');
    await delivery.deliver({ professionalId: pro.professionalId });
  });
});
