-- Self- and mutual inspections (自查 / 互查): a unit runs rounds inside its
-- own tree and reports them to the office. The office's rounds have no owner.
ALTER TABLE rounds ADD COLUMN kind TEXT NOT NULL DEFAULT 'office'
    CHECK (kind IN ('office', 'self', 'mutual'));
ALTER TABLE rounds ADD COLUMN owner_unit_id BIGINT REFERENCES units (id);
CREATE INDEX rounds_owner ON rounds (owner_unit_id, created_at, id);
