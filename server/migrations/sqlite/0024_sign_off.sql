-- Bulletin sign-off (签发): who submitted a bulletin and who signed it off,
-- the office users named approvers, and document numbers from a per-year
-- sequence that only grows (a retracted bulletin keeps its number).
ALTER TABLE users ADD COLUMN signs_bulletins BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE bulletins ADD COLUMN submitted_by BIGINT REFERENCES users (id);
ALTER TABLE bulletins ADD COLUMN signed_by BIGINT REFERENCES users (id);
ALTER TABLE bulletins ADD COLUMN doc_year INTEGER;
ALTER TABLE bulletins ADD COLUMN doc_seq INTEGER;
CREATE UNIQUE INDEX bulletins_doc_seq ON bulletins (doc_year, doc_seq);

CREATE TABLE doc_sequences (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE bulletin_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    doc_format TEXT    NOT NULL
);
INSERT INTO bulletin_settings (id, doc_format) VALUES (1, '合效办〔{year}〕{n}号');
