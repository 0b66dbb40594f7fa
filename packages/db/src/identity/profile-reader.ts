import { eq } from 'drizzle-orm';
import type { ProfileReader } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { patients, professionals, users } from '../schema/index.ts';

/** Reads the caller's profile inside its tenant transaction: RLS hides everyone else's rows. */
export function createProfileReader(tx: Tx): ProfileReader {
  return {
    async findProfile(userId) {
      const [row] = await tx
        .select({ user: users, professional: professionals })
        .from(users)
        .innerJoin(professionals, eq(professionals.id, users.professionalId))
        .where(eq(users.id, userId))
        .limit(1);
      if (!row || row.user.deletedAt || row.user.disabledAt || row.professional.deletedAt) return null;
      let patient = null;
      if (row.user.patientId) {
        const [p] = await tx.select().from(patients).where(eq(patients.id, row.user.patientId)).limit(1);
        if (!p || p.deletedAt) return null;
        patient = { id: p.id, name: p.name, timezone: p.timezone };
      }
      return {
        user: { id: row.user.id, email: row.user.email, role: row.user.role, locale: row.user.locale },
        professional: { id: row.professional.id, name: row.professional.name, displayName: row.professional.displayName },
        patient,
        revision: row.user.revision,
      };
    },
  };
}
