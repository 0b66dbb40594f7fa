-- Protocol engine (seed §10.1): protocols (draft → active → archived), immutable version snapshots and
-- composite templates. One active protocol per patient is enforced here (partial unique index) and by the
-- use case; versions are append-only (no UPDATE/DELETE grants, and a trigger that refuses them even to the
-- owner).

CREATE TABLE protocols (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  -- A draft's editable content; for an active or archived protocol, the content of its latest version.
  content jsonb NOT NULL,
  -- 0 while a draft has never been active; the latest version number afterwards.
  current_version integer NOT NULL DEFAULT 0 CHECK (current_version >= 0),
  -- Optimistic concurrency (ETag / If-Match): bumped by every change.
  row_version integer NOT NULL DEFAULT 1 CHECK (row_version >= 1),
  activated_at timestamptz,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK (status <> 'active' OR (current_version >= 1 AND activated_at IS NOT NULL)),
  CHECK (status <> 'archived' OR archived_at IS NOT NULL),
  -- Target of the composite foreign key of protocol_versions (keeps a version in its protocol's tenant).
  UNIQUE (professional_id, id)
);
-- Seed §10.1 rule 1: at most one active protocol per patient; concurrent activations collide here.
CREATE UNIQUE INDEX protocols_one_active_per_patient ON protocols (patient_id) WHERE status = 'active';
-- The patient's protocols, newest first (GET /v1/patients/{id}/protocols).
CREATE INDEX protocols_patient_list_idx ON protocols (professional_id, patient_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE protocol_versions (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL,
  protocol_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  content jsonb NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (professional_id, protocol_id) REFERENCES protocols (professional_id, id),
  -- Also serves "versions by protocol, newest first" (a backward index scan).
  UNIQUE (protocol_id, version)
);

-- Immutability in the database itself: even a role with the grants (the owner, a future migration, a
-- mistaken job) cannot rewrite or erase a snapshot.
CREATE FUNCTION public.protocol_versions_immutable() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $$
BEGIN
  RAISE EXCEPTION 'protocol_versions is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END $$;
REVOKE ALL ON FUNCTION public.protocol_versions_immutable() FROM PUBLIC;
CREATE TRIGGER protocol_versions_no_update_delete BEFORE UPDATE OR DELETE ON protocol_versions
  FOR EACH ROW EXECUTE FUNCTION public.protocol_versions_immutable();
CREATE TRIGGER protocol_versions_no_truncate BEFORE TRUNCATE ON protocol_versions
  FOR EACH STATEMENT EXECUTE FUNCTION public.protocol_versions_immutable();

CREATE TABLE protocol_templates (
  id uuid PRIMARY KEY,
  professional_id uuid NOT NULL REFERENCES professionals(id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  description text CHECK (description IS NULL OR char_length(description) <= 2000),
  content jsonb NOT NULL,
  row_version integer NOT NULL DEFAULT 1 CHECK (row_version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX protocol_templates_list_idx ON protocol_templates (professional_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- Row level security. The professional manages its tenant's rows (a protocol only for a patient of its
-- own tenant); a patient reads only its own ACTIVE protocol and that protocol's versions.
ALTER TABLE protocols ENABLE ROW LEVEL SECURITY;
ALTER TABLE protocols FORCE ROW LEVEL SECURITY;
CREATE POLICY protocols_professional ON protocols FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (
    professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional'
    AND EXISTS (SELECT 1 FROM patients p WHERE p.id = patient_id AND p.professional_id = (SELECT app_ctx.professional_id()))
  );
CREATE POLICY protocols_patient_active ON protocols FOR SELECT TO korevitta_app
  USING (
    patient_id = (SELECT app_ctx.patient_id()) AND professional_id = (SELECT app_ctx.professional_id())
    AND (SELECT app_ctx.role()) = 'patient' AND status = 'active' AND deleted_at IS NULL
  );
CREATE POLICY protocols_system ON protocols FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE protocol_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE protocol_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY protocol_versions_professional_read ON protocol_versions FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY protocol_versions_professional_append ON protocol_versions FOR INSERT TO korevitta_app
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
-- The subquery on protocols runs under protocols' own policies: for a patient, only its active protocol.
CREATE POLICY protocol_versions_patient_active ON protocol_versions FOR SELECT TO korevitta_app
  USING (
    professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'patient'
    AND EXISTS (SELECT 1 FROM protocols p WHERE p.id = protocol_id AND p.patient_id = (SELECT app_ctx.patient_id()) AND p.status = 'active')
  );
CREATE POLICY protocol_versions_system ON protocol_versions FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

ALTER TABLE protocol_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE protocol_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY protocol_templates_professional ON protocol_templates FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional')
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role()) = 'professional');
CREATE POLICY protocol_templates_system ON protocol_templates FOR ALL TO korevitta_system USING (true) WITH CHECK (true);

-- Least privilege: no DELETE anywhere (soft delete), and versions are insert-only for every role.
GRANT SELECT, INSERT, UPDATE ON protocols, protocol_templates TO korevitta_app;
GRANT SELECT, INSERT ON protocol_versions TO korevitta_app;
GRANT SELECT, INSERT, UPDATE ON protocols, protocol_templates TO korevitta_system;
GRANT SELECT, INSERT ON protocol_versions TO korevitta_system;
