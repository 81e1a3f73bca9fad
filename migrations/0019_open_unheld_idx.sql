-- The open complaints nobody holds yet (waiting for the admin's verification, or returned to it),
-- by government path in due order (issue #9): an admin's inbox reads its page of them from here
-- instead of intersecting the government's whole history with every unheld complaint and sorting.
CREATE INDEX complaints_open_unheld_idx ON complaints (admin_org_path text_pattern_ops, due_at, id)
  WHERE holder_org_path IS NULL AND status IN ('submitted', 'disposed', 'in_progress', 'responded', 'returned', 'on_hold');
