-- The case list of a scope that others share cases with (issue 7): see the SQLite migration of
-- the same number. The same table, kept by triggers.
CREATE TABLE case_shares (
  shared_with      bigint NOT NULL,
  id               bigint NOT NULL,
  agency_id        bigint NOT NULL,
  kind             text COLLATE "C" NOT NULL,
  status           text COLLATE "C" NOT NULL,
  received_on      text COLLATE "C" NOT NULL,
  filed_on         text COLLATE "C",
  closed_on        text COLLATE "C",
  handler_id       bigint,
  deadline_due     text COLLATE "C",
  deadline_near_on text COLLATE "C",
  PRIMARY KEY (shared_with, id)
);

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

CREATE FUNCTION case_shares_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_shares (shared_with, id, agency_id, kind, status, received_on, filed_on,
                           closed_on, handler_id, deadline_due, deadline_near_on)
  SELECT NEW.agency_id, c.id, c.agency_id, c.kind, c.status, c.received_on, c.filed_on,
         c.closed_on, c.handler_id, c.deadline_due, c.deadline_near_on
  FROM cases c WHERE c.id = NEW.case_id;
  RETURN NULL;
END $$;
CREATE TRIGGER case_shares_insert AFTER INSERT ON case_access
  FOR EACH ROW EXECUTE FUNCTION case_shares_insert();

CREATE FUNCTION case_shares_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM case_shares WHERE shared_with = OLD.agency_id AND id = OLD.case_id;
  RETURN NULL;
END $$;
CREATE TRIGGER case_shares_delete AFTER DELETE ON case_access
  FOR EACH ROW EXECUTE FUNCTION case_shares_delete();

CREATE FUNCTION case_shares_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE case_shares
  SET status = NEW.status, received_on = NEW.received_on, filed_on = NEW.filed_on,
      closed_on = NEW.closed_on, handler_id = NEW.handler_id, deadline_due = NEW.deadline_due,
      deadline_near_on = NEW.deadline_near_on
  WHERE id = NEW.id
    AND shared_with IN (SELECT agency_id FROM case_access WHERE case_id = NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER case_shares_update
  AFTER UPDATE OF status, received_on, filed_on, closed_on, handler_id, deadline_due,
                  deadline_near_on ON cases
  FOR EACH ROW EXECUTE FUNCTION case_shares_update();

-- The cases of a set (free text, a party) held in a scope: each case's agency from a narrow
-- index (id, agency_id), about 20 bytes a case, instead of its row.
CREATE INDEX IF NOT EXISTS cases_id_agency ON cases(id, agency_id);
