import { eq, sql } from 'drizzle-orm';
import type { Branding, BrandingStore } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { brandings, professionals } from '../schema/index.ts';
import { lockPractice } from './practice-lock.ts';
import { prebuilt } from '../prebuilt.ts';

/** The practice with its branding left-joined (prebuilt: every GET /v1/me asks it). */
const practiceBrandingQuery = prebuilt((tx) => tx
  .select({ branding: brandings, name: professionals.name, displayName: professionals.displayName })
  .from(professionals).leftJoin(brandings, eq(brandings.professionalId, professionals.id))
  .where(eq(professionals.id, sql.placeholder('professionalId'))).limit(1)
  .prepare('practice_branding'));

type Row = typeof brandings.$inferSelect;
const toBranding = (r: Row): Branding => ({
  professionalId: r.professionalId, displayName: r.displayName, primaryColor: r.primaryColor, accentColor: r.accentColor,
  logoUploadId: r.logoUploadId, emailSignature: r.emailSignature, revision: r.revision, updatedAt: r.updatedAt,
});

/** Brandings in the caller's tenant transaction (RLS: a practice's own row; a patient reads its practice's). */
export function createBrandingStore(tx: Tx): BrandingStore {
  const find = async (professionalId: string) => {
    const [row] = await tx.select().from(brandings).where(eq(brandings.professionalId, professionalId)).limit(1);
    return row ? toBranding(row) : null;
  };
  /**
   * A read (`find`, then `practiceName` for the default look) asks once: the practice with its branding
   * left-joined, one statement instead of two (issue 9). A locked read (`findForUpdate`) never uses it.
   */
  const lookups = new Map<string, Promise<{ branding: Branding | null; practiceName: string | null }>>();
  const lookup = (professionalId: string) => {
    let found = lookups.get(professionalId);
    if (!found) {
      found = practiceBrandingQuery(tx).execute({ professionalId })
        .then(async ([row]) => row
          ? { branding: row.branding ? toBranding(row.branding) : null, practiceName: row.displayName ?? row.name }
          // The practice row is not visible: the branding alone, as before.
          : { branding: await find(professionalId), practiceName: null });
      lookups.set(professionalId, found);
    }
    return found;
  };
  return {
    find: async (professionalId) => (await lookup(professionalId)).branding,
    async findForUpdate(professionalId) {
      await lockPractice(tx, 'branding', professionalId);
      return find(professionalId);
    },
    practiceName: async (professionalId) => (await lookup(professionalId)).practiceName,
    async save(b, isNew) {
      lookups.clear();
      const values = {
        displayName: b.displayName, primaryColor: b.primaryColor, accentColor: b.accentColor, logoUploadId: b.logoUploadId,
        emailSignature: b.emailSignature, revision: b.revision, updatedBy: b.updatedBy, updatedAt: b.updatedAt,
      };
      if (isNew) await tx.insert(brandings).values({ professionalId: b.professionalId, ...values, createdAt: b.updatedAt });
      else await tx.update(brandings).set(values).where(eq(brandings.professionalId, b.professionalId));
    },
  };
}

/** The branding a mail to a practice's patient is rendered in (system transaction of a mail consumer). */
export async function readMailBranding(tx: Tx, professionalId: string): Promise<Branding | null> {
  const [row] = await tx.select().from(brandings).where(eq(brandings.professionalId, professionalId)).limit(1);
  return row ? toBranding(row) : null;
}
