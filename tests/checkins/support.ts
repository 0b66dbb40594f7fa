import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { CHECKIN_STEP_DUE, CHECKIN_STEP_DUE_VERSION, type MessageEnvelope } from '@korevitta/domain';
import { startLocalQueueWorker, type QueueFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { createProfessional, login, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import type { TestHost } from '../support/test-host.ts';
import { createPatientLogin, type PatientLogin } from '../communication/support.ts';

/** A weekly form: a required number with a range, a required scale, an optional text. */
export const FORM_V1 = {
  questions: [
    { id: 'peso', type: 'number', label: 'Peso', unit: 'kg', min: 20, max: 400, required: true },
    { id: 'humor', type: 'scale', label: 'Como foi a semana?', max: 5, required: true },
    { id: 'obs', type: 'long_text', label: 'Observações', required: false },
  ],
};
/** Version 2 adds a required yes/no question. */
export const FORM_V2 = { questions: [...FORM_V1.questions, { id: 'treinou', type: 'yes_no', label: 'Treinou 3x?', required: true }] };

/** Tuesday 2026-12-01 07:00 in São Paulo (UTC−3, no DST). */
export const BASE = new Date('2026-12-01T10:00:00.000Z');

export interface CheckinWorld { pro: Professional; patient: PatientLogin; formId: string; proToken: string; patientToken: string }

/** A professional, a patient with a login, a form; the clock fixed at `at`. */
export async function checkinWorld(h: TestHost, at: Date = BASE): Promise<CheckinWorld> {
  h.clock.set(at);
  const pro = await createProfessional(h, { name: 'Dra. Clara Nunes' });
  const patient = await createPatientLogin(h, pro, 'Maria Antônia');
  const form = await h.api.post('/v1/checkin-forms', { name: 'Check-in semanal', schema: FORM_V1 }, { token: pro.accessToken });
  expect(form.status).toBe(201);
  return { pro, patient, formId: form.body.id, proToken: pro.accessToken, patientToken: patient.token };
}

/** Moves the clock and logs both in again (access tokens expire with the clock). */
export async function travel(h: TestHost, w: CheckinWorld, to: Date): Promise<void> {
  h.clock.set(to);
  const p = await login(h, w.pro.email, w.pro.password);
  expect(p.status).toBe(200);
  const q = await login(h, w.patient.email, STRONG_PASSWORD);
  expect(q.status).toBe(200);
  w.proToken = p.body.accessToken;
  w.patientToken = q.body.accessToken;
}

export const weekly = (formId: string, extra: Record<string, unknown> = {}) => ({ formId, cadence: 'weekly', dueTime: '09:00', graceHours: 24, anchorDate: '2026-12-02', ...extra });

export async function putSchedule(h: TestHost, w: CheckinWorld, body: Record<string, unknown> = weekly(w.formId)) {
  return h.api.put(`/v1/patients/${w.patient.patientId}/checkin-schedule`, body, { token: w.proToken });
}

/**
 * The queue worker, and a relay of this professional's timing messages only: the database is shared with
 * other test files running at other clock times, whose check-ins this test must never advance.
 */
export function timingDelivery(h: TestHost, professionalId: string) {
  const queueFunctions = allFunctions.filter((f): f is QueueFunctionDefinition => f.kind === 'queue');
  const worker = startLocalQueueWorker({ queue: h.rt.localQueue!, functions: queueFunctions, rt: h.rt, poll: false });
  return {
    /** Publishes the professional's pending timing messages (as the relay would), returns their message ids. */
    async relay(): Promise<string[]> {
      const rows = await withSystemBypass(h.db, 'test: own timing messages', async (tx) => rowsOf<{ id: string; message_id: string; payload: unknown; deliver_at: string | null; occurred_at: string }>(await tx.execute(sql`
        update event_outbox set published_at = ${h.rt.clock.now().toISOString()}::timestamptz
        where professional_id = ${professionalId}::uuid and type = ${CHECKIN_STEP_DUE} and published_at is null
        returning id, message_id, payload, to_json(deliver_at) #>> '{}' as deliver_at, to_json(occurred_at) #>> '{}' as occurred_at`)));
      for (const r of rows) {
        await h.rt.queue.send('default', envelope(r.message_id, r.payload, r.occurred_at), r.deliver_at ? { scheduledAt: new Date(r.deliver_at) } : {});
      }
      return rows.map((r) => r.message_id);
    },
    async send(messageId: string, payload: unknown) {
      await h.rt.queue.send('default', envelope(messageId, payload, h.rt.clock.now().toISOString()));
    },
    drain: () => worker.drain(),
    async deliver() {
      await this.relay();
      await worker.drain();
    },
    stop: () => worker.stop(),
  };
}

const envelope = (messageId: string, payload: unknown, occurredAt: string): MessageEnvelope => ({
  messageId, type: CHECKIN_STEP_DUE, version: CHECKIN_STEP_DUE_VERSION, occurredAt, correlationId: null, payload: typeof payload === 'string' ? JSON.parse(payload) : payload,
});
