-- Foundation: organisations, categories, calendar, accounts, sessions, audit log, outbox.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The organisation tree: national → province → regency/city → unit → sub-unit. `path` is the
-- chain of ids ('/1/7/42/') so that "this node and everything below" is one indexed prefix match.
CREATE TABLE organisations (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code         text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9]+(\.[a-z0-9_-]+)*$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type         text NOT NULL CHECK (type IN ('root', 'ministry', 'oversight', 'province', 'regency', 'city', 'unit', 'subunit')),
  parent_id    integer REFERENCES organisations (id),
  path         text NOT NULL,
  depth        integer NOT NULL,
  region_code  text,
  time_zone    text NOT NULL DEFAULT 'WIB' CHECK (time_zone IN ('WIB', 'WITA', 'WIT')),
  -- The pemda's complaint admin unit (in Buleleng: Bagian Organisasi Setda).
  is_admin_unit boolean NOT NULL DEFAULT false,
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = 'root') = (parent_id IS NULL))
);
CREATE INDEX organisations_parent_idx ON organisations (parent_id);
CREATE INDEX organisations_path_idx ON organisations (path text_pattern_ops);

CREATE TABLE categories (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code             text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9]+(\.[a-z0-9_]+)*$'),
  parent_id        integer REFERENCES categories (id),
  name_id          text NOT NULL,
  name_en          text NOT NULL,
  resolution_class text NOT NULL CHECK (resolution_class IN ('ordinary', 'no_inspection', 'inspection')),
  active           boolean NOT NULL DEFAULT true
);

-- Where a category goes by default inside one regency/city (or province).
CREATE TABLE category_destinations (
  category_id     integer NOT NULL REFERENCES categories (id),
  region_org_id   integer NOT NULL REFERENCES organisations (id),
  destination_org_id integer NOT NULL REFERENCES organisations (id),
  PRIMARY KEY (category_id, region_org_id)
);

-- The working-day calendar: national holidays and cuti bersama (organisation_id NULL) and regional
-- holidays of one organisation (which apply to it and everything below it).
CREATE TABLE holidays (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id integer REFERENCES organisations (id),
  date            date NOT NULL,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind            text NOT NULL CHECK (kind IN ('national', 'cuti_bersama', 'regional'))
);
CREATE UNIQUE INDEX holidays_org_date_idx ON holidays (coalesce(organisation_id, 0), date);

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name  text NOT NULL,
  email         text,
  phone         text,
  password_hash text,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);

-- A role is held at an organisation node; the reporter role is held nowhere in particular.
CREATE TABLE role_assignments (
  user_id         bigint NOT NULL REFERENCES users (id),
  role            text NOT NULL CHECK (role IN ('reporter', 'national_admin', 'org_admin', 'liaison', 'leader', 'oversight')),
  organisation_id integer REFERENCES organisations (id),
  CHECK ((role = 'reporter') = (organisation_id IS NULL))
);
CREATE UNIQUE INDEX role_assignments_uniq ON role_assignments (user_id, role, coalesce(organisation_id, 0));
CREATE INDEX role_assignments_org_idx ON role_assignments (organisation_id);

CREATE TABLE sessions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  user_id     bigint NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE login_attempts (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username  text NOT NULL,
  address   text NOT NULL,
  at        timestamptz NOT NULL,
  success   boolean NOT NULL
);
CREATE INDEX login_attempts_user_idx ON login_attempts (username, at);

-- Append-only: the database itself refuses to change or remove an entry.
CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_user_id bigint,
  actor_role    text,
  action        text NOT NULL,
  subject_type  text NOT NULL,
  subject_id    text NOT NULL,
  detail        jsonb NOT NULL DEFAULT '{}'::jsonb,
  address       text
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id);
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- Transactional outbox: written in the same transaction as the change it announces; side effects
-- (SMS, email, webhooks, escalations) run from here after commit.
CREATE TABLE outbox (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id     uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  type         text NOT NULL,
  aggregate_id bigint,
  payload      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  available_at timestamptz NOT NULL DEFAULT now(),
  attempts     integer NOT NULL DEFAULT 0,
  processed_at timestamptz,
  last_error   text
);
CREATE INDEX outbox_pending_idx ON outbox (available_at, id) WHERE processed_at IS NULL;
