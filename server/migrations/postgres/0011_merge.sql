-- A finding folded into another (the same problem recorded twice) points at it.
ALTER TABLE findings ADD COLUMN merged_into BIGINT REFERENCES findings (id);
