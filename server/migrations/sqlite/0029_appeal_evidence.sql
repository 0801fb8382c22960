-- Files a unit gives in support of its appeal; like a finding's evidence,
-- sniffed, hashed and never changed once attached.
CREATE TABLE appeal_evidence (
    id           INTEGER PRIMARY KEY,
    appeal_id    BIGINT NOT NULL REFERENCES appeals (id),
    file_name    TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    uploaded_by  BIGINT NOT NULL REFERENCES users (id),
    uploaded_at  TEXT   NOT NULL,
    data         BLOB   NOT NULL
);
CREATE INDEX appeal_evidence_appeal ON appeal_evidence (appeal_id, id);
