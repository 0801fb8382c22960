-- A correction of a finding's facts keeps, on its timeline, each fact
-- before and after: a JSON list of {"field", "before", "after"}.
ALTER TABLE finding_events ADD COLUMN changes TEXT;
