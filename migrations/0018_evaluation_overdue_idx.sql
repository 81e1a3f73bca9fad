-- The evaluation report (rakor) lists an organisation's complaints past their due date that nobody
-- followed up, under the organisation's path as administrator or as holder. It read them through
-- complaints_open_due_idx ∩ complaints_status_idx, i.e. the whole country's overdue backlog of the
-- period, to keep one regency's (docs/benchmarks.md). This index answers the administrator side by
-- path, complaints_open_holder_idx (0015) the holder side; the report ORs the two in one bitmap.
-- Its predicate is the one of complaints_open_due_idx on purpose: the report filters with exactly
-- this status list (and drops 'responded' separately), so that the planner does not count two
-- overlapping status lists as independent and underestimate the due-date plan by orders of magnitude.
CREATE INDEX complaints_overdue_admin_idx ON complaints (admin_org_path text_pattern_ops, due_at)
  WHERE status IN ('submitted', 'disposed', 'in_progress', 'responded', 'returned');
