-- A report no longer keeps anything of its sender's address: the flood
-- limit counts a keyed hash in login_throttle, swept after its window.
DROP INDEX reports_address;
ALTER TABLE reports DROP COLUMN address_hash;
