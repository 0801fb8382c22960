-- A citizen's report received tells the office: the notification names it.
ALTER TABLE notifications ADD COLUMN report_id BIGINT REFERENCES reports (id);
