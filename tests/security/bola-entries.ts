import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables, withSystemBypass } from '@korevitta/db';
import type { TestHost } from '../support/test-host.ts';
import type { Professional } from '../support/factories.ts';

/** Tenant A's world: its professional and the ids of its objects, by route parameter name. */
export interface BolaWorld { professional: Professional; ids: Record<string, string>; h: TestHost }

export interface BolaEntry {
  /** Creates A's objects this route needs (adds them to world.ids). */
  prepare?: (world: BolaWorld) => Promise<void>;
  /** A valid body, so that validation cannot hide a missing ownership check behind a 400. */
  body?: (world: BolaWorld) => unknown;
  /** A valid query string (without `?`), for the same reason. */
  query?: string;
}

const CONTENT = { hydration: { dailyGoalMl: 2000 } };

async function ensureProtocol(w: BolaWorld): Promise<void> {
  if (w.ids.protocolId) return;
  const res = await w.h.api.post(`/v1/patients/${w.ids.patientId}/protocols`, { name: 'Plano A', content: CONTENT }, { token: w.professional.accessToken });
  expect(res.status).toBe(201);
  w.ids.protocolId = res.body.id;
}

async function ensureTemplate(w: BolaWorld): Promise<void> {
  if (w.ids.templateId) return;
  const res = await w.h.api.post('/v1/protocol-templates', { name: 'Modelo A', content: CONTENT }, { token: w.professional.accessToken });
  expect(res.status).toBe(201);
  w.ids.templateId = res.body.id;
}

async function ensureTask(w: BolaWorld): Promise<void> {
  if (w.ids.taskId) return;
  await ensureProtocol(w);
  const activated = await w.h.api.post(`/v1/protocols/${w.ids.protocolId}/activate`, undefined, { token: w.professional.accessToken });
  expect(activated.status).toBe(200);
  const [task] = await withSystemBypass(w.h.db, 'test: BOLA task id', (tx) =>
    tx.select({ id: tables.dailyTasks.id }).from(tables.dailyTasks).where(eq(tables.dailyTasks.patientId, w.ids.patientId!)).limit(1));
  expect(task).toBeDefined();
  w.ids.taskId = task!.id;
}

async function ensureThread(w: BolaWorld): Promise<void> {
  if (w.ids.threadId) return;
  const res = await w.h.api.post('/v1/threads', { patientId: w.ids.patientId }, { token: w.professional.accessToken });
  expect(res.status).toBe(201);
  w.ids.threadId = res.body.id;
  const msg = await w.h.api.post(`/v1/threads/${res.body.id}/messages`, { body: 'Olá' }, { token: w.professional.accessToken });
  expect(msg.status).toBe(201);
  w.ids.messageId = msg.body.id;
}

/** A simple form schema every check-in route can answer. */
export const BOLA_FORM_SCHEMA = { questions: [{ id: 'peso', type: 'number', label: 'Peso', unit: 'kg', min: 20, max: 400, required: true }] };

async function ensureCheckinForm(w: BolaWorld): Promise<void> {
  if (w.ids.formId) return;
  const res = await w.h.api.post('/v1/checkin-forms', { name: 'Semanal', schema: BOLA_FORM_SCHEMA }, { token: w.professional.accessToken });
  expect(res.status).toBe(201);
  w.ids.formId = res.body.id;
}

/** A's patient with a schedule whose first check-in exists (scheduled). */
async function ensureCheckin(w: BolaWorld): Promise<void> {
  if (w.ids.checkinId) return;
  await ensureCheckinForm(w);
  const res = await w.h.api.put(`/v1/patients/${w.ids.patientId}/checkin-schedule`, scheduleBody(w), { token: w.professional.accessToken });
  expect(res.status).toBe(201);
  w.ids.checkinId = res.body.current.id;
}

const scheduleBody = (w: BolaWorld) => ({ formId: w.ids.formId, cadence: 'weekly', dueTime: '09:00', graceHours: 24 });

async function ensureMeasurement(w: BolaWorld): Promise<void> {
  if (w.ids.measurementId) return;
  const res = await w.h.api.post(`/v1/patients/${w.ids.patientId}/measurements`, { measuredOn: '2026-01-01', weightKg: 70 }, { token: w.professional.accessToken });
  expect(res.status).toBe(201);
  w.ids.measurementId = res.body.id;
}

