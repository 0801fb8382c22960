-- The people a finding concerns, as a JSON array of {"name", "post"}; a
-- bulletin decides whether their names are shown.
ALTER TABLE findings ADD COLUMN people TEXT NOT NULL DEFAULT '[]';
