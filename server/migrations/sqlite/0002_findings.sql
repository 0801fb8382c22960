-- Findings, their timeline, and the office's holiday calendar.

CREATE TABLE holidays (
    day     TEXT    PRIMARY KEY,
    -- TRUE: an adjusted working day (a weekend worked); FALSE: a public holiday.
    working BOOLEAN NOT NULL,
    name    TEXT    NOT NULL
);

CREATE TABLE findings (
    id                  INTEGER PRIMARY KEY,
    code                TEXT    NOT NULL UNIQUE,
    unit_id             INTEGER NOT NULL REFERENCES units (id),
    source              TEXT    NOT NULL CHECK (source IN ('inspection', 'citizen_report', 'other')),
    dimension           TEXT    NOT NULL CHECK (dimension IN ('work_style', 'service_attitude', 'service_quality', 'work_discipline')),
    severity            TEXT    NOT NULL CHECK (severity IN ('minor', 'serious', 'grave')),
    title               TEXT    NOT NULL,
    description         TEXT    NOT NULL,
    observed_on         TEXT    NOT NULL,
    state               TEXT    NOT NULL,
    verify_by           TEXT,
    rectify_by          TEXT,
    extension_requested TEXT,
    recorded_by         INTEGER NOT NULL REFERENCES users (id),
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    version             BIGINT  NOT NULL DEFAULT 1
);
-- What people open most: a unit's findings by state, deadlines by state, the newest first.
CREATE INDEX findings_unit_state ON findings (unit_id, state);
CREATE INDEX findings_state_rectify_by ON findings (state, rectify_by);
CREATE INDEX findings_created ON findings (created_at, id);

CREATE TABLE finding_events (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES findings (id),
    at          TEXT    NOT NULL,
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    action      TEXT,
    from_state  TEXT,
    to_state    TEXT    NOT NULL,
    comment     TEXT,
    deadline    TEXT
);
CREATE INDEX finding_events_finding ON finding_events (finding_id, id);
