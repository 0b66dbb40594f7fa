/**
 * Issue 10 scenarios for `npm run bench`: a patient's body measurements (`GET /v1/patients/{id}/measurements`) and
 * one biomarker's lab series (`GET /v1/patients/{id}/lab-results?biomarker=glucose_fasting`), read by the
 * professional, the patients taken in turn. Target: p99 < 60 ms at 200 rps.
 *
 * Seeding (on the bench database, after the foundation scenarios):
 * - 1 + BENCH_I10_OTHER_PROS professionals registered through `POST /v1/auth/register` (default 5 others).
 * - The measured professional: BENCH_I10_API_PATIENTS patients (default 20) created through `POST /v1/patients`
 *   (sex and birth date set, so values are flagged), each with BENCH_I10_MEASUREMENTS measurements (default 24:
 *   two years monthly) through `POST /v1/patients/{id}/measurements`, and BENCH_I10_PANELS lab panels (default 6)
 *   of 10 biomarkers in mixed units through `POST /v1/patients/{id}/lab-results`.
 * - Volume, set-based SQL: BENCH_I10_PATIENTS_PER_PRO patients (default 1,000) for every professional, each with the
 *   same numbers of measurements, panels and values, so RLS and the indexes work on tables of every tenant
 *   (about 144,000 measurements, 36,000 panels and 360,000 values with the defaults). Then ANALYZE.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { call, ipSequence, must, pool, registerProfessionals } from './http-seed.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const OTHER_PROS = num('BENCH_I10_OTHER_PROS', 5);
const API_PATIENTS = num('BENCH_I10_API_PATIENTS', 20);
const PATIENTS_PER_PRO = num('BENCH_I10_PATIENTS_PER_PRO', 1000);
const MEASUREMENTS = num('BENCH_I10_MEASUREMENTS', 24);
const PANELS = num('BENCH_I10_PANELS', 6);
const PASSWORD = 'correct horse battery staple 42';
const nextIp = ipSequence(210);

/** The 10 markers of each seeded panel, a value in the unit given (glucose in mmol/L: the conversion runs). */
const PANEL = [
  ['glucose_fasting', 5.1, 'mmol/L'], ['hba1c', 5.5, '%'], ['cholesterol_total', 185, 'mg/dL'], ['hdl', 52, 'mg/dL'], ['ldl', 110, 'mg/dL'],
  ['triglycerides', 1.4, 'mmol/L'], ['tsh', 2.1, 'm[IU]/L'], ['ferritin', 45, 'ng/mL'], ['vitamin_d_25oh', 62, 'nmol/L'], ['creatinine', 80, 'umol/L'],
] as const;

export interface Issue10World {
  pro: { email: string; professionalId: string; accessToken: string };
  patientIds: string[];
  counts: Record<string, unknown>;
  renew(): Promise<void>;
}

export interface Issue10Endpoint { name: string; describe: string; path: (patientId: string) => string }
export const ISSUE10_ENDPOINTS: Issue10Endpoint[] = [
  { name: 'measurements', describe: `a patient's measurements (${MEASUREMENTS}) with derived values and the chart series, patients in turn`, path: (id) => `/v1/patients/${id}/measurements` },
  { name: 'lab-series', describe: `one biomarker's flagged series over a patient's ${PANELS} panels, patients in turn`, path: (id) => `/v1/patients/${id}/lab-results?biomarker=glucose_fasting` },
];

const monthBack = (i: number) => { const d = new Date(Date.UTC(2026, 10, 15)); d.setUTCMonth(d.getUTCMonth() - i); return d.toISOString().slice(0, 10); };

