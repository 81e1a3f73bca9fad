-- Indexes the national-scale benchmark (issue #9, docs/benchmarks.md) showed missing.

-- Intake scores every new complaint against the same reporter's complaints of the last day
-- (triage scoreAtIntake: repeats by phone or email). Without these it reads every complaint filed
-- in the last 24 hours nationwide (thousands at national volume) to compare phone numbers.
CREATE INDEX complaints_reporter_phone_idx ON complaints (reporter_phone, created_at) WHERE reporter_phone IS NOT NULL;
CREATE INDEX complaints_reporter_email_idx ON complaints (reporter_email, created_at) WHERE reporter_email IS NOT NULL;

-- A unit's inbox lists its open complaints, most urgent first. The general holder index holds every
-- complaint the unit ever had (ten years of closed ones); this one only the open ones, in due order.
CREATE INDEX complaints_open_holder_idx ON complaints (holder_org_path text_pattern_ops, due_at, id)
  WHERE status IN ('submitted', 'disposed', 'in_progress', 'responded', 'returned', 'on_hold');
