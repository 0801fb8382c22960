-- A user's inbox: written in the same transaction as the step that asks
-- them to act, read in their language when they open it.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT    NOT NULL,
    finding_id INTEGER REFERENCES findings (id),
    deadline   DATE,
    created_at TEXT    NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_inbox ON notifications (user_id, read_at, id);
