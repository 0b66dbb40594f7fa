-- Which template a protocol was created from (issue 12, mv_protocol_effectiveness groups protocols by it). Set once,
-- when POST /v1/protocol-templates/{id}/apply creates the draft; null for a protocol written from scratch. The
-- composite key keeps the template in the protocol's own tenant. Protocols created before this migration stay
-- null (the template id is only in their audit row): they count as untemplated, each on its own.
ALTER TABLE protocol_templates ADD CONSTRAINT protocol_templates_professional_id_id_key UNIQUE (professional_id, id);
ALTER TABLE protocols ADD COLUMN template_id uuid;
ALTER TABLE protocols ADD CONSTRAINT protocols_template_fkey
  FOREIGN KEY (professional_id, template_id) REFERENCES protocol_templates (professional_id, id);
