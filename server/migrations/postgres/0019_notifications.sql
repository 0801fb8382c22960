-- A user's inbox: written in the same transaction as the step that asks
-- them to act, read in their language when they open it.
CREATE TABLE notifications (
    id         BIGSERIAL   PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    kind       TEXT        NOT NULL,
    finding_id BIGINT      REFERENCES findings (id),
    deadline   DATE,
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ
);
CREATE INDEX notifications_inbox ON notifications (user_id, read_at, id);
