-- The background worker: escalation bookkeeping, the indexes its sweeps read, and per-handler
-- progress of outbox events.

-- The escalation ladder restarts with every new due date: `escalation_level` counts the steps taken
-- for the due date in `escalated_due_at`; when `due_at` differs, the ladder for the new date is at 0.
-- `next_escalation_at` is when the next step is due (NULL once the top of the ladder is reached).
ALTER TABLE complaints
  ADD COLUMN escalated_due_at   timestamptz,
  ADD COLUMN next_escalation_at timestamptz;

-- The sweeps read only rows that need something now, so a pass costs the work it does, not the
-- number of open complaints:
-- escalation: the instant the next step is due (the due date itself for a ladder not yet started);
CREATE INDEX complaints_escalation_due_idx ON complaints
  ((CASE WHEN escalated_due_at IS NOT DISTINCT FROM due_at THEN next_escalation_at ELSE due_at END), id)
  WHERE status IN ('submitted', 'disposed', 'in_progress', 'returned') AND due_at IS NOT NULL;
-- reminders: due dates not yet reminded (a row leaves the index once reminded);
CREATE INDEX complaints_reminder_due_idx ON complaints (due_at, id)
  WHERE status IN ('submitted', 'disposed', 'in_progress', 'returned') AND reminded_due_at IS DISTINCT FROM due_at;
-- auto-close: the reporter's reply window of responded complaints.
CREATE INDEX complaints_reply_due_idx ON complaints (due_at, id) WHERE status = 'responded';

-- The purge deletes by age.
CREATE INDEX login_attempts_at_idx ON login_attempts (at);

-- Handlers of an event that succeeded while another handler of the same event failed: on the retry
-- only the failed ones run again. Rows live only while their event is pending.
CREATE TABLE outbox_deliveries (
  event_id     uuid NOT NULL REFERENCES outbox (event_id),
  handler      text NOT NULL,
  delivered_at timestamptz NOT NULL,
  PRIMARY KEY (event_id, handler)
);
