-- The patient's sex for laboratory reference ranges (issue 10, lab panels; ADR 0020): the biological sex the
-- ranges are split by, not gender identity. 'unknown' until the professional records it; a value whose marker
-- has only sex-specific ranges then stays unflagged.
ALTER TABLE patients ADD COLUMN sex text NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female', 'male', 'unknown'));
