-- White-label branding (issue 11): one row per practice, absent until the first PUT /v1/branding (the API then
-- shows KoreVitta's default with revision 0). Colours are stored upper-case #RRGGBB; the WCAG AA rule lives in
-- the domain (packages/domain/src/branding/contrast.ts). logo_upload_id names an upload of purpose `logo`
-- (issue 10); its foreign key is added by a later migration once the uploads table exists on main.

CREATE TABLE brandings (
  professional_id uuid PRIMARY KEY REFERENCES professionals(id),
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 80),
  primary_color text NOT NULL CHECK (primary_color ~ '^#[0-9A-F]{6}$'),
  accent_color text NOT NULL CHECK (accent_color ~ '^#[0-9A-F]{6}$'),
  logo_upload_id uuid,
  email_signature text CHECK (email_signature IS NULL OR char_length(email_signature) BETWEEN 1 AND 500),
  revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  updated_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Professional: its own practice's branding. Patient: reads its practice's branding (the app and /v1/me show it).
-- System: the mail consumers render it.
ALTER TABLE brandings ENABLE ROW LEVEL SECURITY;
ALTER TABLE brandings FORCE ROW LEVEL SECURITY;
CREATE POLICY brandings_professional ON brandings FOR ALL TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'))
  WITH CHECK (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'professional'));
CREATE POLICY brandings_patient_read ON brandings FOR SELECT TO korevitta_app
  USING (professional_id = (SELECT app_ctx.professional_id()) AND (SELECT app_ctx.role() = 'patient'));
CREATE POLICY brandings_system ON brandings FOR ALL TO korevitta_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON brandings TO korevitta_app;
GRANT UPDATE (display_name, primary_color, accent_color, logo_upload_id, email_signature, revision, updated_by, updated_at) ON brandings TO korevitta_app;
GRANT SELECT ON brandings TO korevitta_system;
