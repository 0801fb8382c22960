-- `/api/health` writes this row: a database that answers but cannot write
-- (a full disk, a read-only file) is not healthy.
CREATE TABLE health_probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT    NOT NULL
);
INSERT INTO health_probe (id, checked_at) VALUES (1, '2000-01-01T00:00:00Z');
