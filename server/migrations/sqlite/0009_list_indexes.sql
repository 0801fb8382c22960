-- Indexes found by the benchmark: the public bulletin list walks only what
-- the public may read, newest first; a state-filtered findings list walks
-- that state's findings newest first.
CREATE INDEX bulletins_public ON bulletins (published_at, id)
    WHERE audience = 'public' AND state IN ('published', 'retracted');
CREATE INDEX findings_state_created ON findings (state, created_at, id);
