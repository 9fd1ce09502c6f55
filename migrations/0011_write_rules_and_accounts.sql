-- One live inspection per line and round, as there is one live marker per line and number
-- (boundary_markers_line_number_key, 0002): the validation's "already has" check runs before the
-- insert, so two parallel creates could both pass it; this index lets exactly one in, and the
-- error handler answers the other with 409 (server/errors.ts, unique violations).
-- If this fails with "could not create unique index … is duplicated", soft-delete the duplicate
-- inspection rows named in the message first.
CREATE UNIQUE INDEX boundary_inspections_line_round_key
  ON boundary_inspections (line_id, round) WHERE deleted_at IS NULL;

-- When each user last signed in, for `npm run user:list` (sessions end, so they cannot tell).
ALTER TABLE users ADD COLUMN last_login_at timestamptz;
-- Failed logins are also counted per account whatever the address (the lock, auth.routes.ts).
CREATE INDEX login_failures_username_idx ON login_failures (username, failed_at);
