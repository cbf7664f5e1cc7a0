-- The case list of a scope that others share cases with (issue 7). A court that hears appeals,
-- or receives transfers, sees tens of thousands of cases held elsewhere (case_access); counting
-- those that match a filter by joining case_access to cases read one case row per shared case
-- (about 1 µs each, 40 ms for 41,000 on the 1M demo). case_shares keeps, for every case_access
-- row, the case's columns the list filters on, clustered by the agency it is shared with, so
-- that the count reads one contiguous range. Triggers keep it in the same transaction as every
-- change of case_access and of those columns (a case's agency and kind never change).
-- service/case_list.cpp reads it; counters_test checks it against case_access and cases.
CREATE TABLE case_shares (
  shared_with      INTEGER NOT NULL,
  id               INTEGER NOT NULL,
  agency_id        INTEGER NOT NULL,
  kind             TEXT NOT NULL,
  status           TEXT NOT NULL,
  received_on      TEXT NOT NULL,
  filed_on         TEXT,
  closed_on        TEXT,
  handler_id       INTEGER,
  deadline_due     TEXT,
  deadline_near_on TEXT,
  PRIMARY KEY (shared_with, id)
) WITHOUT ROWID;

INSERT INTO case_shares (shared_with, id, agency_id, kind, status, received_on, filed_on,
                         closed_on, handler_id, deadline_due, deadline_near_on)
SELECT a.agency_id, c.id, c.agency_id, c.kind, c.status, c.received_on, c.filed_on, c.closed_on,
       c.handler_id, c.deadline_due, c.deadline_near_on
FROM case_access a JOIN cases c ON c.id = a.case_id;
-- A set's cases (free text, a party) among the shares: by case first.
CREATE INDEX case_shares_case ON case_shares(id, shared_with);
-- The list's narrow filters among the shares: kind and status, the deadline, the handler.
CREATE INDEX case_shares_kind_status ON case_shares(shared_with, kind, status, agency_id);
CREATE INDEX case_shares_due ON case_shares(shared_with, deadline_due);
CREATE INDEX case_shares_near ON case_shares(shared_with, deadline_near_on);
CREATE INDEX case_shares_handler ON case_shares(handler_id);

CREATE TRIGGER case_shares_insert AFTER INSERT ON case_access BEGIN
  INSERT INTO case_shares (shared_with, id, agency_id, kind, status, received_on, filed_on,
                           closed_on, handler_id, deadline_due, deadline_near_on)
  SELECT NEW.agency_id, c.id, c.agency_id, c.kind, c.status, c.received_on, c.filed_on,
         c.closed_on, c.handler_id, c.deadline_due, c.deadline_near_on
  FROM cases c WHERE c.id = NEW.case_id;
END;

CREATE TRIGGER case_shares_delete AFTER DELETE ON case_access BEGIN
  DELETE FROM case_shares WHERE shared_with = OLD.agency_id AND id = OLD.case_id;
END;

CREATE TRIGGER case_shares_update
AFTER UPDATE OF status, received_on, filed_on, closed_on, handler_id, deadline_due,
                deadline_near_on ON cases
BEGIN
  UPDATE case_shares
  SET status = NEW.status, received_on = NEW.received_on, filed_on = NEW.filed_on,
      closed_on = NEW.closed_on, handler_id = NEW.handler_id, deadline_due = NEW.deadline_due,
      deadline_near_on = NEW.deadline_near_on
  WHERE id = NEW.id
    AND shared_with IN (SELECT agency_id FROM case_access WHERE case_id = NEW.id);
END;

-- The cases of a set (free text, a party) held in a scope: each case's agency from a narrow
-- index (id, agency_id), about 20 bytes a case, instead of its row.
CREATE INDEX IF NOT EXISTS cases_id_agency ON cases(id, agency_id);
