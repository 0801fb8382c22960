-- The office activates one version of a template for new visits; saving a
-- version in use makes the next one without activating it. Templates carry a
-- version of their own so two activations at once cannot both win.
ALTER TABLE checklist_templates ADD COLUMN active_number BIGINT NOT NULL DEFAULT 1;
ALTER TABLE checklist_templates ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
UPDATE checklist_templates
   SET active_number = (SELECT MAX(c.number) FROM checklists c WHERE c.template_id = checklist_templates.id)
 WHERE EXISTS (SELECT 1 FROM checklists c WHERE c.template_id = checklist_templates.id);
