-- Field work: the GPS accuracy of a marker position taken on a phone, edits made without signal
-- and synced later (the history says so, with the time on the phone), and the fields two people
-- changed differently, kept until someone chooses between them.

ALTER TABLE boundary_markers
  ADD COLUMN position_accuracy_m numeric(7, 1) CHECK (position_accuracy_m BETWEEN 0 AND 10000);

-- An edit that arrived through sync: `edited_at` is when it was made on the device, the row's `at`
-- when it reached the server; `offline` says it was queued while the device had no connection.
ALTER TABLE boundary_history
  ADD COLUMN offline boolean NOT NULL DEFAULT false,
  ADD COLUMN edited_at timestamptz,
  ADD COLUMN base_version integer,
  -- fields both sides changed: [{field, base, theirs, mine}] (mine not applied, awaiting review)
  ADD COLUMN conflicts jsonb;

-- Each synced operation once: a device that resends an operation (the answer was lost on a bad
-- connection) gets the first answer back instead of a second record.
CREATE TABLE sync_operations (
  op_id      uuid PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id),
  kind       text NOT NULL,
  record_id  bigint,
  result     jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Fields two people changed differently: the server's value stays, the device's waits here for
-- review (theirs vs mine, chosen field by field). Never deleted: a resolved row keeps its choice.
CREATE TABLE sync_conflicts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  op_id         uuid NOT NULL REFERENCES sync_operations (op_id),
  kind          text NOT NULL CHECK (kind IN ('boundary-lines', 'boundary-markers', 'inspections', 'disputes')),
  record_id     bigint NOT NULL,
  user_id       bigint NOT NULL REFERENCES users (id),
  base_version  integer NOT NULL,
  server_version integer NOT NULL,
  fields        jsonb NOT NULL,            -- [{field, base, theirs, mine}]
  reason        text,
  edited_at     timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  resolved_at   timestamptz,
  resolution    jsonb                      -- {field: 'theirs' | 'mine'}
);
CREATE INDEX sync_conflicts_open_idx ON sync_conflicts (user_id) WHERE resolved_at IS NULL;
