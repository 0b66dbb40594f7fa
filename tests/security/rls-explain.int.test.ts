import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { isRealPostgres } from '../support/database.ts';
import { createProfessional, type Professional } from '../support/factories.ts';
import { createPrivateDatabase, type PrivateDatabase } from '../support/private-database.ts';

/**
 * TEST-CATALOG 26: the hot queries keep their index under RLS. A database of this file's own holds 40
 * tenants × 500 patients, each with a thread and a protocol (20 000 rows per table, analyzed). The hot
 * requests run over HTTP; every statement they send is captured through the driver with its parameters and
 * EXPLAINed as the app role, in the request's own tenant settings. No plan may Seq Scan a table above
 * 10 000 rows, and the policy's `current_setting` must run once (an InitPlan), not per row. The last test
 * drops the tenant indexes of `patients` (inside a transaction it rolls back) and shows the guard catches it.
 */
const BIG = 10_000;
interface Captured { text: string; params: readonly unknown[] }
interface RequestCapture { name: string; settings: Captured; queries: Captured[] }

describe.skipIf(!isRealPostgres())('RLS EXPLAIN guard on the hot queries', () => {
  let priv: PrivateDatabase;
  let h: TestHost;
  let pro: Professional;
  let captured: Captured[] = [];
  const requests: RequestCapture[] = [];

  beforeAll(async () => {
    priv = await createPrivateDatabase();
    await seed(priv.admin);
    h = await startTestHost({ ownDatabase: await priv.open({ poolMax: 2, onStatement: (text, params) => captured.push({ text, params: [...params] }) }) });
    pro = await createProfessional(h, { name: 'Dona Explain' });
    const auth = { token: pro.accessToken };
    const patients: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await h.api.post('/v1/patients', { name: `Paciente ${i}` }, auth);
      patients.push(p.body.id);
      await h.api.post('/v1/threads', { patientId: p.body.id }, auth);
      await h.api.post(`/v1/patients/${p.body.id}/protocols`, { name: 'Plano', content: { hydration: { dailyGoalMl: 2000 } } }, auth);
    }
    await priv.admin.unsafe('analyze');
    const hot: [string, string][] = [
      ['patient list by name', '/v1/patients?limit=50'],
      ['patient list by risk', '/v1/patients?limit=50&sort=risk'],
      ['patient list by status', '/v1/patients?limit=50&status=active&status=paused'],
      ['patient detail', `/v1/patients/${patients[0]}`],
      ['protocol list', `/v1/patients/${patients[0]}/protocols`],
      ['inbox', '/v1/threads'],
    ];
    for (const [name, path] of hot) {
      captured = [];
      const res = await h.api.get(path, auth);
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      const settings = captured.find((c) => c.text.includes("set_config('role'"));
      if (!settings) throw new Error(`${name}: no tenant settings captured`);
      requests.push({ name, settings, queries: captured.filter((c) => c !== settings && !/^\s*(begin|commit|rollback)\b/i.test(c.text)) });
    }
  });
  afterAll(async () => {
    await h?.stop();
    await priv?.drop();
  });

  it('when the hot requests run, then each tenant query uses an index and evaluates the tenant setting once', async () => {
    const problems: string[] = [];
    const onBigTables: Record<string, number> = {};
    for (const r of requests) {
      onBigTables[r.name] = 0;
      for (const q of r.queries) {
        const found = await explainProblems(priv.admin, r, q);
        problems.push(...found.problems.map((p) => `${r.name}: ${p}`));
        if (found.readsBigTable) onBigTables[r.name]! += 1;
      }
    }
    expect(problems).toEqual([]);
    // Each hot request did read a table of 20 000 rows (else the guard would have checked nothing).
    expect(Object.values(onBigTables).every((n) => n > 0), JSON.stringify(onBigTables)).toBe(true);
  });

  it('when the tenant indexes of patients are dropped, then the guard reports a Seq Scan on patients', async () => {
    const list = requests.find((r) => r.name === 'patient list by name')!;
    const found = await priv.admin.begin(async (tx) => {
      const indexes = await tx.unsafe<{ name: string }[]>(`
        select i.relname as name from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
        where t.relname = 'patients' and a.attname = 'professional_id'`);
      expect(indexes.length).toBeGreaterThan(0);
      for (const { name } of indexes) await tx.unsafe(`drop index ${name}`);
      const problems: string[] = [];
      for (const q of list.queries) problems.push(...(await explainProblems(tx, list, q)).problems);
      throw new Rollback(problems);
    }).catch((e: unknown) => { if (e instanceof Rollback) return e.problems; throw e; });
    expect(found.some((p) => p.includes('Seq Scan on patients'))).toBe(true);
    // The indexes are back (the DDL was rolled back).
    const [back] = await priv.admin<{ n: number }[]>`select count(*)::int as n from pg_indexes where tablename = 'patients' and indexdef like '%(professional_id%'`;
    expect(back?.n).toBeGreaterThan(0);
  });
});

