import { sql } from 'drizzle-orm';
import type { DashboardAtRisk, DashboardReader } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { firstRow } from '../rows.ts';

interface Row {
  patients_total: number; patients_active: number; patients_at_risk: number; patients_paused: number; patients_archived: number;
  silent_7d: number; silent_14d: number; at_risk: DashboardAtRisk[] | null; awaiting_review: number; oldest_awaiting_at: string | null;
  adherence_7d: string | null; adherence_prev_7d: string | null; adherence_30d: string | null; refreshed_at: string | null;
}

const rate = (v: string | null) => (v === null ? null : Number(v));
const instant = (v: string | null) => (v === null ? null : new Date(v));

/**
 * The caller's dashboard row in one statement: app_ctx.patient_dashboard() (definer, filters the view by the
 * caller's tenant) and, under the caller's own RLS, the current names of its at-risk patients (the view keeps
 * ids only, so an anonymised or deleted patient never shows a stale name).
 */
export function createDashboardReader(tx: Tx): DashboardReader {
  return {
    async read() {
      const row = firstRow<Row>(await tx.execute(sql`
        select d.patients_total, d.patients_active, d.patients_at_risk, d.patients_paused, d.patients_archived, d.silent_7d, d.silent_14d,
          (select jsonb_agg(e.x || jsonb_build_object('name', p.name) order by e.ord)
             from jsonb_array_elements(d.at_risk) with ordinality e(x, ord)
             join patients p on p.id = (e.x->>'patientId')::uuid and p.deleted_at is null) as at_risk,
          d.awaiting_review, d.oldest_awaiting_at::text, d.adherence_7d::text, d.adherence_prev_7d::text, d.adherence_30d::text, d.refreshed_at::text
        from app_ctx.patient_dashboard() d`));
      if (!row) return null;
      return {
        patients: { total: row.patients_total, active: row.patients_active, atRisk: row.patients_at_risk, paused: row.patients_paused, archived: row.patients_archived },
        silent: { days7: row.silent_7d, days14: row.silent_14d },
        atRisk: (row.at_risk ?? []).map((a) => ({ patientId: a.patientId, name: a.name, score: a.score, band: a.band, topFactor: a.topFactor })),
        awaitingReview: row.awaiting_review,
        oldestAwaitingAt: instant(row.oldest_awaiting_at),
        adherence7d: rate(row.adherence_7d),
        adherencePrevious7d: rate(row.adherence_prev_7d),
        adherence30d: rate(row.adherence_30d),
        refreshedAt: instant(row.refreshed_at),
      };
    },
  };
}
