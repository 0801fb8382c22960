-- A photo's id given by the phone that took it: an upload sent again after
-- a lost answer finds the photo already stored instead of storing it twice.
-- And when the photo was taken, as the phone says (the upload may come later).
ALTER TABLE inspection_photos ADD COLUMN client_id TEXT;
ALTER TABLE inspection_photos ADD COLUMN taken_at TIMESTAMPTZ;
CREATE UNIQUE INDEX inspection_photos_client_id
    ON inspection_photos (inspection_id, client_id) WHERE client_id IS NOT NULL;
