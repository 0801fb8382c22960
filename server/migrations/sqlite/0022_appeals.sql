-- Appeals (申诉 / 复核): a unit contests a substantiation or a decision;
-- the office (or a leader) upholds or dismisses it. One appeal per finding
-- or decision. The office's settings for them, and a decision's revocation.
CREATE TABLE appeals (
    id            INTEGER PRIMARY KEY,
    subject       TEXT    NOT NULL CHECK (subject IN ('finding', 'decision')),
    finding_id    BIGINT  NOT NULL REFERENCES findings (id),
    decision_id   BIGINT  REFERENCES decisions (id),
    unit_id       BIGINT  NOT NULL REFERENCES units (id),
    grounds       TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('lodged', 'upheld', 'dismissed')),
    lodged_by     BIGINT  NOT NULL REFERENCES users (id),
    lodged_at     TEXT NOT NULL,
    review_by     TEXT    NOT NULL,
    reason        TEXT,
    restored_to   TEXT,
    decided_by    BIGINT  REFERENCES users (id),
    decided_at    TEXT,
    version       BIGINT  NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX appeals_finding ON appeals (finding_id) WHERE subject = 'finding';
CREATE UNIQUE INDEX appeals_decision ON appeals (decision_id) WHERE decision_id IS NOT NULL;
CREATE INDEX appeals_lodged ON appeals (lodged_at, id);

CREATE TABLE appeal_settings (
    id                       BIGINT  PRIMARY KEY CHECK (id = 1),
    window_days              BIGINT  NOT NULL CHECK (window_days BETWEEN 1 AND 60),
    review_days              BIGINT  NOT NULL CHECK (review_days BETWEEN 1 AND 60),
    leader_reviews_decisions BOOLEAN NOT NULL
);
INSERT INTO appeal_settings (id, window_days, review_days, leader_reviews_decisions) VALUES (1, 5, 10, FALSE);

-- A decision revoked (撤销) by an upheld appeal: kept, marked, with why.
ALTER TABLE decisions ADD COLUMN revoked_at TEXT;
ALTER TABLE decisions ADD COLUMN revoked_reason TEXT;
