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

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    action      TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   TEXT,
    detail      TEXT    NOT NULL,
    request_id  TEXT,
    address     TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);
