-- Citizen accounts (docs/citizens.md): verified contacts, one-time codes, erasure.

-- A contact is the account's once a code sent to it came back. Only verified contacts identify an
-- account for code login and for claiming guest complaints; staff contacts stay unverified here.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
ALTER TABLE users ADD COLUMN phone_verified_at timestamptz;
-- Set when the person asked to be forgotten: the row stays (complaints and the audit log point at
-- it) but holds nothing that identifies them.
ALTER TABLE users ADD COLUMN erased_at timestamptz;
CREATE UNIQUE INDEX users_verified_email_idx ON users (lower(email)) WHERE email_verified_at IS NOT NULL;
CREATE UNIQUE INDEX users_verified_phone_idx ON users (phone) WHERE phone_verified_at IS NOT NULL;

-- One row per code sent (or, for a contact without an account asking for a login code, per decoy
-- that was never sent, so that every verificationId behaves alike). The code itself is never
-- stored, only its hash; rows are purged a day after they expire.
CREATE TABLE citizen_verifications (
  id            text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{20,64}$'),
  purpose       text NOT NULL CHECK (purpose IN ('register', 'login', 'decoy')),
  channel       text NOT NULL CHECK (channel IN ('sms', 'email')),
  contact       text NOT NULL,
  user_id       bigint REFERENCES users (id),
  -- A registration's details, applied when the code comes back.
  name          text,
  password_hash text,
  lang          text NOT NULL DEFAULT 'id' CHECK (lang IN ('id', 'en')),
  code_hash     text NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  address       text,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz
);
CREATE INDEX citizen_verifications_contact_idx ON citizen_verifications (contact, created_at);
CREATE INDEX citizen_verifications_address_idx ON citizen_verifications (address, created_at);
CREATE INDEX citizen_verifications_expires_idx ON citizen_verifications (expires_at);