class Rollback extends Error { constructor(readonly problems: string[]) { super('rollback'); } }

/** EXPLAINs one captured statement as the app role with the request's tenant settings; returns what is wrong. */
async function explainProblems(sql: postgres.Sql | postgres.TransactionSql, r: RequestCapture, q: Captured): Promise<PlanCheck> {
  const run = async (tx: postgres.TransactionSql) => {
    await tx.unsafe(r.settings.text, r.settings.params as never[]);
    const [row] = await tx.unsafe<{ 'QUERY PLAN': unknown }[]>(`explain (format json) ${q.text}`, q.params as never[]);
    const big = await tx.unsafe<{ relname: string }[]>(`select relname from pg_class where relkind = 'r' and reltuples > ${BIG}`);
    return planProblems(row?.['QUERY PLAN'], new Set(big.map((b) => b.relname)), q.text);
  };
  // A savepoint inside the caller's transaction, or a transaction of its own: the role setting is local to it.
  if ('savepoint' in sql) return sql.savepoint(run);
  return (sql as postgres.Sql).begin(run) as Promise<PlanCheck>;
}

interface PlanCheck { problems: string[]; readsBigTable: boolean }

function planProblems(plan: unknown, big: Set<string>, text: string): PlanCheck {
  const problems: string[] = [];
  let tenantTable = false;
  let initPlan = false;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (typeof n['Relation Name'] === 'string' && big.has(n['Relation Name'])) tenantTable = true;
    if (n['Node Type'] === 'Seq Scan' && typeof n['Relation Name'] === 'string' && big.has(n['Relation Name'])) problems.push(`Seq Scan on ${n['Relation Name']} in: ${text.slice(0, 120)}`);
    if (typeof n['Subplan Name'] === 'string' && n['Subplan Name'].startsWith('InitPlan')) initPlan = true;
    for (const child of Object.values(n)) walk(child);
  };
  walk(plan);
  if (tenantTable && !initPlan) problems.push(`no InitPlan for the tenant setting in: ${text.slice(0, 120)}`);
  return { problems, readsBigTable: tenantTable };
}

/** 40 tenants × 500 patients, each patient with a general thread and a draft protocol. */
async function seed(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    insert into professionals (id, name) select gen_random_uuid(), 'Tenant ' || g from generate_series(1, 40) g;
    insert into patients (id, professional_id, name, email)
      select gen_random_uuid(), p.id, 'Paciente ' || g, null from professionals p cross join generate_series(1, 500) g;
    insert into threads (id, professional_id, patient_id, context_type, created_by)
      select gen_random_uuid(), professional_id, id, 'general', professional_id from patients;
    insert into protocols (id, professional_id, patient_id, name, content)
      select gen_random_uuid(), professional_id, id, 'Plano', '{}'::jsonb from patients;
    analyze;
  `);
}
