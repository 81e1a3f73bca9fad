-- Federation (docs/federation.md): installations forward complaints to each other over signed
-- requests and send status changes back.

-- This installation's Ed25519 key pair (generated on first use) and the name peers know it by.
CREATE TABLE federation_identity (
  id            integer PRIMARY KEY CHECK (id = 1),
  name          text NOT NULL,
  public_key    text NOT NULL,   -- SPKI DER, base64
  private_key   text NOT NULL,   -- PKCS#8 DER, base64
  key_id        text NOT NULL,   -- hex SHA-256 of the public key, first 32 characters (X-Aduan-Peer)
  created_at    timestamptz NOT NULL
);

-- Other installations. may_receive: we may forward complaints to it; may_send: it may forward to us.
CREATE TABLE federation_peers (
  id              serial PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  base_url        text NOT NULL,
  public_key      text NOT NULL,
  key_id          text NOT NULL UNIQUE,
  may_receive     boolean NOT NULL DEFAULT true,
  may_send        boolean NOT NULL DEFAULT true,
  organisation_id integer REFERENCES organisations(id),   -- the node whose admins manage it; NULL: national
  created_by      integer REFERENCES users(id),
  created_at      timestamptz NOT NULL
);

-- Organisation codes hosted by a peer: forwarding to one of them sends the complaint there.
CREATE TABLE federation_remote_orgs (
  code     text PRIMARY KEY,
  peer_id  integer NOT NULL REFERENCES federation_peers(id) ON DELETE CASCADE,
  name     text NOT NULL
);

-- Nonces seen from each peer (replay protection); kept a little longer than the clock window.
CREATE TABLE federation_nonces (
  peer_id  integer NOT NULL REFERENCES federation_peers(id) ON DELETE CASCADE,
  nonce    text NOT NULL,
  seen_at  timestamptz NOT NULL,
  PRIMARY KEY (peer_id, nonce)
);
CREATE INDEX federation_nonces_seen_idx ON federation_nonces (seen_at);

-- Origin side: complaints forwarded out, and the tracking number the peer gave them.
CREATE TABLE federation_outgoing (
  id                      serial PRIMARY KEY,
  complaint_id            bigint NOT NULL REFERENCES complaints(id),
  peer_id                 integer NOT NULL REFERENCES federation_peers(id),
  remote_org_code         text NOT NULL,
  remote_tracking_number  text,
  last_update_at          timestamptz,
  created_at              timestamptz NOT NULL,
  UNIQUE (complaint_id, peer_id)
);

-- Receiving side: complaints filed from a peer; unique so that a complaint forwarded twice files once.
CREATE TABLE federation_incoming (
  complaint_id            bigint PRIMARY KEY REFERENCES complaints(id),
  peer_id                 integer NOT NULL REFERENCES federation_peers(id),
  origin_tracking_number  text NOT NULL,
  created_at              timestamptz NOT NULL,
  UNIQUE (peer_id, origin_tracking_number)
);

-- Status updates already applied at the origin (idempotent by the sender's event id).
CREATE TABLE federation_received_events (
  peer_id   integer NOT NULL REFERENCES federation_peers(id) ON DELETE CASCADE,
  event_id  text NOT NULL,
  at        timestamptz NOT NULL,
  PRIMARY KEY (peer_id, event_id)
);

-- Requests to peers, sent by the worker after commit, retried with backoff, in order per complaint and peer.
CREATE TABLE federation_messages (
  id               bigserial PRIMARY KEY,
  peer_id          integer NOT NULL REFERENCES federation_peers(id),
  complaint_id     bigint NOT NULL REFERENCES complaints(id),
  kind             text NOT NULL CHECK (kind IN ('forward', 'update')),
  event_id         text NOT NULL UNIQUE,
  path             text NOT NULL,
  body             text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  last_status      integer,
  last_error       text,
  created_at       timestamptz NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  sent_at          timestamptz
);
CREATE INDEX federation_messages_due_idx ON federation_messages (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX federation_messages_order_idx ON federation_messages (peer_id, complaint_id, id) WHERE status = 'pending';
