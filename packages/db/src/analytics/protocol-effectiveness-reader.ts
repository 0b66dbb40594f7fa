import { sql } from 'drizzle-orm';
import type { ProtocolEffectiveness, ProtocolEffectivenessReader } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { rowsOf } from '../rows.ts';

interface Row {
  computed_at: string | null; allowed: boolean; group_id: string | null; templated: boolean | null; name: string | null;
  patients: number; runs: number; active_runs: number; mean_adherence: string | null; checkins_answered: number; checkins_decided: number;
  checkin_completion: string | null; weight_change_kg: string | null; weight_runs: number; body_fat_change_pct: string | null; body_fat_runs: number;
}

const num = (v: string | null) => (v === null ? null : Number(v));

function toEffectiveness(r: Row & { group_id: string; name: string }): ProtocolEffectiveness {
  return {
    templateId: r.templated ? r.group_id : null,
    protocolId: r.templated ? null : r.group_id,
    name: r.name,
    patients: r.patients,
    runs: r.runs,
    activeRuns: r.active_runs,
    meanAdherence: num(r.mean_adherence),
    checkins: { answered: r.checkins_answered, decided: r.checkins_decided, completionRate: num(r.checkin_completion) },
    weightChangeKg: { mean: num(r.weight_change_kg), runs: r.weight_runs },
    bodyFatChangePct: { mean: num(r.body_fat_change_pct), runs: r.body_fat_runs },
  };
}

/**
 * The caller's page of mv_protocol_effectiveness in one statement: app_ctx.protocol_effectiveness() (definer,
 * filters the view by the caller's tenant) and, under the caller's own RLS, the current name of each template or
 * protocol (the view keeps ids only).
 */
export function createProtocolEffectivenessReader(tx: Tx): ProtocolEffectivenessReader {
  return {
    async list({ after, limit }) {
      const rows = rowsOf<Row>(await tx.execute(sql`
        select c.computed_at::text, c.allowed, e.group_id, e.templated, coalesce(t.name, p.name) as name,
          e.patients, e.runs, e.active_runs, e.mean_adherence::text, e.checkins_answered, e.checkins_decided, e.checkin_completion::text,
          e.weight_change_kg::text, e.weight_runs, e.body_fat_change_pct::text, e.body_fat_runs
        from (select app_ctx.protocol_effectiveness_computed_at() as computed_at, app_ctx.role() = 'professional' as allowed) c
        left join lateral app_ctx.protocol_effectiveness(${after?.patients ?? null}::int, ${after?.groupId ?? null}::uuid, ${limit + 1}::int) e on true
        left join protocol_templates t on e.templated and t.id = e.group_id
        left join protocols p on not e.templated and p.id = e.group_id
        order by e.patients desc, e.group_id desc`));
      const head = rows[0];
      if (!head?.allowed) return null;
      return {
        computedAt: head.computed_at === null ? null : new Date(head.computed_at),
        rows: rows.filter((r): r is Row & { group_id: string; name: string } => r.group_id !== null && r.name !== null).map(toEffectiveness),
      };
    },
  };
}
