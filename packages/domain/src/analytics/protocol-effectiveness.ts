import { fail, ok, type Result } from '../shared/result.ts';

/** A mean change over the runs that measured it twice or more (null mean when none did). */
export interface OutcomeChange { mean: number | null; runs: number }

/**
 * One row of mv_protocol_effectiveness as the adapter reads it: a template's protocols, or one protocol written
 * without a template (each protocol that has been active is a "run"; migration 0081 defines every figure).
 */
export interface ProtocolEffectiveness {
  templateId: string | null;
  /** Set for an untemplated protocol (its own group). */
  protocolId: string | null;
  /** The template's or the protocol's current name (read as the caller). */
  name: string;
  patients: number;
  runs: number;
  activeRuns: number;
  /** Mean over the runs with tasks of completed / total tasks (0–1), null when none had tasks. */
  meanAdherence: number | null;
  checkins: { answered: number; decided: number; completionRate: number | null };
  weightChangeKg: OutcomeChange;
  bodyFatChangePct: OutcomeChange;
}

/** The keyset of the list: most patients first, then the group id, descending. */
export interface EffectivenessKey { patients: number; groupId: string }

export interface ProtocolEffectivenessPage {
  /** When the view was computed; null while it holds nothing (no protocol has been active yet). */
  computedAt: Date | null;
  /** Up to `limit + 1` rows (the extra one says that a next page exists). */
  rows: ProtocolEffectiveness[];
}

export interface ProtocolEffectivenessReader {
  /** The caller's rows (the database function filters by its tenant), or null for a non-professional. */
  list(query: { after: EffectivenessKey | null; limit: number }): Promise<ProtocolEffectivenessPage | null>;
}

export const effectivenessKey = (row: ProtocolEffectiveness): EffectivenessKey =>
  ({ patients: row.patients, groupId: row.templateId ?? row.protocolId ?? '' });

/** GET /v1/analytics/protocol-effectiveness: which of the professional's protocols work, from the view. */
export async function listProtocolEffectiveness(
  deps: { effectiveness: ProtocolEffectivenessReader },
  query: { after: EffectivenessKey | null; limit: number },
): Promise<Result<ProtocolEffectivenessPage, 'AUTH.FORBIDDEN'>> {
  const page = await deps.effectiveness.list(query);
  return page ? ok(page) : fail('AUTH.FORBIDDEN');
}
