-- Reaching people: contact details and language, per-kind choices, the
-- outbox a worker delivers from, the reminders already sent and the
-- office's escalation ladder.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN mobile TEXT;
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-CN' CHECK (lang IN ('zh-CN', 'en'));
-- The unit's head (单位负责人): told of 催办 and escalations.
ALTER TABLE units ADD COLUMN head_user_id BIGINT REFERENCES users (id);

CREATE TABLE notification_preferences (
    user_id  BIGINT  NOT NULL REFERENCES users (id),
    kind     TEXT    NOT NULL,
    delivery TEXT    NOT NULL CHECK (delivery IN ('immediate', 'digest', 'off')),
    PRIMARY KEY (user_id, kind)
);

ALTER TABLE notifications ADD COLUMN visit_id BIGINT REFERENCES visits (id);
ALTER TABLE notifications ADD COLUMN bulletin_id BIGINT REFERENCES bulletins (id);
-- Waiting for the reader's daily digest.
ALTER TABLE notifications ADD COLUMN digest_pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX notifications_digest ON notifications (user_id) WHERE digest_pending;

-- What is to be sent, written in the transaction that caused it.
-- topic: notification (one notification, by e-mail or webhook), digest (a
-- user's day, by e-mail), report_status (a citizen's report, by e-mail).
CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    channel         TEXT    NOT NULL CHECK (channel IN ('email', 'webhook')),
    topic           TEXT    NOT NULL CHECK (topic IN ('notification', 'digest', 'report_status')),
    notification_id BIGINT REFERENCES notifications (id),
    user_id         BIGINT REFERENCES users (id),
    report_id       BIGINT REFERENCES reports (id),
    address         TEXT,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_until   TIMESTAMPTZ,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_failed ON outbox (id) WHERE state = 'failed';

-- The digest message that carried a notification.
ALTER TABLE notifications ADD COLUMN digest_id BIGINT REFERENCES outbox (id);

-- Every attempt to deliver, kept for the office.
CREATE TABLE outbox_attempts (
    id           BIGSERIAL PRIMARY KEY,
    outbox_id    BIGINT  NOT NULL REFERENCES outbox (id),
    attempted_at TIMESTAMPTZ NOT NULL,
    ok           BOOLEAN NOT NULL,
    error        TEXT
);
CREATE INDEX outbox_attempts_of ON outbox_attempts (outbox_id, id);

-- A reminder or escalation step taken for a finding's deadline: taken once.
CREATE TABLE reminders (
    finding_id BIGINT  NOT NULL REFERENCES findings (id),
    deadline   DATE    NOT NULL,
    stage      TEXT    NOT NULL,
    sent_on    DATE    NOT NULL,
    PRIMARY KEY (finding_id, deadline, stage)
);

-- The escalation ladder: after `days` working days overdue, `step`.
CREATE TABLE escalation_steps (
    days BIGINT  PRIMARY KEY CHECK (days BETWEEN 1 AND 60),
    step TEXT    NOT NULL CHECK (step IN ('urge', 'escalate', 'supervise'))
);
INSERT INTO escalation_steps (days, step) VALUES (1, 'urge'), (3, 'escalate'), (5, 'supervise');

-- 督办: set by the ladder's last step, shown on the office's dashboard.
ALTER TABLE findings ADD COLUMN supervised_on DATE;

-- A citizen who left an e-mail address may ask to be told of their report.
ALTER TABLE reports ADD COLUMN notify BOOLEAN NOT NULL DEFAULT FALSE;

-- Daily passes done (reminders, digests), so a second run the same day does nothing.
CREATE TABLE daily_passes (
    day    DATE PRIMARY KEY,
    run_at TIMESTAMPTZ NOT NULL
);

-- The escalation ladder's steps are on the finding's timeline with no
-- person as their actor (the system took them): actor_id may be NULL.
ALTER TABLE finding_events ALTER COLUMN actor_id DROP NOT NULL;
