-- Units (a tree), users, sessions, login throttling and the audit log.
-- Times are bound from Rust (never DEFAULT CURRENT_TIMESTAMP) so text timestamps sort right.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES units (id),
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    version     BIGINT  NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT    NOT NULL UNIQUE,
    display_name         TEXT    NOT NULL,
    role                 TEXT    NOT NULL CHECK (role IN ('admin', 'office', 'inspector', 'liaison', 'leader')),
    unit_id              INTEGER REFERENCES units (id),
    password_hash        TEXT    NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    active               BOOLEAN NOT NULL DEFAULT TRUE,
    version              BIGINT  NOT NULL DEFAULT 1,
    created_at           TEXT    NOT NULL,
    CHECK (role <> 'liaison' OR unit_id IS NOT NULL)
);

-- The session id itself is never stored: only its SHA-256.
CREATE TABLE sessions (
    id_hash      TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf_token   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE login_throttle (
    key          TEXT   PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start TEXT   NOT NULL,
    locked_until TEXT
);

-- The audit log is a hash chain: each entry holds the hash of the one before,
-- and audit_head the last; `xiaoneng audit-verify` finds the first entry that
-- no longer matches. Writers take audit_head first, which serialises them.
CREATE TABLE audit_log (
    id           BIGINT  PRIMARY KEY,
    at           TEXT    NOT NULL,
    actor_id     INTEGER REFERENCES users (id),
    action       TEXT    NOT NULL,
    entity       TEXT    NOT NULL,
    entity_id    TEXT,
    detail       TEXT    NOT NULL,
    before_state TEXT,
    after_state  TEXT,
    request_id   TEXT,
    address      TEXT,
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT  NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
