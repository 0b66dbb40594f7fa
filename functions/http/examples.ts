/**
 * Real request and response bodies of the P0 flows (seed §9.4), shown in the OpenAPI document and checked
 * against their schemas by tests/static/openapi-lint.test.ts, so an example can never drift from the API.
 */
export const EXAMPLE_IDS = {
  professional: '0193a3b1-5f2e-7c4d-9a1b-2c3d4e5f6a7c',
  patient: '0193a3b2-0c1d-7e2f-8a3b-4c5d6e7f8a9b',
  protocol: '0193a3b3-0a1b-7c2d-9e3f-4a5b6c7d8e9f',
  form: '0193a3b5-2b3c-7d4e-8f5a-6b7c8d9e0f1a',
  checkin: '0193a3b6-3c4d-7e5f-9a6b-7c8d9e0f1a2b',
  thread: '0193a3b7-4d5e-7f6a-8b7c-8d9e0f1a2b3c',
  message: '0193a3b8-5e6f-7a7b-9c8d-9e0f1a2b3c4d',
} as const;

export const PROTOCOL_CONTENT_EXAMPLE = {
  nutrition: {
    dailyTargets: { kcal: 1800, proteinG: 110, carbsG: 200, fatG: 60 },
    meals: [
      { key: 'cafe', name: 'Café da manhã', time: '07:30', items: [{ food: 'Ovos mexidos', quantity: 2, unit: 'unidades' }, { food: 'Pão integral', quantity: 1, unit: 'fatia' }] },
      { key: 'almoco', name: 'Almoço', time: '12:30', items: [{ food: 'Arroz integral', quantity: 120, unit: 'g' }, { food: 'Frango grelhado', quantity: 150, unit: 'g' }] },
    ],
  },
  training: { sessions: [{ key: 'forca-a', name: 'Força A', weekdays: ['mon', 'wed', 'fri'], time: '18:00', exercises: [{ name: 'Agachamento', sets: 4, reps: 10, loadKg: 40 }] }] },
  supplementation: { items: [{ key: 'creatina', name: 'Creatina', dose: 3, unit: 'g', times: ['08:00'] }] },
  hydration: { dailyGoalMl: 2000 },
};

export const PROTOCOL_EXAMPLE = {
  id: EXAMPLE_IDS.protocol,
  patientId: EXAMPLE_IDS.patient,
  name: 'Plano de emagrecimento — fase 1',
  status: 'active',
  contentVersion: 1,
  revision: 2,
  activatedAt: '2026-12-03T12:05:00.000Z',
  archivedAt: null,
  createdAt: '2026-12-03T12:01:00.000Z',
  updatedAt: '2026-12-03T12:05:00.000Z',
  content: PROTOCOL_CONTENT_EXAMPLE,
};
