-- Interoperability: integration API keys, the external ids of complaints filed through them, and
-- signed webhooks with their delivery log.

-- A key is shown once at creation; only its SHA-256 is kept. `prefix` (the first characters of the
-- key) lets an admin recognise a key in lists and logs without being able to use it.
CREATE TABLE api_keys (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  prefix             text NOT NULL,
  key_hash           text NOT NULL UNIQUE,
  organisation_id    integer NOT NULL REFERENCES organisations (id),
  scopes             text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submit', 'read', 'act']::text[]),
  created_by_user_id bigint REFERENCES users (id),
  created_at         timestamptz NOT NULL,
  expires_at         timestamptz,
  revoked_at         timestamptz,
  last_used_at       timestamptz
);
CREATE INDEX api_keys_organisation_idx ON api_keys (organisation_id);

-- A complaint filed through a key keeps the filing system's own id; a re-sent complaint with the
-- same id finds the first one instead of filing twice.
ALTER TABLE complaints
  ADD COLUMN api_key_id  integer REFERENCES api_keys (id),
  ADD COLUMN external_id text CHECK (length(external_id) BETWEEN 1 AND 200),
  ADD CONSTRAINT complaints_external_id_needs_key CHECK (external_id IS NULL OR api_key_id IS NOT NULL);
CREATE UNIQUE INDEX complaints_api_key_external_id_key ON complaints (api_key_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX complaints_api_key_idx ON complaints (api_key_id) WHERE api_key_id IS NOT NULL;

-- Which key took a step (the timeline's actor_user_id is NULL for machine callers).
ALTER TABLE complaint_events ADD COLUMN actor_api_key_id integer REFERENCES api_keys (id);

-- Webhooks: an organisation's admin registers a URL for some complaint event types. The secret
-- signs every delivery (HMAC-SHA256); it has to be kept in clear to sign and is shown once.
CREATE TABLE webhooks (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id    integer NOT NULL REFERENCES organisations (id),
  url                text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  -- Event types ('complaint.verify', …) or 'complaint.*' for all.
  events             text[] NOT NULL CHECK (cardinality(events) > 0),
  description        text CHECK (length(description) <= 200),
  secret             text NOT NULL,
  created_by_user_id bigint REFERENCES users (id),
  created_at         timestamptz NOT NULL,
  deleted_at         timestamptz
);
CREATE INDEX webhooks_organisation_idx ON webhooks (organisation_id) WHERE deleted_at IS NULL;

-- One row per (webhook, outbox event): the exact body sent (the same bytes on every attempt), the
-- attempt bookkeeping, and the last answer. `seq` is the outbox id: deliveries for one complaint to
-- one webhook go out in that order, each only after the one before succeeded or failed for good.
CREATE TABLE webhook_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id       integer NOT NULL REFERENCES webhooks (id),
  event_id         uuid NOT NULL,
  event_type       text NOT NULL,
  complaint_id     bigint REFERENCES complaints (id),
  seq              bigint NOT NULL,
  body             text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  last_attempt_at  timestamptz,
  last_status_code integer,
  last_response    text,
  last_error       text,
  delivered_at     timestamptz,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (webhook_id, complaint_id, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, id DESC);
