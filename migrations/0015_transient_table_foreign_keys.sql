-- The outbox and the pending risk recalculation requests are transient transport tables: their rows are written
-- only by our code, in the transaction that reads or writes the rows they name, and deleted or marked published
-- soon after; professionals and patients are only ever soft-deleted. Their foreign keys protect nothing a
-- reader relies on, yet each is an AFTER trigger call and an index probe per row on the hottest batch paths:
-- EXPLAIN ANALYZE of 10,000 outbox rows spent 82 of 151 ms in event_outbox_professional_id_fkey, and of 10,000
-- requests 124 of 172 ms in the two request keys (docs/BENCHMARKS.md, check_missed_checkins). Same reasoning
-- as daily_tasks (0008). Tenant isolation is unchanged: RLS WITH CHECK still requires the caller's tenant (and,
-- for requests, a visible patient of it).
ALTER TABLE event_outbox DROP CONSTRAINT event_outbox_professional_id_fkey;
ALTER TABLE risk_recalc_requests DROP CONSTRAINT risk_recalc_requests_patient_id_fkey;
ALTER TABLE risk_recalc_requests DROP CONSTRAINT risk_recalc_requests_professional_id_fkey;
