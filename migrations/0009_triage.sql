-- Triage (issue 11 parts 2–5): routing suggestion models, duplicates and merges, spam and quality scores, block list.

-- The routing model, retrained daily from verified complaints; the newest row is used.
CREATE TABLE triage_models (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  trained_at  timestamptz NOT NULL,
  examples    integer NOT NULL,
  model       jsonb NOT NULL
);
CREATE INDEX triage_models_trained_idx ON triage_models (trained_at DESC);

-- A merged complaint points at the one it was merged into (and is archived).
ALTER TABLE complaints ADD COLUMN merged_into_id bigint REFERENCES complaints (id);
-- Scores computed at intake: 0..1 each. Spam at or above the threshold goes to the spam queue.
ALTER TABLE complaints ADD COLUMN spam_score real NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN quality_score real;
ALTER TABLE complaints ADD COLUMN spam_reasons text[] NOT NULL DEFAULT '{}';
CREATE INDEX complaints_spam_idx ON complaints (admin_org_path text_pattern_ops, created_at DESC) WHERE spam_score >= 0.5;
-- Similar complaints at intake: trigram similarity on titles.
CREATE INDEX complaints_title_trgm_idx ON complaints USING gin (title gin_trgm_ops);

-- Senders whose complaints go to the spam queue, per organisation (applies to it and below).
CREATE TABLE blocked_senders (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id integer NOT NULL REFERENCES organisations (id),
  kind            text NOT NULL CHECK (kind IN ('phone', 'email')),
  value           text NOT NULL CHECK (length(value) BETWEEN 3 AND 200),
  reason          text CHECK (length(reason) <= 500),
  created_by      bigint REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  UNIQUE (organisation_id, kind, value)
);
CREATE INDEX blocked_senders_value_idx ON blocked_senders (kind, value);
