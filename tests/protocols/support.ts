import { materializingTasks, overrideTaskRegenerator } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createPatientLogin, type Professional } from '../support/factories.ts';

/**
 * A host with the protocol engine; task regeneration is the real materialization, wrapped to also record
 * which patients it ran for.
 */
export async function startProtocolHost(): Promise<{ h: TestHost; regenerated: string[]; stop: () => Promise<void> }> {
  const regenerated: string[] = [];
  const restore = overrideTaskRegenerator((tx, now) => {
    const real = materializingTasks(tx, now);
    return { regenerate: async (patientId) => { regenerated.push(patientId); await real.regenerate(patientId); } };
  });
  const h = await startTestHost();
  return { h, regenerated, stop: async () => { restore(); await h.stop(); } };
}

export const CONTENT = {
  nutrition: {
    dailyTargets: { kcal: 2000, proteinG: 150, carbsG: 200, fatG: 60 },
    meals: [{ key: 'cafe', name: 'Café da manhã', time: '07:30', items: [{ food: 'Ovos', quantity: 2, unit: 'un' }] }],
  },
  training: { sessions: [{ key: 'a', name: 'Treino A', weekdays: ['mon', 'thu'], time: '18:00', exercises: [{ name: 'Agachamento', sets: 4, reps: 10, loadKg: 60 }] }] },
  supplementation: { items: [{ key: 'creatina', name: 'Creatina', dose: 5, unit: 'g', times: ['08:00'] }] },
  hydration: { dailyGoalMl: 2500 },
};

export const auth = (p: { accessToken: string }) => ({ token: p.accessToken });

export async function createDraft(h: TestHost, pro: Professional, patientId: string, overrides: { name?: string; content?: unknown } = {}) {
  const res = await h.api.post(`/v1/patients/${patientId}/protocols`, { name: overrides.name ?? 'Plano inicial', content: overrides.content ?? CONTENT }, auth(pro));
  if (res.status !== 201) throw new Error(`create draft: ${res.status} ${res.text}`);
  return res.body as { id: string; revision: number; status: string };
}

/** A patient of `pro` who accepted its invite: returns its id and access token. */
export async function createPatientWithLogin(h: TestHost, pro: Professional) {
  const patient = await createPatientLogin(h, pro.professionalId);
  return { patientId: patient.patientId, accessToken: patient.token };
}
