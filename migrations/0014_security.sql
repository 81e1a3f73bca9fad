-- Web security (docs/security.md): staff TOTP, sessions limited to TOTP enrolment, two-step login
-- challenges, and the token buckets of the submission rate limits.

-- RFC 6238 secrets (base32). `totp_pending_secret` is the one being enrolled: it replaces
-- `totp_secret` only when a code from it comes back, so a second setup never locks anyone out.
-- `totp_last_step` is the 30-second step of the last accepted code: a code is accepted only for a
-- later step, so an observed code cannot be replayed.
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_pending_secret text;
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz;
ALTER TABLE users ADD COLUMN totp_last_step bigint;

-- NULL: a full session. 'totp_enrol': the account must enrol TOTP (TOTP_REQUIRED_ROLES) and this
-- session reaches only the enrolment endpoints until it does.
ALTER TABLE sessions ADD COLUMN scope text CHECK (scope IN ('totp_enrol'));

-- Between the password and the code of a two-step login. The challenge itself is never stored,
-- only its SHA-256.
CREATE TABLE login_challenges (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  user_id     bigint NOT NULL REFERENCES users (id),
  address     text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  attempts    integer NOT NULL DEFAULT 0,
  used_at     timestamptz
);
CREATE INDEX login_challenges_expires_idx ON login_challenges (expires_at);

-- Token buckets (server/platform/rate-limit.ts): one row per limited key, updated with one atomic
-- INSERT … ON CONFLICT so that several app processes share the same limit.
CREATE TABLE rate_buckets (
  key         text PRIMARY KEY,
  tokens      double precision NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX rate_buckets_updated_idx ON rate_buckets (updated_at);
