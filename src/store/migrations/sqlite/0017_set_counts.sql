-- Exact list totals of common searches within a data scope (issue 7). A two-character query is
-- one bigram of case_terms, and its cases held by a scope's agencies are
--   SUM(n) FROM case_term_counts WHERE term = ? AND agency_id IN (scope)
-- instead of a look-up of the agency of each of its cases (564,000 of 1M cases hold 晋中).
-- Likewise a party's cases per holding agency (a case counts once however many roles the party
-- has in it). Kept by triggers in the same transaction as the rows they count; a case's agency
-- never changes (refused below), so no count ever has to move from one agency to another.
CREATE TABLE case_term_counts (
  term      TEXT NOT NULL,
  agency_id INTEGER NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY (term, agency_id)
) WITHOUT ROWID;
INSERT INTO case_term_counts (term, agency_id, n)
SELECT t.term, c.agency_id, COUNT(*) FROM case_terms t JOIN cases c ON c.id = t.case_id
GROUP BY t.term, c.agency_id;

CREATE TRIGGER case_terms_counted AFTER INSERT ON case_terms BEGIN
  INSERT INTO case_term_counts (term, agency_id, n)
  SELECT NEW.term, c.agency_id, 1 FROM cases c WHERE c.id = NEW.case_id
  ON CONFLICT (term, agency_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER case_terms_uncounted AFTER DELETE ON case_terms BEGIN
  UPDATE case_term_counts SET n = n - 1
  WHERE term = OLD.term AND agency_id = (SELECT agency_id FROM cases WHERE id = OLD.case_id);
END;

CREATE TABLE case_party_counts (
  party_id  INTEGER NOT NULL,
  agency_id INTEGER NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY (party_id, agency_id)
) WITHOUT ROWID;
INSERT INTO case_party_counts (party_id, agency_id, n)
SELECT p.party_id, c.agency_id, COUNT(DISTINCT p.case_id)
FROM case_parties p JOIN cases c ON c.id = p.case_id
GROUP BY p.party_id, c.agency_id;

-- Counted when the party's first role in the case arrives, uncounted when its last goes.
CREATE TRIGGER case_parties_counted AFTER INSERT ON case_parties
WHEN NOT EXISTS (SELECT 1 FROM case_parties
                 WHERE case_id = NEW.case_id AND party_id = NEW.party_id AND role <> NEW.role)
BEGIN
  INSERT INTO case_party_counts (party_id, agency_id, n)
  SELECT NEW.party_id, c.agency_id, 1 FROM cases c WHERE c.id = NEW.case_id
  ON CONFLICT (party_id, agency_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER case_parties_uncounted AFTER DELETE ON case_parties
WHEN NOT EXISTS (SELECT 1 FROM case_parties WHERE case_id = OLD.case_id AND party_id = OLD.party_id)
BEGIN
  UPDATE case_party_counts SET n = n - 1
  WHERE party_id = OLD.party_id AND agency_id = (SELECT agency_id FROM cases WHERE id = OLD.case_id);
END;
CREATE TRIGGER case_parties_moved BEFORE UPDATE OF case_id, party_id ON case_parties
WHEN NEW.case_id IS NOT OLD.case_id OR NEW.party_id IS NOT OLD.party_id
BEGIN
  SELECT RAISE(ABORT, 'case_parties rows are inserted and deleted, never moved (case_party_counts)');
END;

-- The agency that holds a case is fixed at creation: a transfer makes a new case at the receiving
-- agency (service/transfers.cpp), and PATCH refuses agency_id (service/case_patch.cpp).
CREATE TRIGGER cases_agency_fixed BEFORE UPDATE OF agency_id ON cases
WHEN NEW.agency_id IS NOT OLD.agency_id
BEGIN
  SELECT RAISE(ABORT, 'a case''s agency_id never changes (case_term_counts, case_party_counts)');
END;

-- A status alone within a scope of agencies (the list's most common filter): the held part's
-- total from a range per agency, not every case of the agency checked through (agency_id, kind,
-- status), where status comes after kind.
CREATE INDEX cases_agency_status ON cases(agency_id, status);
