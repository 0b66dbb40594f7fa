import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../packages/local-host/src/demo-seed.ts';
import { startTestHost, type TestHost } from './support.ts';

/** `npm run seed` (issue 10 step 6): the demo patients come with measurements and flagged lab panels. */
describe('demo seed: progress', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  it('when the demo is seeded (twice), then a patient sees six measurements and two lab panels with a flagged series', async () => {
    const logins = await seedDemo(h.rt);
    expect(await seedDemo(h.rt)).toEqual(logins);
    const patient = logins.find((l) => l.role === 'patient' && l.name === 'Ana Beatriz Lima')!;
    const login = await h.api.post('/v1/auth/login', { email: patient.email, password: patient.password });
    expect(login.status).toBe(200);
    const me = await h.api.get('/v1/me', { token: login.body.accessToken });
    const patientId = me.body.patient.id as string;
    const auth = { token: login.body.accessToken as string };
    const measurements = await h.api.get(`/v1/patients/${patientId}/measurements`, auth);
    expect(measurements.body.series.measuredOn).toHaveLength(6);
    const panels = await h.api.get(`/v1/patients/${patientId}/lab-results`, auth);
    expect(panels.body.items).toHaveLength(2);
    const series = await h.api.get(`/v1/patients/${patientId}/lab-results?biomarker=ferritin`, auth);
    expect(series.body.items.map((p: { flag: string }) => p.flag)).toEqual(['low', 'normal']);
  });
});
