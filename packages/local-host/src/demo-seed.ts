import { eq } from 'drizzle-orm';
import { acceptInvite, registerProfessional } from '@korevitta/domain';
import { tables, withSystemBypass } from '@korevitta/db';
import { identityDeps, inviteSecrets, ids, type Runtime } from '@korevitta/platform';

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
        if (!existing[0]) await tx.insert(tables.patients).values({ id: patientId, professionalId, name, email, timezone: 'America/Sao_Paulo', status: 'active', createdAt: now, updatedAt: now });
        await tx.insert(tables.patientInvites).values({ id: ids.newId(), professionalId, patientId, tokenHash: inviteSecrets.hash(token), expiresAt: new Date(now.getTime() + 86_400_000), createdAt: now, updatedAt: now });
      });
      const accepted = await acceptInvite({ ...deps, inviteTokens: inviteSecrets }, { token, password: PASSWORD, locale: 'pt-BR' });
      if (!accepted.ok) throw new Error(`demo patient ${email}: ${accepted.error.code}`);
    }
  }
  return logins;
}
