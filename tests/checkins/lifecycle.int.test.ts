import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { BASE, checkinWorld, FORM_V2, putSchedule, travel, weekly } from './support.ts';

const at = (iso: string) => new Date(iso);

/**
 * A check-in's life over HTTP (seed §10.2): schedule → scheduled → open → submitted (on time or late) →
 * reviewed, the next instance on close, form versions binding answers, schedule changes from the next one.
 */
describe('check-ins over HTTP', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  it('when a schedule is set, then the first check-in is scheduled at the due time in the patient’s zone, opening a day before', async () => {
    const w = await checkinWorld(h);
    const res = await putSchedule(h, w);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ cadence: 'weekly', dueTime: '09:00', graceHours: 24, timezone: 'America/Sao_Paulo', enabled: true, revision: 1 });
    expect(res.body.current).toMatchObject({ status: 'scheduled', opensAt: '2026-12-01T12:00:00.000Z', dueAt: '2026-12-02T12:00:00.000Z', graceEndsAt: '2026-12-03T12:00:00.000Z' });
    const got = await h.api.get(`/v1/patients/${w.patient.patientId}/checkin-schedule`, { token: w.proToken });
    expect(got.status).toBe(200);
    expect(got.body.current.id).toBe(res.body.current.id);
    const mine = await h.api.get('/v1/me/checkins', { token: w.patientToken });
    expect(mine.body.items.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([[res.body.current.id, 'scheduled']]);
  });

  it('when its opensAt has passed but no message or sweep moved it yet, then the check-in reads pending (as a submit accepts it), and the filters agree', async () => {
    const w = await checkinWorld(h);
    const id = (await putSchedule(h, w)).body.current.id as string;
    await travel(h, w, at('2026-12-01T12:00:00.000Z')); // opensAt exactly; the stored row is still `scheduled`
    const one = await h.api.get(`/v1/checkins/${id}`, { token: w.patientToken });
    expect(one.body).toMatchObject({ status: 'pending', openedAt: '2026-12-01T12:00:00.000Z' });
    expect((await h.api.get('/v1/me/checkins?status=pending', { token: w.patientToken })).body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await h.api.get('/v1/me/checkins?status=scheduled', { token: w.patientToken })).body.items).toEqual([]);
    const inbox = await h.api.get(`/v1/checkins?status=pending&status=late&patientId=${w.patient.patientId}`, { token: w.proToken });
    expect(inbox.body.items).toEqual([expect.objectContaining({ id, status: 'pending' })]);
    await travel(h, w, at('2026-12-02T12:00:00.000Z')); // dueAt: late, still answerable
    expect((await h.api.get(`/v1/checkins/${id}`, { token: w.patientToken })).body).toMatchObject({ status: 'late' });
    expect((await h.api.get('/v1/me/checkins?status=late', { token: w.patientToken })).body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    await travel(h, w, at('2026-12-03T12:00:00.000Z')); // graceEndsAt: missed
    expect((await h.api.get(`/v1/checkins/${id}`, { token: w.patientToken })).body).toMatchObject({ status: 'missed' });
    expect((await h.api.get('/v1/me/checkins?status=missed', { token: w.patientToken })).body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const late = await h.api.post(`/v1/checkins/${id}/submit`, { formContentVersion: 1, answers: { peso: 80, humor: 4 } }, { token: w.patientToken });
    expect(late.body.code).toBe('CHECKIN.MISSED');
  });

  it('when the patient answers before it opens, with bad answers, then on time, then 409, 422 with pointers, and 200 with the next one scheduled', async () => {
    const w = await checkinWorld(h);
    const id = (await putSchedule(h, w)).body.current.id as string;
    const early = await h.api.post(`/v1/checkins/${id}/submit`, { formContentVersion: 1, answers: { peso: 80, humor: 4 } }, { token: w.patientToken });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CHECKIN.NOT_OPEN');

    await travel(h, w, at('2026-12-01T13:00:00.000Z'));
    const bad = await h.api.post(`/v1/checkins/${id}/submit`, { formContentVersion: 1, answers: { peso: 1000, nope: 1 } }, { token: w.patientToken });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/answers/peso', '/body/answers/humor', '/body/answers/nope']);

    const ok = await h.api.post(`/v1/checkins/${id}/submit`, { formContentVersion: 1, answers: { peso: 80.5, humor: 4, obs: '  semana boa  ' } }, { token: w.patientToken });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, status: 'submitted', submittedLate: false, submittedAt: '2026-12-01T13:00:00.000Z', openedAt: '2026-12-01T12:00:00.000Z', lateAt: null });
    expect(ok.body.answers).toEqual({ peso: 80.5, humor: 4, obs: 'semana boa' });

    const again = await h.api.post(`/v1/checkins/${id}/submit`, { formContentVersion: 1, answers: { peso: 80, humor: 4 } }, { token: w.patientToken });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CHECKIN.ALREADY_SUBMITTED');

    const mine = await h.api.get('/v1/me/checkins', { token: w.patientToken });
    expect(mine.body.items.map((c: { status: string; dueAt: string }) => [c.status, c.dueAt])).toEqual([
      ['scheduled', '2026-12-09T12:00:00.000Z'],
      ['submitted', '2026-12-02T12:00:00.000Z'],
    ]);
  });

  it('when the professional reviews, then the inbox shows the oldest answer first with its wait, the review is audited with the notes masked, and a second review is 409', async () => {
    const w = await checkinWorld(h);
    const id = (await putSchedule(h, w)).body.current.id as string;
    await travel(h, w, at('2026-12-01T13:00:00.000Z'));
    expect((await h.api.post(`/v1/checkins/${id}/submit`, { formContentVersion: 1, answers: { peso: 80, humor: 3 } }, { token: w.patientToken })).status).toBe(200);

    await travel(h, w, at('2026-12-01T15:00:00.000Z'));
    const inbox = await h.api.get(`/v1/checkins?patientId=${w.patient.patientId}`, { token: w.proToken });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({ id, status: 'submitted', patientName: 'Maria Antônia', formName: 'Check-in semanal', timeToReviewMs: 2 * 3_600_000 });
    const scheduled = await h.api.get(`/v1/checkins?patientId=${w.patient.patientId}&status=scheduled,pending`, { token: w.proToken });
    expect(scheduled.body.items.map((c: { status: string }) => c.status)).toEqual(['scheduled']);

    const reviewed = await h.api.post(`/v1/checkins/${id}/review`, { notes: 'Ótimo progresso, manter.' }, { token: w.proToken });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ status: 'reviewed', reviewNotes: 'Ótimo progresso, manter.', timeToReviewMs: 2 * 3_600_000, reviewedAt: '2026-12-01T15:00:00.000Z' });
    const twice = await h.api.post(`/v1/checkins/${id}/review`, { notes: 'de novo' }, { token: w.proToken });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CHECKIN.ALREADY_REVIEWED');

    const trail = await withSystemBypass(h.db, 'test: audit', async (tx) => rowsOf<{ action: string; changes: Record<string, unknown> }>(await tx.execute(sql`
      select action, changes from audit_log where entity_id = ${id}::uuid order by occurred_at, action`)));
    expect(trail.map((r) => r.action)).toEqual(['checkin.submitted', 'checkin.reviewed']);
    expect(trail[1]!.changes).toEqual({ status: { before: 'submitted', after: 'reviewed' }, reviewNotes: { after: '[masked]' } });
    expect(JSON.stringify(trail)).not.toContain('progresso');

    const patientView = await h.api.get(`/v1/checkins/${id}`, { token: w.patientToken });
    expect(patientView.body).toMatchObject({ status: 'reviewed', reviewNotes: 'Ótimo progresso, manter.', formSchema: { questions: expect.any(Array) } });
    const patientReview = await h.api.post(`/v1/checkins/${id}/review`, { notes: 'eu mesmo' }, { token: w.patientToken });
    expect(patientReview.status).toBe(403);
  });

  it('when answered after the due time, then it is recorded as late; after the grace window it is 409 missed', async () => {
    const w = await checkinWorld(h);
    const first = (await putSchedule(h, w)).body.current.id as string;
    await travel(h, w, at('2026-12-02T20:00:00.000Z'));
    const late = await h.api.post(`/v1/checkins/${first}/submit`, { formContentVersion: 1, answers: { peso: 81, humor: 2 } }, { token: w.patientToken });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: 'submitted', submittedLate: true, lateAt: '2026-12-02T12:00:00.000Z' });

    const second = (await h.api.get(`/v1/patients/${w.patient.patientId}/checkin-schedule`, { token: w.proToken })).body.current;
    expect(second).toMatchObject({ status: 'scheduled', dueAt: '2026-12-09T12:00:00.000Z', graceEndsAt: '2026-12-10T12:00:00.000Z' });
    await travel(h, w, at('2026-12-10T12:00:00.000Z'));
    const missed = await h.api.post(`/v1/checkins/${second.id}/submit`, { formContentVersion: 1, answers: { peso: 81, humor: 2 } }, { token: w.patientToken });
    expect(missed.status).toBe(409);
    expect(missed.body.code).toBe('CHECKIN.MISSED');
  });

  it('when the form gets a new version, then the open check-in keeps answering its version, the next one answers the new one, and old answers stay valid', async () => {
    const w = await checkinWorld(h);
    const first = (await putSchedule(h, w)).body.current.id as string;
    const v2 = await h.api.post(`/v1/checkin-forms/${w.formId}/versions`, { schema: FORM_V2 }, { token: w.proToken });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ contentVersion: 2, shownContentVersion: 2, versions: [{ contentVersion: 1 }, { contentVersion: 2 }] });

    await travel(h, w, at('2026-12-01T13:00:00.000Z'));
    const wrong = await h.api.post(`/v1/checkins/${first}/submit`, { formContentVersion: 2, answers: { peso: 80, humor: 4, treinou: true } }, { token: w.patientToken });
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe('CHECKIN.FORM_VERSION_MISMATCH');
    const v1Answer = await h.api.post(`/v1/checkins/${first}/submit`, { formContentVersion: 1, answers: { peso: 80, humor: 4 } }, { token: w.patientToken });
    expect(v1Answer.status).toBe(200);
    expect(v1Answer.body.formSchema.questions.map((q: { id: string }) => q.id)).toEqual(['peso', 'humor', 'obs']);

    const mine = await h.api.get('/v1/me/checkins?status=scheduled', { token: w.patientToken });
    const next = mine.body.items[0];
    expect(next).toMatchObject({ formContentVersion: 2 });
    const detail = await h.api.get(`/v1/checkins/${next.id}`, { token: w.patientToken });
    expect(detail.body.formSchema.questions.map((q: { id: string }) => q.id)).toEqual(['peso', 'humor', 'obs', 'treinou']);
    const old = await h.api.get(`/v1/checkins/${first}`, { token: w.proToken });
    expect(old.body).toMatchObject({ formContentVersion: 1, answers: { peso: 80, humor: 4 } });
  });

  it('when the schedule changes while a check-in is open, then that one keeps its time and the next follows the new schedule', async () => {
    const w = await checkinWorld(h);
    const first = (await putSchedule(h, w)).body.current;
    const changed = await putSchedule(h, w, weekly(w.formId, { dueTime: '18:00', cadence: 'biweekly', graceHours: 48 }));
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ dueTime: '18:00', cadence: 'biweekly', revision: 2 });
    expect(changed.body.current).toMatchObject({ id: first.id, dueAt: first.dueAt });

    await travel(h, w, at('2026-12-01T13:00:00.000Z'));
    expect((await h.api.post(`/v1/checkins/${first.id}/submit`, { formContentVersion: 1, answers: { peso: 79, humor: 5 } }, { token: w.patientToken })).status).toBe(200);
    const next = (await h.api.get(`/v1/patients/${w.patient.patientId}/checkin-schedule`, { token: w.proToken })).body.current;
    // Biweekly from the anchor Wed 2026-12-02: the next occurrence after the closed one is Wed 12-16, 18:00 local.
    expect(next).toMatchObject({ dueAt: '2026-12-16T21:00:00.000Z', graceEndsAt: '2026-12-18T21:00:00.000Z' });
  });

  it('when either party opens the conversation about a check-in, then it is one thread with the check-in as context; another patient’s check-in is 422', async () => {
    const w = await checkinWorld(h);
    const id = (await putSchedule(h, w)).body.current.id as string;
    const opened = await h.api.post('/v1/threads', { patientId: w.patient.patientId, contextType: 'checkin', contextId: id }, { token: w.proToken });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ contextType: 'checkin', contextId: id, patientId: w.patient.patientId });
    const again = await h.api.post('/v1/threads', { patientId: w.patient.patientId, contextType: 'checkin', contextId: id }, { token: w.proToken });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(opened.body.id);
    const other = await checkinWorld(h);
    const foreign = (await putSchedule(h, other)).body.current.id as string;
    const wrong = await h.api.post('/v1/threads', { patientId: w.patient.patientId, contextType: 'checkin', contextId: foreign }, { token: w.proToken });
    expect(wrong.status).toBe(422);
  });

  it('when a schedule does not hold together, then 400/404 with the field named, and nothing is created', async () => {
    const w = await checkinWorld(h, BASE);
    const cases: [Record<string, unknown>, number, string][] = [
      [weekly(w.formId, { graceHours: 500 }), 400, '/body/graceHours'],
      [weekly(w.formId, { cadence: 'custom', everyDays: 1, graceHours: 24 }), 400, '/body/graceHours'],
      [weekly(w.formId, { everyDays: 3 }), 400, '/body/everyDays'],
      [weekly(w.formId, { dueTime: '24:00' }), 400, '/body/dueTime'],
      [weekly(w.formId, { anchorDate: '2026-02-30' }), 400, '/body/anchorDate'],
      [weekly(w.formId, { cadence: 'daily' }), 400, '/body/cadence'],
    ];
    for (const [body, status, pointer] of cases) {
      const res = await putSchedule(h, w, body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    const unknownForm = await putSchedule(h, w, weekly('0195c2a0-0000-7000-8000-000000000000'));
    expect(unknownForm.status).toBe(404);
    expect(unknownForm.body.code).toBe('CHECKIN.FORM_NOT_FOUND');
    expect((await h.api.get(`/v1/patients/${w.patient.patientId}/checkin-schedule`, { token: w.proToken })).status).toBe(404);
  });
});
