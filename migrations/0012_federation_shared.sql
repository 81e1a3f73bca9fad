-- Federation, second part (docs/federation.md): summaries shared with a subscribing installation
-- (a province reading its regencies), peers removed or re-keyed by their admins, and the reporter's
-- own steps at the origin pushed to the installation handling the complaint.

-- may_subscribe: the peer may read this installation's summaries; subscribed: we read the peer's.
ALTER TABLE federation_peers ADD COLUMN may_subscribe boolean NOT NULL DEFAULT false;
ALTER TABLE federation_peers ADD COLUMN subscribed boolean NOT NULL DEFAULT false;
-- A removed peer stays for the history (forwarded complaints keep pointing at it) but no longer
-- authenticates; its key may then be registered again, so the key is unique among live peers only.
ALTER TABLE federation_peers ADD COLUMN removed_at timestamptz;
ALTER TABLE federation_peers ADD COLUMN key_changed_at timestamptz;
ALTER TABLE federation_peers DROP CONSTRAINT federation_peers_key_id_key;
CREATE UNIQUE INDEX federation_peers_live_key_idx ON federation_peers (key_id) WHERE removed_at IS NULL;

-- 'reporter': a reporter's reply, rating or reopening at the origin, for the receiving installation.
ALTER TABLE federation_messages DROP CONSTRAINT federation_messages_kind_check;
ALTER TABLE federation_messages ADD CONSTRAINT federation_messages_kind_check CHECK (kind IN ('forward', 'update', 'reporter'));

-- Subscriber side: the last summary pulled from each subscribed peer (counts only, no personal data).
CREATE TABLE federation_shared_summaries (
  peer_id       integer PRIMARY KEY REFERENCES federation_peers(id) ON DELETE CASCADE,
  summary       jsonb,
  fetched_at    timestamptz,
  attempted_at  timestamptz NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  last_status   integer,
  last_error    text
);
