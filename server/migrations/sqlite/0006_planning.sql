-- Checklist templates and their versions, rounds, batches, visits and the
-- inspections that answer a checklist during a visit.

CREATE TABLE checklist_templates (
    id         INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL
);

-- One row per version; a version an inspection has used never changes.
CREATE TABLE checklists (
    id          INTEGER PRIMARY KEY,
    template_id BIGINT NOT NULL REFERENCES checklist_templates (id),
    number      BIGINT NOT NULL,
    name        TEXT   NOT NULL,
    -- The items as JSON (key, dimension, text, guidance, answer kind, weight, what a failure needs).
    items       TEXT   NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    UNIQUE (template_id, number)
);

CREATE TABLE rounds (
    id         INTEGER PRIMARY KEY,
    name       TEXT   NOT NULL,
    starts_on  TEXT   NOT NULL,
    ends_on    TEXT   NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX rounds_period ON rounds (starts_on, id);

CREATE TABLE round_units (
    round_id BIGINT NOT NULL REFERENCES rounds (id),
    unit_id  BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (round_id, unit_id)
);

CREATE TABLE batches (
    id         INTEGER PRIMARY KEY,
    round_id   BIGINT NOT NULL REFERENCES rounds (id),
    name       TEXT   NOT NULL,
    starts_on  TEXT   NOT NULL,
    ends_on    TEXT   NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX batches_round ON batches (round_id, starts_on);

CREATE TABLE visits (
    id           INTEGER PRIMARY KEY,
    batch_id     BIGINT NOT NULL REFERENCES batches (id),
    unit_id      BIGINT NOT NULL REFERENCES units (id),
    planned_on   TEXT   NOT NULL,
    mode         TEXT   NOT NULL CHECK (mode IN ('open', 'unannounced')),
    checklist_id BIGINT NOT NULL REFERENCES checklists (id),
    created_by   BIGINT NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX visits_batch ON visits (batch_id, planned_on);
CREATE INDEX visits_planned ON visits (planned_on, id);

CREATE TABLE visit_inspectors (
    visit_id BIGINT NOT NULL REFERENCES visits (id),
    user_id  BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX visit_inspectors_user ON visit_inspectors (user_id, visit_id);

CREATE TABLE inspections (
    id           INTEGER PRIMARY KEY,
    visit_id     BIGINT NOT NULL UNIQUE REFERENCES visits (id),
    checklist_id BIGINT NOT NULL REFERENCES checklists (id),
    state        TEXT   NOT NULL CHECK (state IN ('draft', 'submitted')),
    -- The answers as JSON: [{item, outcome, value, note}].
    answers      TEXT   NOT NULL,
    notes        TEXT   NOT NULL,
    inspector_id BIGINT NOT NULL REFERENCES users (id),
    started_at   TEXT NOT NULL,
    submitted_at TEXT,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX inspections_checklist ON inspections (checklist_id);

CREATE TABLE inspection_photos (
    id            INTEGER PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    item_key      TEXT   NOT NULL,
    file_name     TEXT   NOT NULL,
    content_type  TEXT   NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT   NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users (id),
    uploaded_at   TEXT NOT NULL,
    data          BLOB  NOT NULL
);
CREATE INDEX inspection_photos_inspection ON inspection_photos (inspection_id, id);

-- A finding an inspection created names its visit and item (never shown to the unit).
ALTER TABLE findings ADD COLUMN visit_id BIGINT REFERENCES visits (id);
ALTER TABLE findings ADD COLUMN item_key TEXT;
CREATE INDEX findings_visit ON findings (visit_id);
