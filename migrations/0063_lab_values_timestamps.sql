-- lab_values gets the created_at / updated_at every tenant table has (0062 left them out): the tenant fingerprint
-- of the security suites (tests/security/tenant-fingerprint.ts) and the retention and export tooling read them.
ALTER TABLE lab_values
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
