import { eq } from 'drizzle-orm';
import {
  acceptInvite, activateProtocol, addDays, createCheckinForm, createProtocolDraft, localDate, putCheckinSchedule, registerProfessional,
  recordLabPanel, recordMeasurement, type FormSchema, type ProtocolContent,
} from '@korevitta/domain';
import { tables, withSystemBypass, withTenant } from '@korevitta/db';
import { checkinPorts, createProtocolDeps, identityDeps, inviteSecrets, ids, progressCallerOf, withLabDeps, withMeasurements, type AuthContext, type Runtime } from '@korevitta/platform';

export interface DemoLogin { role: 'professional' | 'patient'; email: string; password: string; name: string }

const PASSWORD = 'korevitta-demo-2026';
const DEMO = [
  { name: 'Dra. Camila Rocha', email: 'camila@demo.korevitta.local', patients: ['Ana Beatriz Lima', 'João Pedro Alves', 'Márcia Conceição'] },
  { name: 'Prof. Rafael Teixeira', email: 'rafael@demo.korevitta.local', patients: ['Lucas Ferreira', 'Patrícia Gonçalves'] },
];
const patientEmail = (name: string) => `${name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]+/g, '.')}@demo.korevitta.local`;

/**
 * Demo data through the real use cases: two professionals register, each gets patients, and each
 * patient accepts an invite. Idempotent: a second run finds the accounts and only lists the logins.
 */
export async function seedDemo(rt: Runtime): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const pro of DEMO) {
    const deps = identityDeps(rt);
    const registered = await registerProfessional(deps, { email: pro.email, password: PASSWORD, name: pro.name, locale: 'pt-BR' });
    const professionalId = registered.ok ? registered.value.professionalId : (await deps.store.findUserByEmail(pro.email))?.professionalId;
    if (!professionalId) throw new Error(`demo professional ${pro.email} could not be created`);
    logins.push({ role: 'professional', email: pro.email, password: PASSWORD, name: pro.name });
    for (const name of pro.patients) {
      const email = patientEmail(name);
      logins.push({ role: 'patient', email, password: PASSWORD, name });
      if (await deps.store.findUserByEmail(email)) continue;
      const token = inviteSecrets.generate();
      const now = rt.clock.now();
      await withSystemBypass(rt.db, 'demo seed: patient and invite', async (tx) => {
        const existing = await tx.select().from(tables.patients).where(eq(tables.patients.email, email)).limit(1);
        const patientId = existing[0]?.id ?? ids.newId();
        if (!existing[0]) await tx.insert(tables.patients).values({ id: patientId, professionalId, name, email, timezone: 'America/Sao_Paulo', status: 'active', ...demoProfile(name), createdAt: now, updatedAt: now });
        await tx.insert(tables.patientInvites).values({ id: ids.newId(), professionalId, patientId, tokenHash: inviteSecrets.hash(token), expiresAt: new Date(now.getTime() + 86_400_000), createdAt: now, updatedAt: now });
      });
      const accepted = await acceptInvite({ ...deps, inviteTokens: inviteSecrets }, { token, password: PASSWORD, locale: 'pt-BR' });
      if (!accepted.ok) throw new Error(`demo patient ${email}: ${accepted.error.code}`);
      const patientId = accepted.value.user.patientId;
      const owner = await deps.store.findUserByEmail(pro.email);
      if (patientId && owner) {
        await giveActiveProtocol(rt, { userId: owner.id, professionalId, patientId });
        await giveWeeklyCheckin(rt, { userId: owner.id, professionalId, patientId });
        await giveProgress(rt, { userId: owner.id, professionalId, patientId });
      }
    }
  }
  return logins;
}

const DEMO_PROTOCOL: ProtocolContent = {
  nutrition: {
    dailyTargets: { kcal: 2000, proteinG: 140, carbsG: 220, fatG: 65 },
    meals: [
      { key: 'cafe', name: 'Café da manhã', time: '07:30', items: [{ food: 'Ovos mexidos', quantity: 2, unit: 'un' }, { food: 'Pão integral', quantity: 2, unit: 'fatia' }] },
      { key: 'almoco', name: 'Almoço', time: '12:30', items: [{ food: 'Arroz integral', quantity: 120, unit: 'g' }, { food: 'Feijão', quantity: 100, unit: 'g' }, { food: 'Frango grelhado', quantity: 150, unit: 'g' }] },
      { key: 'jantar', name: 'Jantar', time: '19:30', items: [{ food: 'Salada', quantity: 1, unit: 'prato' }, { food: 'Peixe assado', quantity: 150, unit: 'g' }] },
    ],
  },
  training: { sessions: [{ key: 'a', name: 'Treino A: pernas', weekdays: ['mon', 'thu'], time: '18:00', exercises: [{ name: 'Agachamento', sets: 4, reps: 10, loadKg: 40, restSeconds: 90 }] }] },
  supplementation: { items: [{ key: 'creatina', name: 'Creatina', dose: 5, unit: 'g', times: ['08:00'] }] },
  hydration: { dailyGoalMl: 2500 },
};

