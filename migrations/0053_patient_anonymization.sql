-- Anonymisation under LGPD (issue 12, Art. 16 and 18 IV; ADR 0019): when a patient's identifiers were removed.
-- Irreversible: the use case refuses a second time (409) and the row keeps only numeric facts from then on.
ALTER TABLE patients ADD COLUMN anonymized_at timestamptz;

-- The anonymisation writes as the system role (packages/db/src/compliance/anonymize-patient.ts); these are the only
-- columns of these tables it may change: the audit trail's changes of the patient, message bodies, check-in notes
-- and answers. Everything else of those rows stays append-only.
GRANT UPDATE (changes) ON audit_log TO korevitta_system;
GRANT UPDATE (body) ON messages TO korevitta_system;
GRANT UPDATE (review_notes, responses) ON checkins TO korevitta_system;
