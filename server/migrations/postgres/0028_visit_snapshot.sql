-- A visit keeps what was declared when its inspection started — the away
-- notices in force and the A/B posts — and the inspector's per-person
-- observations against it (JSON).
ALTER TABLE inspections ADD COLUMN snapshot TEXT;
ALTER TABLE inspections ADD COLUMN observations TEXT NOT NULL DEFAULT '[]';
