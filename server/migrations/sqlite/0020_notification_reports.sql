-- A citizen's report received tells the office: the notification names it.
ALTER TABLE notifications ADD COLUMN report_id INTEGER REFERENCES reports (id);
