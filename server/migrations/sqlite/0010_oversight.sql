-- Special supervisors (特邀监督员): the roster, the visits they join and the
-- office's yearly grade; the yearly commitment letters and who signed them.

CREATE TABLE supervisors (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('deputy', 'cppcc_member', 'media', 'citizen', 'other')),
    affiliation TEXT    NOT NULL,
    areas       TEXT    NOT NULL,
    phone       TEXT    NOT NULL,
    term_start  TEXT    NOT NULL,
    term_end    TEXT    NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TEXT NOT NULL,
    version     BIGINT  NOT NULL DEFAULT 1
);
CREATE INDEX supervisors_name ON supervisors (name, id);

CREATE TABLE visit_supervisors (
    visit_id      BIGINT NOT NULL REFERENCES visits (id),
    supervisor_id BIGINT NOT NULL REFERENCES supervisors (id),
    PRIMARY KEY (supervisor_id, visit_id)
);
CREATE INDEX visit_supervisors_visit ON visit_supervisors (visit_id);

CREATE TABLE supervisor_assessments (
    supervisor_id BIGINT  NOT NULL REFERENCES supervisors (id),
    year          INTEGER NOT NULL,
    grade         TEXT    NOT NULL CHECK (grade IN ('excellent', 'competent', 'not_competent')),
    comment       TEXT    NOT NULL,
    assessed_by   BIGINT  NOT NULL REFERENCES users (id),
    assessed_at   TEXT NOT NULL,
    version       BIGINT  NOT NULL DEFAULT 1,
    PRIMARY KEY (supervisor_id, year)
);

CREATE TABLE commitment_letters (
    year       INTEGER PRIMARY KEY,
    title      TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    updated_at TEXT NOT NULL,
    version    BIGINT  NOT NULL DEFAULT 1
);

CREATE TABLE commitment_signatures (
    year        INTEGER NOT NULL REFERENCES commitment_letters (year),
    staff_id    BIGINT  NOT NULL REFERENCES staff (id),
    signed_on   TEXT    NOT NULL,
    recorded_by BIGINT  NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (year, staff_id)
);
CREATE INDEX commitment_signatures_staff ON commitment_signatures (staff_id, year);
