import { eq } from 'drizzle-orm';
import type { PreferenceStore } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { notificationPreferences } from '../schema/communication.ts';

/** The caller's own notification preferences (RLS: user_id and professional_id of the caller). */
export function createPreferenceStore(tx: Tx): PreferenceStore {
  const t = notificationPreferences;
  return {
    async find(userId) {
      const [row] = await tx.select().from(t).where(eq(t.userId, userId)).limit(1);
      return row ? { emailOnMessage: row.emailOnMessage, quietPeriodMinutes: row.quietPeriodMinutes, updatedAt: row.updatedAt } : null;
    },
    async upsert(p) {
      await tx.insert(t).values({ userId: p.userId, professionalId: p.professionalId, emailOnMessage: p.emailOnMessage, quietPeriodMinutes: p.quietPeriodMinutes, createdAt: p.now, updatedAt: p.now })
        .onConflictDoUpdate({ target: t.userId, set: { emailOnMessage: p.emailOnMessage, quietPeriodMinutes: p.quietPeriodMinutes, updatedAt: p.now } });
    },
  };
}