/** A's patient's upload ticket with the file in place (not confirmed). */
async function ensureUpload(w: BolaWorld): Promise<void> {
  if (w.ids.uploadId) return;
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
  const res = await w.h.api.post('/v1/uploads', { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: jpeg.length, patientId: w.ids.patientId }, { token: w.professional.accessToken });
  expect(res.status).toBe(201);
  expect((await fetch(res.body.url, { method: 'PUT', headers: res.body.requestHeaders, body: jpeg })).status).toBe(201);
  w.ids.uploadId = res.body.uploadId;
}

/** A confirmed photo of A's patient (its own upload, so the confirm entry keeps an unconfirmed one). */
export async function ensurePhoto(w: BolaWorld): Promise<void> {
  if (w.ids.photoId) return;
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
  const res = await w.h.api.post('/v1/uploads', { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: jpeg.length, patientId: w.ids.patientId }, { token: w.professional.accessToken });
  expect((await fetch(res.body.url, { method: 'PUT', headers: res.body.requestHeaders, body: jpeg })).status).toBe(201);
  const photo = await w.h.api.post(`/v1/patients/${w.ids.patientId}/photos`, { uploadId: res.body.uploadId, pose: 'front', takenAt: '2026-01-01T10:00:00.000Z' }, { token: w.professional.accessToken });
  expect(photo.status).toBe(201);
  w.ids.photoId = photo.body.id;
}

/** A valid lab panel (glucose in mmol/L, converted to the canonical mg/dL). */
export const LAB_PANEL_BODY = { collectedOn: '2026-01-01', laboratory: 'Lab Central', values: [{ biomarker: 'glucose_fasting', value: 5.2, unit: 'mmol/L' }] };

/** One entry per route with an object id in its path (function name → entry). */
export const BOLA_ENTRIES: Record<string, BolaEntry> = {
  'patients-get': {},
  'patients-update': { body: () => ({ name: 'Hackeado' }) },
  'patients-delete': {},
  'patients-invite': {},
  'protocols-list': {},
  'protocols-create': { body: () => ({ name: 'Intruso', content: CONTENT }) },
  'protocols-get': { prepare: ensureProtocol },
  'protocols-update': { prepare: ensureProtocol, body: () => ({ name: 'Hackeado' }) },
  'protocols-activate': { prepare: ensureProtocol },
  'protocols-archive': { prepare: ensureProtocol },
  'protocols-versions-list': { prepare: ensureProtocol },
  'protocols-versions-diff': { prepare: ensureProtocol, query: 'from=1&to=1' },
  'protocol-templates-apply': { prepare: ensureTemplate, body: (w) => ({ patientId: w.ids.patientId }) },
  'daily-tasks-complete': { prepare: ensureTask },
  'daily-tasks-uncomplete': { prepare: ensureTask },
  'patients-adherence-get': {},
  'patients-risk-get': {},
  'thread-messages-list': { prepare: ensureThread },
  'thread-messages-create': { prepare: ensureThread, body: () => ({ body: 'Intrusão' }) },
  'threads-read': { prepare: ensureThread, body: (w) => ({ upToMessageId: w.ids.messageId! }) },
  'checkin-form-get': { prepare: ensureCheckinForm },
  'checkin-form-version-create': { prepare: ensureCheckinForm, body: () => ({ schema: BOLA_FORM_SCHEMA }) },
  'checkin-schedule-get': { prepare: ensureCheckin },
  'checkin-schedule-put': { prepare: ensureCheckinForm, body: (w) => scheduleBody(w) },
  'checkin-get': { prepare: ensureCheckin },
  'checkin-submit': { prepare: ensureCheckin, body: () => ({ formContentVersion: 1, answers: { peso: 80 } }) },
  'checkin-review': { prepare: ensureCheckin, body: () => ({ notes: 'ok' }) },
  'measurements-record': { body: () => ({ measuredOn: '2026-01-01', weightKg: 70 }) },
  'measurements-list': {},
  'measurements-get': { prepare: ensureMeasurement },
  'photos-confirm': { prepare: ensureUpload, body: (w) => ({ uploadId: w.ids.uploadId, pose: 'front', takenAt: '2026-01-01T10:00:00.000Z' }) },
  'photos-list': {},
  'photos-delete': { prepare: ensurePhoto },
  'lab-results-record': { body: () => LAB_PANEL_BODY },
  'lab-results-list': {},
  'patients-access-log-list': {},
  'patients-anonymize': { body: (w) => ({ confirmPatientId: w.ids.patientId }) },
};
