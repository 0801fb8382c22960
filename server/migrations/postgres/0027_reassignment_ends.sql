-- A reassignment followed to its end: the return to post, and the host
-- unit's end-of-term grade and assessment, recorded by the office.
ALTER TABLE decision_measures ADD COLUMN returned_on DATE;
ALTER TABLE decision_measures ADD COLUMN host_grade TEXT CHECK (host_grade IN ('excellent', 'competent', 'basic', 'incompetent'));
ALTER TABLE decision_measures ADD COLUMN host_assessment TEXT;
ALTER TABLE decision_measures ADD COLUMN recorded_by BIGINT REFERENCES users (id);
ALTER TABLE decision_measures ADD COLUMN recorded_at TIMESTAMPTZ;
CREATE INDEX decision_measures_kind ON decision_measures (kind, end_on);