export async function seedIssue10(baseUrl: string, dbUrl: string, log: (s: string) => void): Promise<Issue10World> {
  const t0 = Date.now();
  const tag = randomBytes(3).toString('hex');
  const { main, others } = await registerProfessionals(baseUrl, { emailPrefix: `bench10-${tag}`, name: 'Dra. Progresso', password: PASSWORD, others: OTHER_PROS });
  const login = async (email: string) => must('login', await call('POST', `${baseUrl}/v1/auth/login`, { email, password: PASSWORD }, { 'x-forwarded-for': nextIp() }), 200);
  const pro = { ...main, accessToken: (await login(main.email)).accessToken as string };
  const auth = () => ({ authorization: `Bearer ${pro.accessToken}` });

  const patientIds: string[] = [];
  await pool(Array.from({ length: API_PATIENTS }, (_, i) => i), 4, async (i) => {
    const created = must('create patient', await call('POST', `${baseUrl}/v1/patients`, { name: `Paciente Progresso ${i}`, sex: i % 2 ? 'male' : 'female', birthDate: `19${70 + (i % 30)}-05-10` }, auth()), 201);
    for (let m = 0; m < MEASUREMENTS; m++) {
      must('measurement', await call('POST', `${baseUrl}/v1/patients/${created.id}/measurements`, { measuredOn: monthBack(m), weightKg: 80 - m * 0.3, heightCm: 170, bodyFatPct: 28 - m * 0.2, waistCm: 90 - m * 0.4, hipCm: 102 }, auth()), 201);
    }
    for (let p = 0; p < PANELS; p++) {
      const values = PANEL.map(([biomarker, value, unit]) => ({ biomarker, value: Math.round(value * (0.8 + ((p * 7 + i) % 9) / 20) * 100) / 100, unit }));
      must('lab panel', await call('POST', `${baseUrl}/v1/patients/${created.id}/lab-results`, { collectedOn: monthBack(p * 4), laboratory: 'Laboratório Bench', values }, auth()), 201);
    }
    patientIds.push(created.id as string);
  });
  log(`  issue 10 seed: ${API_PATIENTS} patients with ${MEASUREMENTS} measurements and ${PANELS} panels each through the API (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  const admin = postgres(dbUrl, { max: 2, onnotice: () => undefined });
  try {
    const t1 = Date.now();
    const proIds = [pro.professionalId, ...others.map((o) => o.professionalId)];
    await admin.begin(async (tx) => {
      await tx`create temporary table bench_pts on commit drop as
        select gen_random_uuid() as id, p.professional_id, g.i from unnest(${proIds}::uuid[]) p(professional_id) cross join generate_series(1, ${PATIENTS_PER_PRO}) g(i)`;
      await tx`insert into patients (id, professional_id, name, timezone, status, sex, birth_date, search_text, sort_name, created_at, updated_at)
        select id, professional_id, 'Volume ' || i, 'America/Sao_Paulo', 'active', case when i % 2 = 0 then 'female' else 'male' end,
          date '1960-01-01' + (i * 97 % 15000), 'volume ' || i, 'volume ' || i, now(), now() from bench_pts`;
      await tx`insert into body_measurements (id, professional_id, patient_id, measured_on, weight_kg, height_cm, body_fat_pct, waist_cm, hip_cm, recorded_by_role, recorded_by_user_id)
        select gen_random_uuid(), b.professional_id, b.id, date '2026-11-15' - m * 30, 70 + (b.i % 30) - m * 0.2, 165 + b.i % 20, 25 + (b.i % 10) - m * 0.1, 85 + b.i % 15, 100 + b.i % 10, 'professional', b.professional_id
        from bench_pts b cross join generate_series(0, ${MEASUREMENTS - 1}) m`;
      await tx`create temporary table bench_panels on commit drop as
        select gen_random_uuid() as id, b.professional_id, b.id as patient_id, date '2026-11-15' - p * 120 as collected_on, b.i, p
        from bench_pts b cross join generate_series(0, ${PANELS - 1}) p`;
      await tx`insert into lab_panels (id, professional_id, patient_id, collected_on, laboratory, catalog_version, recorded_by_role, recorded_by_user_id)
        select id, professional_id, patient_id, collected_on, 'Laboratório Volume', 1, 'professional', professional_id from bench_panels`;
      await tx`insert into lab_values (panel_id, professional_id, patient_id, biomarker_code, collected_on, value, original_value, original_unit)
        select bp.id, bp.professional_id, bp.patient_id, v.code, bp.collected_on, v.base * (0.8 + ((bp.p * 7 + bp.i) % 9) / 20.0), v.base * (0.8 + ((bp.p * 7 + bp.i) % 9) / 20.0), v.unit
        from bench_panels bp cross join (values ('glucose_fasting', 92, 'mg/dL'), ('hba1c', 5.5, '%'), ('cholesterol_total', 185, 'mg/dL'), ('hdl', 52, 'mg/dL'),
          ('ldl', 110, 'mg/dL'), ('triglycerides', 124, 'mg/dL'), ('tsh', 2.1, 'm[IU]/L'), ('ferritin', 45, 'ng/mL'), ('vitamin_d_25oh', 25, 'ng/mL'), ('creatinine', 0.9, 'mg/dL')) v(code, base, unit)`;
    });
    for (const t of ['patients', 'body_measurements', 'lab_panels', 'lab_values']) await admin.unsafe(`analyze ${t}`);
    const [c] = await admin`select (select count(*)::int from patients) as patients, (select count(*)::int from body_measurements) as measurements,
      (select count(*)::int from lab_panels) as lab_panels, (select count(*)::int from lab_values) as lab_values,
      (select count(*)::int from lab_values where professional_id = ${pro.professionalId}) as my_lab_values`;
    const counts = c as unknown as Record<string, unknown>;
    log(`  issue 10 seed: set-based volume in ${((Date.now() - t1) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
    // Sanity: both endpoints answer through the API with the seeded volume.
    const series = must('lab series', await call('GET', `${baseUrl}${ISSUE10_ENDPOINTS[1]!.path(patientIds[0]!)}`, undefined, auth()), 200);
    if (series.items.length !== PANELS) throw new Error(`lab series: ${series.items.length} points, expected ${PANELS}`);
    const measured = must('measurements', await call('GET', `${baseUrl}${ISSUE10_ENDPOINTS[0]!.path(patientIds[0]!)}`, undefined, auth()), 200);
    if (measured.series.measuredOn.length !== MEASUREMENTS) throw new Error(`measurements: ${measured.series.measuredOn.length} in the series, expected ${MEASUREMENTS}`);
    return { pro, patientIds, counts, async renew() { pro.accessToken = (await login(pro.email)).accessToken as string; } };
  } finally {
    await admin.end();
  }
}
