-- Staff of units, posts with their A and B person, and away-from-post notices.

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    unit_id    BIGINT  NOT NULL REFERENCES units (id),
    name       TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    version    BIGINT  NOT NULL DEFAULT 1
);
CREATE INDEX staff_unit ON staff (unit_id, name);

CREATE TABLE posts (
    id         INTEGER PRIMARY KEY,
    unit_id    BIGINT NOT NULL REFERENCES units (id),
    name       TEXT   NOT NULL,
    a_staff_id BIGINT REFERENCES staff (id),
    b_staff_id BIGINT REFERENCES staff (id),
    created_at TEXT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX posts_unit ON posts (unit_id, name);

CREATE TABLE away_notices (
    id              INTEGER PRIMARY KEY,
    staff_id        BIGINT NOT NULL REFERENCES staff (id),
    reason          TEXT   NOT NULL,
    away_from       TEXT NOT NULL,
    expected_return TEXT NOT NULL,
    covered_by      BIGINT REFERENCES staff (id),
    posted_by       BIGINT NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL
);
CREATE INDEX away_notices_staff ON away_notices (staff_id, away_from);
CREATE INDEX away_notices_return ON away_notices (expected_return);
