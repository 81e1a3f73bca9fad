-- Statistics facts: one narrow row per complaint with everything the dashboards count (issue #9).
--
-- computeStats used to read every complaint of the period with its whole timeline on every request
-- (5.8 s for a large regency-year at 10,000,000 complaints). This table holds the complaint columns
-- the statistics select and group by, and the timeline summarised (first submit/verify/respond/close,
-- reopened, rating, the step in force after the latest event), so that they read it alone. Triggers
-- keep it in the same transaction as the change; complaint_facts_source is the same summary computed
-- from the raw tables, used by refresh_complaint_facts() after bulk loads that bypass the triggers
-- (session_replication_role = replica) and as the backfill below. docs/statistics.md defines each figure.
CREATE TABLE complaint_facts (
  complaint_id    bigint PRIMARY KEY REFERENCES complaints (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL,
  admin_org_path  text NOT NULL,
  holder_org_path text,
  status          text NOT NULL,
  due_at          timestamptz,
  confidential    boolean NOT NULL,
  verified        boolean NOT NULL,
  district_code   text,
  lat             double precision,
  lng             double precision,
  submit_at       timestamptz,
  verify_at       timestamptz,
  respond_at      timestamptz,
  -- The latest verify/forward before the first respond (by event id): the routing that brought it
  -- to the unit that followed it up first. Before any respond, the latest routing so far.
  routed_at       timestamptz,
  close_at        timestamptz,
  reopened        boolean NOT NULL DEFAULT false,
  score           numeric,
  -- The latest event (by at, then id) and the status and deadline it left in force: the state at the
  -- end of any period that ends after it.
  last_event_at   timestamptz,
  last_status     text,
  last_due_at     timestamptz
);
CREATE INDEX complaint_facts_admin_path_idx ON complaint_facts (admin_org_path text_pattern_ops, created_at DESC);
CREATE INDEX complaint_facts_holder_path_idx ON complaint_facts (holder_org_path text_pattern_ops, created_at DESC);

-- Each complaint's facts from its row and its timeline. A filter on complaint_id reaches the grouped
-- timeline subquery (equivalence with c.id), so one complaint costs a few index probes.
CREATE VIEW complaint_facts_source AS
SELECT c.id AS complaint_id, c.created_at, c.admin_org_path, c.holder_org_path, c.status, c.due_at, c.confidential,
       c.verified_at IS NOT NULL AS verified, c.district_code, c.lat, c.lng,
       ev.submit_at, ev.verify_at, ev.respond_at, ev.routed_at, ev.close_at, coalesce(ev.reopened, false) AS reopened, ev.score,
       ev.last_event_at, ev.last_status, ev.last_due_at
  FROM complaints c
  LEFT JOIN (
    SELECT e.complaint_id,
           min(e.at) FILTER (WHERE e.action = 'submit') AS submit_at,
           min(e.at) FILTER (WHERE e.action = 'verify') AS verify_at,
           min(e.at) FILTER (WHERE e.action = 'respond') AS respond_at,
           max(e.at) FILTER (WHERE e.action IN ('verify', 'forward') AND (e.respond_id IS NULL OR e.id < e.respond_id)) AS routed_at,
           min(e.at) FILTER (WHERE e.to_status = 'closed' AND e.from_status IS DISTINCT FROM 'closed') AS close_at,
           bool_or(e.action = 'reopen') AS reopened,
           max(CASE WHEN e.action = 'rate' AND jsonb_typeof(e.data -> 'score') = 'number' THEN (e.data ->> 'score')::numeric END) AS score,
           max(e.at) AS last_event_at,
           (array_agg(e.to_status ORDER BY e.at DESC, e.id DESC))[1] AS last_status,
           (array_agg(e.due_at ORDER BY e.at DESC, e.id DESC))[1] AS last_due_at
      FROM (SELECT e.*, min(e.id) FILTER (WHERE e.action = 'respond') OVER (PARTITION BY e.complaint_id) AS respond_id
              FROM complaint_events e) e
     GROUP BY e.complaint_id
  ) ev ON ev.complaint_id = c.id;

CREATE FUNCTION refresh_complaint_facts() RETURNS void LANGUAGE sql AS $$
  INSERT INTO complaint_facts SELECT * FROM complaint_facts_source
  ON CONFLICT (complaint_id) DO UPDATE SET
    created_at = EXCLUDED.created_at, admin_org_path = EXCLUDED.admin_org_path, holder_org_path = EXCLUDED.holder_org_path,
    status = EXCLUDED.status, due_at = EXCLUDED.due_at, confidential = EXCLUDED.confidential, verified = EXCLUDED.verified,
    district_code = EXCLUDED.district_code, lat = EXCLUDED.lat, lng = EXCLUDED.lng, submit_at = EXCLUDED.submit_at,
    verify_at = EXCLUDED.verify_at, respond_at = EXCLUDED.respond_at, routed_at = EXCLUDED.routed_at, close_at = EXCLUDED.close_at,
    reopened = EXCLUDED.reopened, score = EXCLUDED.score, last_event_at = EXCLUDED.last_event_at,
    last_status = EXCLUDED.last_status, last_due_at = EXCLUDED.last_due_at;
  -- Rows of complaints deleted while triggers were off (no cascade then).
  DELETE FROM complaint_facts f WHERE NOT EXISTS (SELECT 1 FROM complaints c WHERE c.id = f.complaint_id);
$$;

-- One complaint's facts from scratch: for a complaint or event the incremental triggers find no row for.
CREATE FUNCTION refresh_complaint_fact(cid bigint) RETURNS void LANGUAGE sql AS $$
  DELETE FROM complaint_facts WHERE complaint_id = $1;
  INSERT INTO complaint_facts SELECT * FROM complaint_facts_source s WHERE s.complaint_id = $1;
$$;

CREATE FUNCTION complaint_facts_from_complaint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A new complaint has no events yet (they refer to it).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO complaint_facts (complaint_id, created_at, admin_org_path, holder_org_path, status, due_at, confidential, verified, district_code, lat, lng)
    VALUES (NEW.id, NEW.created_at, NEW.admin_org_path, NEW.holder_org_path, NEW.status, NEW.due_at, NEW.confidential, NEW.verified_at IS NOT NULL,
            NEW.district_code, NEW.lat, NEW.lng);
    RETURN NULL;
  END IF;
  UPDATE complaint_facts SET
    created_at = NEW.created_at, admin_org_path = NEW.admin_org_path, holder_org_path = NEW.holder_org_path,
    status = NEW.status, due_at = NEW.due_at, confidential = NEW.confidential, verified = NEW.verified_at IS NOT NULL,
    district_code = NEW.district_code, lat = NEW.lat, lng = NEW.lng
   WHERE complaint_id = NEW.id;
  IF NOT FOUND THEN
    PERFORM refresh_complaint_fact(NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER complaint_facts_insert AFTER INSERT ON complaints
  FOR EACH ROW EXECUTE FUNCTION complaint_facts_from_complaint();
-- Most updates (escalation level, reminders, reporter data) touch no mirrored column.
CREATE TRIGGER complaint_facts_update AFTER UPDATE ON complaints
  FOR EACH ROW WHEN (
    (OLD.created_at, OLD.admin_org_path, OLD.holder_org_path, OLD.status, OLD.due_at, OLD.confidential,
     OLD.verified_at IS NOT NULL, OLD.district_code, OLD.lat, OLD.lng)
    IS DISTINCT FROM
    (NEW.created_at, NEW.admin_org_path, NEW.holder_org_path, NEW.status, NEW.due_at, NEW.confidential,
     NEW.verified_at IS NOT NULL, NEW.district_code, NEW.lat, NEW.lng))
  EXECUTE FUNCTION complaint_facts_from_complaint();

-- A new event has the highest id of its complaint's timeline (commands lock the complaint row), so
-- the "before the first respond" cut of routed_at is whether a respond was already recorded; the
-- minima and maxima by time compare with the stored values, so an event stamped earlier than its
-- predecessors (a peer's clock) still gives what complaint_facts_source computes.
CREATE FUNCTION complaint_facts_from_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE complaint_facts f SET
    submit_at = CASE WHEN NEW.action = 'submit' THEN least(f.submit_at, NEW.at) ELSE f.submit_at END,
    verify_at = CASE WHEN NEW.action = 'verify' THEN least(f.verify_at, NEW.at) ELSE f.verify_at END,
    respond_at = CASE WHEN NEW.action = 'respond' THEN least(f.respond_at, NEW.at) ELSE f.respond_at END,
    routed_at = CASE WHEN NEW.action IN ('verify', 'forward') AND f.respond_at IS NULL THEN greatest(f.routed_at, NEW.at) ELSE f.routed_at END,
    close_at = CASE WHEN NEW.to_status = 'closed' AND NEW.from_status IS DISTINCT FROM 'closed' THEN least(f.close_at, NEW.at) ELSE f.close_at END,
    reopened = f.reopened OR NEW.action = 'reopen',
    score = CASE WHEN NEW.action = 'rate' AND jsonb_typeof(NEW.data -> 'score') = 'number'
                 THEN greatest(f.score, (NEW.data ->> 'score')::numeric) ELSE f.score END,
    last_event_at = greatest(f.last_event_at, NEW.at),
    last_status = CASE WHEN f.last_event_at IS NULL OR NEW.at >= f.last_event_at THEN NEW.to_status ELSE f.last_status END,
    last_due_at = CASE WHEN f.last_event_at IS NULL OR NEW.at >= f.last_event_at THEN NEW.due_at ELSE f.last_due_at END
   WHERE f.complaint_id = NEW.complaint_id;
  IF NOT FOUND THEN
    PERFORM refresh_complaint_fact(NEW.complaint_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER complaint_facts_event AFTER INSERT ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION complaint_facts_from_event();

-- Bulk deletes run with session_replication_role = replica (bench/run.ts removes pgbench's rows),
-- where the cascade of the foreign key does not fire: this trigger fires in every role.
CREATE FUNCTION complaint_facts_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM complaint_facts f USING gone g WHERE f.complaint_id = g.id;
  RETURN NULL;
END $$;

CREATE TRIGGER complaint_facts_delete AFTER DELETE ON complaints
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION complaint_facts_forget();
ALTER TABLE complaints ENABLE ALWAYS TRIGGER complaint_facts_delete;

SELECT refresh_complaint_facts();
