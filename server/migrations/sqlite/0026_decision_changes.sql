-- A decision amended (变更) or revoked (撤销): each change with its reason
-- and the measures and basis before and after; and the correction notices
-- a published bulletin that announced the decision carries.
CREATE TABLE decision_events (
    id           INTEGER PRIMARY KEY,
    decision_id  BIGINT  NOT NULL REFERENCES decisions (id),
    change       TEXT    NOT NULL CHECK (change IN ('amend', 'revoke')),
    reason       TEXT    NOT NULL,
    before       TEXT    NOT NULL,
    after        TEXT    NOT NULL,
    basis_before TEXT    NOT NULL,
    basis_after  TEXT,
    by_user      BIGINT  REFERENCES users (id),
    at           TEXT    NOT NULL
);
CREATE INDEX decision_events_decision ON decision_events (decision_id, id);

CREATE TABLE bulletin_corrections (
    id          INTEGER PRIMARY KEY,
    bulletin_id BIGINT  NOT NULL REFERENCES bulletins (id),
    decision_id BIGINT  NOT NULL REFERENCES decisions (id),
    -- What the public reads (names as the bulletin shows them).
    notice      TEXT    NOT NULL,
    at          TEXT    NOT NULL
);
CREATE INDEX bulletin_corrections_bulletin ON bulletin_corrections (bulletin_id, id);
