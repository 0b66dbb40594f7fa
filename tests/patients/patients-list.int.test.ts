import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfessional, type Professional } from '../support/factories.ts';
import type { TestHost } from '../support/test-host.ts';
import { setRiskAndActivity, startPatientsHost } from './support.ts';

describe('patients: the CRM list', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startPatientsHost(); });
  afterAll(async () => { await h.stop(); });

  const add = async (pro: Professional, body: Record<string, unknown>) => {
    const res = await h.api.post('/v1/patients', body, { token: pro.accessToken });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const list = (pro: Professional, qs: string) => h.api.get(`/v1/patients${qs}`, { token: pro.accessToken });
  const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name);

  it('when searching without accents or case, then Brazilian names with accents are found (e-mail too)', async () => {
    const pro = await createProfessional(h);
    await add(pro, { name: 'João Pedro' });
    await add(pro, { name: 'Maria da Conceição' });
    await add(pro, { name: 'Zé Ninguém', email: 'ze.ninguem@example.com' });
    expect(names(await list(pro, '?q=joao'))).toEqual(['João Pedro']);
    expect(names(await list(pro, '?q=CONCEICAO'))).toEqual(['Maria da Conceição']);
    expect(names(await list(pro, '?q=Conceição'))).toEqual(['Maria da Conceição']);
    expect(names(await list(pro, '?q=ze.ninguem@'))).toEqual(['Zé Ninguém']);
    expect(names(await list(pro, '?q=%25'))).toEqual([]);
  });

  it('when filtering by status and risk band, then only matching patients come back', async () => {
    const pro = await createProfessional(h);
    const a = await add(pro, { name: 'Ativo' });
    await add(pro, { name: 'Pausado', status: 'paused' });
    const r = await add(pro, { name: 'Em risco' });
    await setRiskAndActivity(h, r, { status: 'at_risk', riskScore: 80, riskBand: 'high' });
    await setRiskAndActivity(h, a, { riskScore: 10, riskBand: 'low' });
    expect(names(await list(pro, '?status=paused'))).toEqual(['Pausado']);
    // The documented form (repeated parameters, as generated clients send it) and the comma form agree.
    expect(names(await list(pro, '?status=at_risk&status=paused'))).toEqual(['Em risco', 'Pausado']);
    expect(names(await list(pro, '?status=active&status=paused'))).toEqual(['Ativo', 'Pausado']);
    expect(names(await list(pro, '?status=at_risk,paused'))).toEqual(['Em risco', 'Pausado']);
    expect(names(await list(pro, '?riskBand=high'))).toEqual(['Em risco']);
    // A new patient is assessed at creation: Pausado (no data yet) is low too.
    expect(names(await list(pro, '?riskBand=high&riskBand=low'))).toEqual(['Ativo', 'Em risco', 'Pausado']);
    const bad = await list(pro, '?status=deleted');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toMatch(/^\/query\/status/);
  });

  it('when sorted by risk, then at-risk patients come first, then high, moderate, low, unknown', async () => {
    const pro = await createProfessional(h);
    const ids = {
      none: await add(pro, { name: 'Sem score' }),
      low: await add(pro, { name: 'Baixo' }),
      high: await add(pro, { name: 'Alto' }),
      atRisk: await add(pro, { name: 'Em risco' }),
      moderate: await add(pro, { name: 'Moderado' }),
    };
    await setRiskAndActivity(h, ids.low, { riskScore: 20, riskBand: 'low' });
    await setRiskAndActivity(h, ids.high, { riskScore: 90, riskBand: 'high' });
    await setRiskAndActivity(h, ids.atRisk, { status: 'at_risk', riskScore: 70, riskBand: 'moderate' });
    await setRiskAndActivity(h, ids.moderate, { riskScore: 50, riskBand: 'moderate' });
    expect(names(await list(pro, '?sort=risk'))).toEqual(['Em risco', 'Alto', 'Moderado', 'Baixo', 'Sem score']);
    expect(names(await list(pro, '?sort=risk&order=asc'))).toEqual(['Sem score', 'Baixo', 'Moderado', 'Alto', 'Em risco']);
  });

  it('when sorted by last activity, then the most recent first and never-active last', async () => {
    const pro = await createProfessional(h);
    const old = await add(pro, { name: 'Antigo' });
    const recent = await add(pro, { name: 'Recente' });
    await add(pro, { name: 'Nunca' });
    await setRiskAndActivity(h, old, { lastActivityAt: '2026-01-01T10:00:00.123456Z' });
    await setRiskAndActivity(h, recent, { lastActivityAt: '2026-01-01T10:00:00.123457Z' });
    expect(names(await list(pro, '?sort=lastActivity'))).toEqual(['Recente', 'Antigo', 'Nunca']);
    // One per page: the microsecond apart survives the cursor.
    const p1 = await list(pro, '?sort=lastActivity&limit=1');
    const p2 = await list(pro, `?sort=lastActivity&limit=1&cursor=${p1.body.nextCursor}`);
    const p3 = await list(pro, `?sort=lastActivity&limit=1&cursor=${p2.body.nextCursor}`);
    expect([...names(p1), ...names(p2), ...names(p3)]).toEqual(['Recente', 'Antigo', 'Nunca']);
    expect(p3.body.nextCursor).toBeNull();
  });

  it('when patients are inserted between pages, then paging by name neither repeats nor skips the earlier ones', async () => {
    const pro = await createProfessional(h);
    for (const n of ['Bruna', 'Carlos', 'Débora', 'Eduardo', 'Fábio', 'Gabriela']) await add(pro, { name: n });
    const first = await list(pro, '?limit=3');
    expect(names(first)).toEqual(['Bruna', 'Carlos', 'Débora']);
    await add(pro, { name: 'Ágata' }); // sorts before the cursor: must not appear later
    await add(pro, { name: 'Elisa' }); // sorts after: must appear in its place
    const second = await list(pro, `?limit=3&cursor=${first.body.nextCursor}`);
    const third = await list(pro, `?limit=3&cursor=${second.body.nextCursor}`);
    expect([...names(second), ...names(third)]).toEqual(['Eduardo', 'Elisa', 'Fábio', 'Gabriela']);
    expect(third.body.nextCursor).toBeNull();
  });

  it('when limit is outside 1–100 (as the document says) or not an integer, then 400 pointing at it; 100 is accepted', async () => {
    const pro = await createProfessional(h);
    for (let i = 0; i < 3; i += 1) await add(pro, { name: `P${i}` });
    expect((await list(pro, '?limit=100')).body.items).toHaveLength(3);
    for (const [value, code] of [['100000', 'too_large'], ['1000', 'too_large'], ['0', 'too_small'], ['abc', 'invalid_type'], ['1.5', 'invalid_type']] as const) {
      const res = await list(pro, `?limit=${value}`);
      expect({ value, status: res.status, errors: res.body.errors }).toEqual({ value, status: 400, errors: [expect.objectContaining({ pointer: '/query/limit', code })] });
    }
    const twice = await list(pro, '?limit=1&limit=2');
    expect(twice.body.errors).toEqual([expect.objectContaining({ pointer: '/query/limit', code: 'duplicate_parameter' })]);
    const unknown = await list(pro, '?stauts=active');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/query/stauts', code: 'unknown_field' })]);
  });

  it('when a cursor is tampered with or used with another sort, then 400, never 500', async () => {
    const pro = await createProfessional(h);
    await add(pro, { name: 'Um' });
    await add(pro, { name: 'Dois' });
    const page = await list(pro, '?limit=1');
    expect((await list(pro, `?limit=1&sort=risk&cursor=${page.body.nextCursor}`)).status).toBe(400);
    const forged = Buffer.from(JSON.stringify({ v: 1, k: { s: 'lastActivity', o: 'desc', k: 'not a time', id: '00000000-0000-0000-0000-000000000000' } })).toString('base64url');
    expect((await list(pro, `?sort=lastActivity&cursor=${forged}`)).status).toBe(400);
    expect((await list(pro, '?cursor=AAAA')).status).toBe(400);
  });

  it('when another professional lists, then none of these patients appear', async () => {
    const a = await createProfessional(h);
    const b = await createProfessional(h);
    await add(a, { name: 'Só do A' });
    expect((await list(b, '?q=so do a')).body.items).toEqual([]);
  });
});
