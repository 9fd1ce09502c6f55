-- Administration in the browser (issue 23 §5): the audit log, and a version on each user so two
-- administrators changing the same account cannot overwrite each other (If-Match, as for records).

-- Bumped by every change an administrator makes (role, name, disabled, password); not by signing in.
ALTER TABLE users ADD COLUMN version integer NOT NULL DEFAULT 1;

-- Who did what, when and from where: sign-ins (and failures, with the name tried), sign-outs,
-- account changes, imports, undos, exports, deletes and restores (server/modules/audit/). Rows are
-- only ever added: the triggers below refuse UPDATE, DELETE and TRUNCATE to every role, the app's
-- included. No foreign key to users: the log keeps the name as it was, whatever happens later.
CREATE TABLE audit_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  user_id      bigint,
  username     text CHECK (length(username) <= 80),
  display_name text CHECK (length(display_name) <= 80),
  role         text CHECK (length(role) <= 40),
  action       text NOT NULL CHECK (action IN (
    'auth.sign_in', 'auth.sign_in_failed', 'auth.sign_out',
    'user.create', 'user.update', 'user.disable', 'user.enable', 'user.password_reset',
    'user.sessions_revoke', 'user.unlock',
    'import.commit', 'import.undo', 'export.download', 'record.delete', 'record.restore')),
  kind         text CHECK (length(kind) <= 40),
  target       text CHECK (length(target) <= 80),
  details      jsonb NOT NULL DEFAULT '{}'
               CHECK (jsonb_typeof(details) = 'object' AND length(details::text) <= 4000),
  address      text CHECK (length(address) <= 100),
  status       smallint NOT NULL
);
-- The admin page lists newest first (by id) under any of its filters.
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_username_idx ON audit_log (username, id DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, id DESC);
CREATE INDEX audit_log_kind_idx ON audit_log (kind, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
