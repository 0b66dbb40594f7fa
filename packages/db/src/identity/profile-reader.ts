import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ProfileReader } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { patients, professionals, users } from '../schema/index.ts';
import { prebuilt } from '../prebuilt.ts';

/** GET /v1/me's query (prebuilt: the hottest read of the API). */
const profileQuery = prebuilt((tx) => tx
  .select({
    id: users.id, email: users.email, role: users.role, locale: users.locale, revision: users.revision, patientId: users.patientId,
    gone: users.deletedAt, disabled: users.disabledAt,
    professionalId: professionals.id, professionalName: professionals.name, displayName: professionals.displayName, practiceGone: professionals.deletedAt,
    patient: { id: patients.id, name: patients.name, timezone: patients.timezone },
  })
  .from(users)
  .innerJoin(professionals, eq(professionals.id, users.professionalId))
  .leftJoin(patients, and(eq(patients.id, users.patientId), isNull(patients.deletedAt)))
  .where(eq(users.id, sql.placeholder('userId')))
  .limit(1)
  .prepare('profile'));

/**
 * Reads the caller's profile inside its tenant transaction: RLS hides everyone else's rows. One statement
 * with only the columns the profile shows (issue 9): the user, its practice and, for a patient, its record.
 */
export function createProfileReader(tx: Tx): ProfileReader {
  return {
    async findProfile(userId) {
      const [row] = await profileQuery(tx).execute({ userId });
      if (!row || row.gone || row.disabled || row.practiceGone) return null;
      if (row.patientId && !row.patient) return null;
      return {
        user: { id: row.id, email: row.email, role: row.role, locale: row.locale },
        professional: { id: row.professionalId, name: row.professionalName, displayName: row.displayName },
        patient: row.patient,
        revision: row.revision,
      };
    },
  };
}
