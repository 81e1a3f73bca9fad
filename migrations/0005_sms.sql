-- SMS through Kannel: every message sent and received.

-- Outgoing SMS. A row is written in the same transaction as what caused it and sent by the worker
-- through Kannel's sendsms (sendDueSms); a gateway that is down leaves it queued with a backoff.
-- A secret the message carries (the reporter's access code) is kept apart from the text, in
-- `secret`, so that the outbox listing never shows it; it is erased once the message is sent.
CREATE TABLE sms_outbound (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_number        text NOT NULL CHECK (to_number ~ '^\+62[0-9]{9,12}$'),
  text             text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  secret           text,
  kind             text NOT NULL,
  -- Kannel's coding: 0 = GSM 7-bit, 2 = UCS-2; and the number of SMS the text takes.
  coding           smallint NOT NULL CHECK (coding IN (0, 2)),
  parts            smallint NOT NULL CHECK (parts >= 1),
  -- Parts of a concatenated SMS already accepted by the gateway: a retry sends only the rest.
  parts_sent       smallint NOT NULL DEFAULT 0,
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  last_error       text,
  gateway_response text,
  complaint_id     bigint REFERENCES complaints (id),
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz,
  CHECK (status <> 'sent' OR secret IS NULL)
);
-- The sender reads only what is due.
CREATE INDEX sms_outbound_due_idx ON sms_outbound (next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX sms_outbound_complaint_idx ON sms_outbound (complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX sms_outbound_status_idx ON sms_outbound (status, id DESC);

-- Incoming SMS, one row per gateway message id: the unique key is what makes a message delivered
-- twice (or twice at once) take effect once. The row, the complaint or step it causes and the
-- reply are written in one transaction.
CREATE TABLE sms_inbound (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  gateway_id    text NOT NULL UNIQUE CHECK (length(gateway_id) BETWEEN 1 AND 200),
  -- The sender as the gateway wrote it, and as a canonical +628… number (NULL when it is not one).
  from_number   text NOT NULL,
  from_phone    text,
  to_number     text NOT NULL,
  text          text NOT NULL,
  -- The gateway's own timestamp (Kannel %t), kept as sent.
  gateway_time  text,
  received_at   timestamptz NOT NULL,
  -- lapor | cek | balas | nilai | help | ignored
  command       text NOT NULL,
  -- What came of it: filed, status, replied, rated, not_found, refused, help, ignored.
  outcome       text NOT NULL,
  complaint_id  bigint REFERENCES complaints (id),
  reply_id      bigint REFERENCES sms_outbound (id)
);
CREATE INDEX sms_inbound_complaint_idx ON sms_inbound (complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX sms_inbound_from_idx ON sms_inbound (from_phone, received_at DESC);