/** An active protocol through the real use cases, so the patient's day has tasks. */
async function giveActiveProtocol(rt: Runtime, who: { userId: string; professionalId: string; patientId: string }): Promise<void> {
  const now = rt.clock.now();
  const caller = { userId: who.userId, role: 'professional' as const, professionalId: who.professionalId, patientId: null };
  await withTenant(rt.db, { userId: who.userId, role: 'professional', professionalId: who.professionalId, patientId: null }, async (tx) => {
    const deps = createProtocolDeps(tx, { professionalId: who.professionalId, actor: { userId: who.userId, role: 'professional' }, requestId: 'demo-seed', now, newId: ids.newId });
    const draft = await createProtocolDraft(deps, { caller, patientId: who.patientId, name: 'Plano inicial', content: DEMO_PROTOCOL, now });
    if (!draft.ok) throw new Error(`demo protocol: ${draft.error.code}`);
    const active = await activateProtocol(deps, { caller, protocolId: draft.value.id, expectedRowVersion: null, now });
    if (!active.ok) throw new Error(`demo protocol activation: ${active.error.code}`);
  });
}

const DEMO_FORM: FormSchema = {
  questions: [
    { id: 'peso', type: 'number', label: 'Peso em jejum', unit: 'kg', min: 30, max: 300, required: true },
    { id: 'energia', type: 'scale', label: 'Como está sua energia?', max: 5, required: true },
    { id: 'treinos', type: 'single_choice', label: 'Treinos na semana', required: true, options: [{ key: '0', label: 'Nenhum' }, { key: '1-2', label: '1 a 2' }, { key: '3+', label: '3 ou mais' }] },
    { id: 'obs', type: 'long_text', label: 'Algo que queira contar?', required: false },
  ],
};

/** A weekly check-in (the practice's form, created once), first due tomorrow at 09:00, so it opens today. */
async function giveWeeklyCheckin(rt: Runtime, who: { userId: string; professionalId: string; patientId: string }): Promise<void> {
  const now = rt.clock.now();
  const actor = { userId: who.userId, role: 'professional' as const, professionalId: who.professionalId, patientId: null };
  await withTenant(rt.db, actor, async (tx) => {
    const deps = checkinPorts(tx, { professionalId: who.professionalId, actor: { userId: who.userId, role: 'professional' }, correlationId: 'demo-seed', now });
    const [existing] = await deps.store.listForms({ after: null, limit: 1 });
    const formId = existing?.id ?? (await createCheckinForm(deps, actor, { name: 'Check-in semanal', schema: DEMO_FORM })).form.id;
    const anchorDate = addDays(localDate(now, 'America/Sao_Paulo'), 1);
    const put = await putCheckinSchedule(deps, actor, who.patientId, { formId, cadence: 'weekly', dueTime: '09:00', graceHours: 24, anchorDate });
    if (!put.ok) throw new Error(`demo check-in schedule: ${put.error.code}`);
  });
}

/** Sex and birth date (so lab values are flagged): the demo names ending in "a" are women's. */
const demoProfile = (name: string) => ({ sex: /a$/.test(name.split(' ')[0] ?? '') ? 'female' as const : 'male' as const, birthDate: `19${80 + (name.length % 15)}-03-14` });

/** Six monthly body measurements and two lab panels (one in mmol/L, flagged), through the use cases. */
async function giveProgress(rt: Runtime, who: { userId: string; professionalId: string; patientId: string }): Promise<void> {
  // No session: the seed acts for the professional server-side, like the other steps' withTenant (an empty id skips the session check).
  const auth: AuthContext = { userId: who.userId, role: 'professional', professionalId: who.professionalId, patientId: null, sessionId: '' };
  const caller = progressCallerOf(auth);
  const today = localDate(rt.clock.now(), 'America/Sao_Paulo');
  const monthsAgo = (n: number) => addDays(today, -30 * n);
  for (let m = 5; m >= 0; m--) {
    const recorded = await withMeasurements(rt, { auth, requestId: ids.newId(), now: rt.clock.now() }, (deps) => recordMeasurement(deps, caller, {
      patientId: who.patientId, measuredOn: monthsAgo(m), values: { weightKg: 78 - (5 - m) * 0.8, heightCm: 168, bodyFatPct: 29 - (5 - m) * 0.6, waistCm: 88 - (5 - m), hipCm: 104 },
    }));
    if (!recorded.ok) throw new Error(`demo measurement: ${recorded.error.code}`);
  }
  const panels = [
    { collectedOn: monthsAgo(4), values: [{ biomarker: 'glucose_fasting', value: 5.9, unit: 'mmol/L' }, { biomarker: 'hba1c', value: 5.9, unit: '%' }, { biomarker: 'ferritin', value: 11, unit: 'ng/mL' }, { biomarker: 'vitamin_d_25oh', value: 18, unit: 'ng/mL' }, { biomarker: 'ldl', value: 142, unit: 'mg/dL' }] },
    { collectedOn: monthsAgo(1), values: [{ biomarker: 'glucose_fasting', value: 94, unit: 'mg/dL' }, { biomarker: 'hba1c', value: 5.5, unit: '%' }, { biomarker: 'ferritin', value: 38, unit: 'ng/mL' }, { biomarker: 'vitamin_d_25oh', value: 34, unit: 'ng/mL' }, { biomarker: 'ldl', value: 118, unit: 'mg/dL' }] },
  ];
  for (const p of panels) {
    const recorded = await withLabDeps({ rt, auth, requestId: ids.newId() }, (deps) => recordLabPanel(deps, caller, { patientId: who.patientId, laboratory: 'Laboratório Demo', examUploadId: null, ...p }));
    if (!recorded.ok) throw new Error(`demo lab panel: ${recorded.error.code}`);
  }
}
