-- Creating requests sent with an `Idempotency-Key`: a retry after a lost
-- answer is answered from here instead of creating the record again.
-- `state`: pending (being carried out), committed (its write committed,
-- its answer not yet kept), answered (status and body kept).
CREATE TABLE idempotency (
    key_hash     TEXT        PRIMARY KEY,
    request_hash TEXT        NOT NULL,
    state        TEXT        NOT NULL,
    status       INTEGER,
    content_type TEXT,
    body         BYTEA,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX idempotency_created ON idempotency (created_at);
