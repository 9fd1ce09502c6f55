-- Accounts and sessions (issue 4 §1), boundary editing: inspections, disputes, photos, and the one
-- history table every boundary edit writes to (issue 4 §2–3). Nothing here is ever hard-deleted
-- except sessions and login-failure counters, which are not records.

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,39}$'),
  display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 60),
  role          text NOT NULL CHECK (role IN ('admin', 'boundary_editor', 'planner', 'viewer')),
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The cookie carries a random token; only its SHA-256 is stored, so a copy of this table opens no
-- sessions. Sessions slide: each use may push expires_at forward, never past max_expires_at.
CREATE TABLE sessions (
  token_hash     bytea PRIMARY KEY,
  user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  max_expires_at timestamptz NOT NULL,
  address        text,
  user_agent     text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Failed logins, counted per (account, address) and per address over a sliding window.
CREATE TABLE login_failures (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username  text NOT NULL,
  address   text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_account_idx ON login_failures (username, address, failed_at);
CREATE INDEX login_failures_address_idx ON login_failures (address, failed_at);

-- Photos (界桩 photos, inspection findings, dispute documents): JPEG/PNG checked from the bytes,
-- kept in the database with a JPEG thumbnail so a backup of the database is a backup of everything.
CREATE TABLE photos (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  byte_size    integer NOT NULL CHECK (byte_size BETWEEN 1 AND 10485760),
  sha256       text NOT NULL,
  width        integer,
  height       integer,
  original     bytea NOT NULL,
  thumbnail    bytea,               -- NULL when no thumbnail could be made
  file_name    text CHECK (length(file_name) <= 200),
  uploaded_by  bigint NOT NULL REFERENCES users (id),
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE boundary_markers ADD COLUMN photo_ids bigint[] NOT NULL DEFAULT '{}';

-- 联检: one joint inspection of a line in a given round (every 5 years, or extra after disasters).
-- People and per-marker findings are small lists that belong to the inspection, kept as jsonb so a
-- history snapshot is the whole inspection.
CREATE TABLE boundary_inspections (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  line_id           bigint NOT NULL REFERENCES boundary_lines (id),
  round             integer NOT NULL CHECK (round BETWEEN 1 AND 100),
  kind              text NOT NULL DEFAULT 'regular' CHECK (kind IN ('regular', 'extra')),
  status            text NOT NULL CHECK (status IN ('planned', 'in_progress', 'completed')),
  start_date        date NOT NULL,
  end_date          date,
  our_side_people   jsonb NOT NULL DEFAULT '[]',   -- [{name, unit, phone}]
  other_side_people jsonb NOT NULL DEFAULT '[]',
  findings          jsonb NOT NULL DEFAULT '[]',   -- [{markerId, condition, note, photoIds}]
  survey_notes      text,                          -- 修测 notes
  problems          text,
  settlement        text,
  report            text,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  deleted_at        timestamptz,
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX boundary_inspections_line_idx ON boundary_inspections (line_id) WHERE deleted_at IS NULL;

-- 界线争议: parties, disputed area, each side's claim line, cause, stage, documents, risk.
CREATE TABLE boundary_disputes (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  district_code   text NOT NULL REFERENCES districts (code),
  line_id         bigint REFERENCES boundary_lines (id),
  parties         jsonb NOT NULL DEFAULT '[]',     -- [{name, unitCode}]
  area            geometry(MultiPolygon, 4326) CHECK (area IS NULL OR ST_IsValid(area)),
  claims          jsonb NOT NULL DEFAULT '[]',     -- [{party, geometry (GeoJSON line), note}]
  cause_type      text NOT NULL CHECK (cause_type IN ('land', 'forest', 'mineral', 'water', 'other')),
  cause           text,
  stage           text NOT NULL CHECK (stage IN ('found', 'negotiating', 'reported', 'adjudicated')),
  risk_level      text NOT NULL CHECK (risk_level IN ('low', 'medium', 'high')),
  documents       jsonb NOT NULL DEFAULT '[]',     -- [{title, number, date, photoIds}]
  discovered_on   date NOT NULL,
  resolved_on     date,
  resolution      text,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  deleted_at      timestamptz,
  CHECK (resolved_on IS NULL OR resolved_on >= discovered_on)
);
CREATE INDEX boundary_disputes_district_idx ON boundary_disputes (district_code) WHERE deleted_at IS NULL;
CREATE INDEX boundary_disputes_area_gix ON boundary_disputes USING gist (area);

-- One history for all four kinds: every create, update, delete and restore adds a row with the
-- whole record before and after, who did it, when, and why. Version n's row holds the record as
-- it was at version n in `after`.
CREATE TABLE boundary_history (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('boundary-lines', 'boundary-markers', 'inspections', 'disputes')),
  record_id  bigint NOT NULL,
  version    integer NOT NULL,
  action     text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
  reason     text,
  user_id    bigint REFERENCES users (id),
  user_name  text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  before     jsonb,
  after      jsonb NOT NULL,
  UNIQUE (kind, record_id, version)
);
