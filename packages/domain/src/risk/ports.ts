/** Why a patient's risk is recalculated (logged and counted; never a health value). */
export const RISK_RECALC_REASONS = ['checkin_submitted', 'checkin_late', 'checkin_missed', 'task_completed', 'task_undone', 'water_logged', 'nightly', 'measurement_recorded'] as const;
export type RiskRecalcReason = (typeof RISK_RECALC_REASONS)[number];

/**
 * Asks for the risk of some patients to be recalculated soon, inside the caller's transaction (so the request
 * commits with the event that caused it). Coalesced per patient: while a request is pending, further requests
 * for the same patient add nothing, so a burst of events recalculates once.
 */
export interface RiskRecalculationRequests {
  request(patientIds: readonly string[], reason: RiskRecalcReason): Promise<void>;
}
