-- Evidence files attached to findings. Kept in the database so that server
-- replicas share them with nothing else to run; never changed once attached.

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    finding_id   INTEGER NOT NULL REFERENCES findings (id),
    file_name    TEXT   NOT NULL,
    -- Sniffed from the bytes, never taken from the client.
    content_type TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES users (id),
    uploaded_at  TEXT NOT NULL,
    data         BLOB   NOT NULL
);
CREATE INDEX evidence_finding ON evidence (finding_id, id);
