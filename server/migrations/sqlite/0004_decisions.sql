-- Accountability decisions, the findings they rest on, and their measures.

CREATE TABLE decisions (
    id             INTEGER PRIMARY KEY,
    person_name    TEXT   NOT NULL,
    person_unit_id INTEGER NOT NULL REFERENCES units (id),
    person_post    TEXT   NOT NULL,
    basis          TEXT   NOT NULL,
    notes          TEXT,
    decided_on     TEXT   NOT NULL,
    decided_by     INTEGER NOT NULL REFERENCES users (id),
    created_at     TEXT NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX decisions_unit ON decisions (person_unit_id, decided_on);
CREATE INDEX decisions_person ON decisions (person_name, decided_on);
CREATE INDEX decisions_created ON decisions (created_at, id);

CREATE TABLE decision_findings (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    finding_id  INTEGER NOT NULL REFERENCES findings (id),
    PRIMARY KEY (decision_id, finding_id)
);
CREATE INDEX decision_findings_finding ON decision_findings (finding_id);

CREATE TABLE decision_measures (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    position    INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('written_self_examination', 'circulated_criticism', 'admonishment_talk', 'reassignment', 'other')),
    place       TEXT,
    start_on    TEXT,
    end_on      TEXT,
    note        TEXT
);
CREATE INDEX decision_measures_decision ON decision_measures (decision_id, position);
