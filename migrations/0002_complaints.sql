-- Complaints, their timeline, attachments, and idempotent intake.
CREATE TABLE complaints (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tracking_number   text NOT NULL UNIQUE CHECK (tracking_number ~ '^[A-Z0-9]{8,12}$'),
  access_code_hash  text NOT NULL,
  type              text NOT NULL CHECK (type IN ('pengaduan', 'aspirasi', 'informasi')),
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body              text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  category_id       integer REFERENCES categories (id),
  status            text NOT NULL CHECK (status IN ('submitted', 'disposed', 'in_progress', 'responded', 'closed', 'returned', 'on_hold', 'rejected', 'archived')),
  channel           text NOT NULL CHECK (channel IN ('web', 'sms', 'mobile', 'api', 'federation')),
  -- The government whose admin verifies and routes it (a regency/city, a province, a ministry, or the root for the national admin).
  admin_org_id      integer NOT NULL REFERENCES organisations (id),
  admin_org_path    text NOT NULL,
  province_path     text,
  -- Where the citizen thought it should go.
  suggested_org_id  integer REFERENCES organisations (id),
  -- The unit holding it now (NULL while it waits for an admin).
  holder_org_id     integer REFERENCES organisations (id),
  holder_org_path   text,
  routed_by_user_id bigint REFERENCES users (id),
  routed_by_org_id  integer REFERENCES organisations (id),
  routed_at         timestamptz,
  occurred_at       timestamptz,
  region_code       text,
  address           text CHECK (length(address) <= 500),
  lat               double precision CHECK (lat BETWEEN -90 AND 90),
  lng               double precision CHECK (lng BETWEEN -180 AND 180),
  anonymous         boolean NOT NULL DEFAULT false,
  confidential      boolean NOT NULL DEFAULT false,
  reporter_user_id  bigint REFERENCES users (id),
  reporter_name     text,
  reporter_phone    text,
  reporter_email    text,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  verified_at       timestamptz,
  first_response_at timestamptz,
  responded_at      timestamptz,
  closed_at         timestamptz,
  due_at            timestamptz,
  due_kind          text CHECK (due_kind IN ('verification', 'first_response', 'resolution', 'reporter_reply')),
  hold_started_at   timestamptz,
  status_before_hold text,
  escalation_level  integer NOT NULL DEFAULT 0,
  -- The due date a reminder was last sent for, so each deadline is reminded once.
  reminded_due_at   timestamptz,
  reopen_count      integer NOT NULL DEFAULT 0,
  rating            integer CHECK (rating BETWEEN 1 AND 5),
  rating_comment    text,
  search            tsvector GENERATED ALWAYS AS (
                      setweight(to_tsvector('indonesian', title), 'A') || setweight(to_tsvector('indonesian', body), 'B')) STORED,
  CHECK (status NOT IN ('disposed', 'in_progress', 'responded') OR holder_org_id IS NOT NULL),
  CHECK (status <> 'on_hold' OR (hold_started_at IS NOT NULL AND status_before_hold IS NOT NULL)),
  CHECK (reporter_user_id IS NOT NULL OR reporter_name IS NOT NULL OR channel IN ('sms', 'api', 'federation'))
);
CREATE INDEX complaints_created_idx ON complaints (created_at DESC, id DESC);
CREATE INDEX complaints_admin_path_idx ON complaints (admin_org_path text_pattern_ops, created_at DESC);
CREATE INDEX complaints_holder_path_idx ON complaints (holder_org_path text_pattern_ops, created_at DESC);
CREATE INDEX complaints_province_idx ON complaints (province_path text_pattern_ops) WHERE NOT confidential;
CREATE INDEX complaints_status_idx ON complaints (status, created_at DESC);
CREATE INDEX complaints_reporter_idx ON complaints (reporter_user_id) WHERE reporter_user_id IS NOT NULL;
CREATE INDEX complaints_category_idx ON complaints (category_id);
-- The deadline sweep looks only at open complaints with a due date.
CREATE INDEX complaints_open_due_idx ON complaints (due_at) WHERE status IN ('submitted', 'disposed', 'in_progress', 'responded', 'returned');
CREATE INDEX complaints_search_idx ON complaints USING gin (search);
CREATE INDEX complaints_tracking_trgm_idx ON complaints USING gin (tracking_number gin_trgm_ops);
CREATE INDEX complaints_reporter_name_trgm_idx ON complaints USING gin (reporter_name gin_trgm_ops);

-- The timeline: one row per action, written in the same transaction as the change.
CREATE TABLE complaint_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  complaint_id  bigint NOT NULL REFERENCES complaints (id),
  at            timestamptz NOT NULL,
  action        text NOT NULL,
  from_status   text,
  to_status     text NOT NULL,
  actor_user_id bigint REFERENCES users (id),
  actor_role    text NOT NULL,
  actor_org_id  integer REFERENCES organisations (id),
  -- The unit holding the complaint after this step: the history of organisations.
  holder_org_id integer REFERENCES organisations (id),
  message       text,
  data          jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Staff-only entries (obstacles, escalations) are hidden from the reporter and the public.
  internal      boolean NOT NULL DEFAULT false
);
CREATE INDEX complaint_events_complaint_idx ON complaint_events (complaint_id, id);
CREATE INDEX complaint_events_action_idx ON complaint_events (action, at);

CREATE TABLE attachments (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  complaint_id  bigint NOT NULL REFERENCES complaints (id),
  storage_key   text NOT NULL,
  sha256        text NOT NULL,
  content_type  text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('image', 'document', 'video')),
  size          integer NOT NULL,
  width         integer,
  height        integer,
  created_at    timestamptz NOT NULL
);
CREATE INDEX attachments_complaint_idx ON attachments (complaint_id);

-- A retried request with the same Idempotency-Key returns the first response.
CREATE TABLE idempotency_keys (
  scope          text NOT NULL,
  key            text NOT NULL,
  request_hash   text NOT NULL,
  status_code    integer NOT NULL,
  response       jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
