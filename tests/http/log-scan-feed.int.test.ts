import { describe, expect, it } from 'vitest';
import { startTestHost } from '../support/test-host.ts';
import { createProfessional } from '../support/factories.ts';
import { sensitiveStringsOf } from '../support/log-scan.ts';

/**
 * TEST-CATALOG 44: the log scan of every test host also looks for what the test itself sent as a password
 * or a health text, not only for fixed patterns (a clinical note matches no e-mail or token pattern).
 */
describe('the test host feeds its own passwords and health texts to the log scan (44)', () => {
  it('when a body carries passwords and notes, then exactly those strings are collected', () => {
    const found = sensitiveStringsOf({ email: 'a@b.co', password: 'minha senha secreta 2026', patch: { notes: 'glicemia de jejum 180 mg/dL', name: 'Rita Prado' }, answers: [{ value: 'dor no joelho esquerdo' }] });
    expect([...found].sort()).toEqual(['dor no joelho esquerdo', 'glicemia de jejum 180 mg/dL', 'minha senha secreta 2026']);
  });

  it('when a line logged during the test holds a note the test sent, then stopping the host fails', async () => {
    const h = await startTestHost();
    const pro = await createProfessional(h, { password: 'minha senha secreta 2026' });
    const note = 'glicemia de jejum 180 mg/dL, sem medicação';
    expect((await h.api.post('/v1/patients', { name: 'Rita Prado', notes: note }, { token: pro.accessToken })).status).toBe(201);
    h.logs.push(JSON.stringify({ event: 'debug.leak', value: note }));
    await expect(h.stop()).rejects.toThrow(/known secret/);
  });

  it('when a line holds the password the test registered with, then stopping the host fails', async () => {
    const h = await startTestHost();
    await createProfessional(h, { password: 'minha senha secreta 2026' });
    h.logs.push(JSON.stringify({ event: 'debug.leak', value: 'minha senha secreta 2026' }));
    await expect(h.stop()).rejects.toThrow(/known secret/);
  });
});
