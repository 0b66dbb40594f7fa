import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, STRONG_PASSWORD, type Professional } from '../support/factories.ts';

const CONTENT = {
  nutrition: { dailyTargets: { kcal: 2000, proteinG: 150, carbsG: 200, fatG: 60 }, meals: [
    { key: 'cafe', name: 'Café da manhã', time: '07:30', items: [{ food: 'Ovos', quantity: 2, unit: 'un' }] },
    { key: 'almoco', name: 'Almoço', time: '12:30', items: [] },
  ] },
  hydration: { dailyGoalMl: 2000 },
};

/** The professional's protocol reaches the patient's day: activation, a new version, completion, water. */
describe('flow: from protocol to the patient’s day', () => {
  let h: TestHost;
  let pro: Professional;
  let patient: { id: string; token: string };
  beforeAll(async () => {
    h = await startTestHost();
    pro = await createProfessional(h);
    const invite = await createInvitedPatient(h, pro.professionalId);
    const accepted = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    patient = { id: invite.patientId, token: accepted.body.accessToken };
  });
  afterAll(async () => { await h.stop(); });

  it('when a protocol is activated and then edited, then today’s tasks follow each version and completions survive', async () => {
    const draft = await h.api.post(`/v1/patients/${patient.id}/protocols`, { name: 'Plano', content: CONTENT }, { token: pro.accessToken });
    expect(draft.status).toBe(201);
    expect((await h.api.post(`/v1/protocols/${draft.body.id}/activate`, undefined, { token: pro.accessToken })).status).toBe(200);

    const day1 = await h.api.get('/v1/me/daily', { token: patient.token });
    expect(day1.status).toBe(200);
    const meals = (day1.body.tasks as { id: string; kind: string; title: string }[]).filter((t) => t.kind === 'meal');
    expect(meals.map((t) => t.title)).toEqual(['Café da manhã', 'Almoço']);

    const breakfast = meals[0]!;
    expect((await h.api.post(`/v1/daily-tasks/${breakfast.id}/completion`, undefined, { token: patient.token })).status).toBeLessThan(300);
    expect((await h.api.post('/v1/me/water-intake', { amountMl: 500 }, { token: patient.token })).status).toBeLessThan(300);

    const current = await h.api.get(`/v1/protocols/${draft.body.id}`, { token: pro.accessToken });
    const edited = await h.api.patch(`/v1/protocols/${draft.body.id}`, {
      content: { ...CONTENT, nutrition: { ...CONTENT.nutrition, meals: [CONTENT.nutrition.meals[0], { key: 'jantar', name: 'Jantar', time: '19:30', items: [] }] } },
    }, { token: pro.accessToken, headers: { 'if-match': current.headers.get('etag') ?? '' } });
    expect(edited.status).toBe(200);

    const day2 = await h.api.get('/v1/me/daily', { token: patient.token });
    const titles = (day2.body.tasks as { kind: string; title: string }[]).filter((t) => t.kind === 'meal').map((t) => t.title);
    expect(titles).toContain('Café da manhã');
    expect(titles).toContain('Jantar');
    expect(titles).not.toContain('Almoço');
    const kept = (day2.body.tasks as { id: string; completed?: boolean; completedAt?: string | null }[]).find((t) => t.id === breakfast.id);
    expect(kept).toBeDefined();
    expect(day2.body.hydration).toMatchObject({ goalMl: 2000, consumedMl: 500 });
  });
});
