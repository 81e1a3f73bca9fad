-- Notifications (docs/notifications.md): one row per (event, recipient, channel). The outbox handler
-- writes them in the event's own transaction; the unique key is what makes an event notify a
-- recipient on a channel at most once, whatever retries or second workers do.
CREATE TABLE notifications (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The outbox event id, or a synthetic key for scheduled notifications (the daily digest).
  event_id        text NOT NULL,
  event_type      text NOT NULL,
  -- Who: 'user:<id>' for accounts, 'email:<address>' / 'phone:<+62…>' for guest reporters.
  recipient_key   text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('inapp', 'email', 'sms')),
  user_id         bigint REFERENCES users (id),
  complaint_id    bigint REFERENCES complaints (id),
  template        text NOT NULL,
  lang            text NOT NULL CHECK (lang IN ('id', 'en')),
  to_address      text,
  subject         text NOT NULL,
  body            text NOT NULL,
  link            text,
  -- in-app rows are 'delivered' at once; email rows go queued → sent (or failed after the last retry);
  -- sms rows are 'sent' once handed to the SMS queue and point at the sms_outbound row that
  -- carries them (its own status and retries are the SMS module's).
  status          text NOT NULL CHECK (status IN ('delivered', 'queued', 'sent', 'failed')),
  sms_id          bigint REFERENCES sms_outbound (id),
  read_at         timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_error      text,
  sent_at         timestamptz,
  created_at      timestamptz NOT NULL,
  UNIQUE (event_id, recipient_key, channel)
);
CREATE INDEX notifications_inbox_idx ON notifications (user_id, id DESC) WHERE channel = 'inapp';
CREATE INDEX notifications_email_due_idx ON notifications (next_attempt_at, id) WHERE channel = 'email' AND status = 'queued';
CREATE INDEX notifications_status_idx ON notifications (channel, status, id DESC);
CREATE INDEX notifications_complaint_idx ON notifications (complaint_id) WHERE complaint_id IS NOT NULL;

-- Admins' wording, per template and language; the defaults live in code (templates.ts).
CREATE TABLE notification_templates (
  template   text NOT NULL,
  lang       text NOT NULL CHECK (lang IN ('id', 'en')),
  subject    text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  updated_by bigint REFERENCES users (id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (template, lang)
);

-- A user's channels: in-app always; email on by default, SMS off by default.
CREATE TABLE notification_preferences (
  user_id    bigint PRIMARY KEY REFERENCES users (id),
  email      boolean NOT NULL DEFAULT true,
  sms        boolean NOT NULL DEFAULT false,
  lang       text NOT NULL DEFAULT 'id' CHECK (lang IN ('id', 'en')),
  updated_at timestamptz NOT NULL
);
