-- Bulletins, what they link to, and citizen reports.

CREATE TABLE bulletins (
    id                INTEGER PRIMARY KEY,
    doc_number        TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('inspection_results', 'accountability', 'typical_cases')),
    body              TEXT    NOT NULL,
    audience          TEXT    NOT NULL CHECK (audience IN ('internal', 'public')),
    state             TEXT    NOT NULL CHECK (state IN ('draft', 'in_review', 'published', 'retracted')),
    show_names        BOOLEAN NOT NULL,
    -- What the public reads, redacted when published; public endpoints read only these.
    public_title      TEXT,
    public_body       TEXT,
    published_at      TEXT,
    retracted_at      TEXT,
    retraction_reason TEXT,
    return_reason     TEXT,
    created_by        BIGINT  NOT NULL REFERENCES users (id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           BIGINT  NOT NULL DEFAULT 1
);
CREATE INDEX bulletins_published ON bulletins (audience, state, published_at, id);
CREATE INDEX bulletins_created ON bulletins (created_at, id);

CREATE TABLE bulletin_findings (
    bulletin_id BIGINT NOT NULL REFERENCES bulletins (id),
    finding_id  BIGINT NOT NULL REFERENCES findings (id),
    PRIMARY KEY (bulletin_id, finding_id)
);

CREATE TABLE bulletin_decisions (
    bulletin_id BIGINT NOT NULL REFERENCES bulletins (id),
    decision_id BIGINT NOT NULL REFERENCES decisions (id),
    PRIMARY KEY (bulletin_id, decision_id)
);
CREATE INDEX bulletin_decisions_decision ON bulletin_decisions (decision_id);

CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    code            TEXT   NOT NULL UNIQUE,
    unit_id         BIGINT REFERENCES units (id),
    what            TEXT   NOT NULL,
    place           TEXT   NOT NULL,
    happened_on     TEXT,
    contact         TEXT,
    photo_type      TEXT,
    photo_size      BIGINT,
    photo_sha256    TEXT,
    photo           BLOB,
    status          TEXT   NOT NULL CHECK (status IN ('received', 'accepted', 'declined')),
    finding_id      BIGINT REFERENCES findings (id),
    declined_reason TEXT,
    -- SHA-256 of the sender's address, for flood control only.
    address_hash    TEXT   NOT NULL,
    received_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX reports_received ON reports (received_at, id);
CREATE INDEX reports_status ON reports (status, received_at);
CREATE INDEX reports_address ON reports (address_hash, received_at);
