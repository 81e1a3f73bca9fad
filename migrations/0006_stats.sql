-- Monitoring: the deadline in force after each step, kept on the step itself.
--
-- Statistics ask "was this complaint overdue at the end of the period?", which needs the complaint's
-- status and due date as they were then. The timeline has the status (to_status); this column adds
-- the due date, copied from the complaint row when the event is written. Every command updates the
-- row before it inserts its event in the same transaction, so the copy is the due date that the
-- step left in force. Nothing else changes: commands need not know about it.
ALTER TABLE complaint_events ADD COLUMN due_at timestamptz;

CREATE FUNCTION complaint_events_record_due_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.due_at IS NULL THEN
    SELECT c.due_at INTO NEW.due_at FROM complaints c WHERE c.id = NEW.complaint_id;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER complaint_events_due_at BEFORE INSERT ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION complaint_events_record_due_at();

-- Complaints filed before this migration: only their latest step's deadline is known (the row's).
UPDATE complaint_events e SET due_at = c.due_at
  FROM complaints c
 WHERE c.id = e.complaint_id
   AND e.id = (SELECT max(e2.id) FROM complaint_events e2 WHERE e2.complaint_id = c.id);

-- The per-complaint timeline reads of the statistics (first verify, first respond, state at a
-- period's end) walk one complaint's events; complaint_events_complaint_idx (complaint_id, id)
-- serves them. Obstacles for the evaluation report are read per complaint the same way.
