-- A decision names a person by their staff record (namesakes stay apart, a
-- transferred person keeps their record), and the office's sanctions ladder.
ALTER TABLE decisions ADD COLUMN staff_id BIGINT REFERENCES staff (id);
CREATE INDEX decisions_staff ON decisions (staff_id, decided_on);

CREATE TABLE sanction_settings (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    -- The measure kinds, first case first, as a JSON array.
    steps TEXT    NOT NULL
);
INSERT INTO sanction_settings (id, steps)
VALUES (1, '["written_self_examination","circulated_criticism","reassignment"]');
