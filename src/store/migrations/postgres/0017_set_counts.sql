-- Exact list totals of common searches within a data scope (issue 7): see the SQLite migration of
-- the same number. The same tables, kept by triggers.
CREATE TABLE case_term_counts (
  term      text COLLATE "C" NOT NULL,
  agency_id bigint NOT NULL,
  n         bigint NOT NULL,
  PRIMARY KEY (term, agency_id)
);
INSERT INTO case_term_counts (term, agency_id, n)
SELECT t.term, c.agency_id, COUNT(*) FROM case_terms t JOIN cases c ON c.id = t.case_id
GROUP BY t.term, c.agency_id;

-- One function for both directions: +1 as a row arrives, -1 as it goes.
CREATE FUNCTION case_terms_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO case_term_counts (term, agency_id, n)
    SELECT NEW.term, c.agency_id, 1 FROM cases c WHERE c.id = NEW.case_id
    ON CONFLICT (term, agency_id) DO UPDATE SET n = case_term_counts.n + 1;
  ELSE
    UPDATE case_term_counts SET n = n - 1
    WHERE term = OLD.term AND agency_id = (SELECT agency_id FROM cases WHERE id = OLD.case_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_terms_count AFTER INSERT OR DELETE ON case_terms
  FOR EACH ROW EXECUTE FUNCTION case_terms_count();

CREATE TABLE case_party_counts (
  party_id  bigint NOT NULL,
  agency_id bigint NOT NULL,
  n         bigint NOT NULL,
  PRIMARY KEY (party_id, agency_id)
);
INSERT INTO case_party_counts (party_id, agency_id, n)
SELECT p.party_id, c.agency_id, COUNT(DISTINCT p.case_id)
FROM case_parties p JOIN cases c ON c.id = p.case_id
GROUP BY p.party_id, c.agency_id;

-- Counted when the party's first role in the case arrives, uncounted when its last goes.
CREATE FUNCTION case_parties_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM case_parties
                   WHERE case_id = NEW.case_id AND party_id = NEW.party_id AND role <> NEW.role) THEN
      INSERT INTO case_party_counts (party_id, agency_id, n)
      SELECT NEW.party_id, c.agency_id, 1 FROM cases c WHERE c.id = NEW.case_id
      ON CONFLICT (party_id, agency_id) DO UPDATE SET n = case_party_counts.n + 1;
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM case_parties
                    WHERE case_id = OLD.case_id AND party_id = OLD.party_id) THEN
    UPDATE case_party_counts SET n = n - 1
    WHERE party_id = OLD.party_id
      AND agency_id = (SELECT agency_id FROM cases WHERE id = OLD.case_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_parties_count AFTER INSERT OR DELETE ON case_parties
  FOR EACH ROW EXECUTE FUNCTION case_parties_count();

CREATE FUNCTION refuse_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END $$;
CREATE TRIGGER case_parties_moved BEFORE UPDATE OF case_id, party_id ON case_parties
  FOR EACH ROW WHEN (NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.party_id IS DISTINCT FROM OLD.party_id)
  EXECUTE FUNCTION refuse_moves('case_parties rows are inserted and deleted, never moved (case_party_counts)');
CREATE TRIGGER cases_agency_fixed BEFORE UPDATE OF agency_id ON cases
  FOR EACH ROW WHEN (NEW.agency_id IS DISTINCT FROM OLD.agency_id)
  EXECUTE FUNCTION refuse_moves('a case''s agency_id never changes (case_term_counts, case_party_counts)');

-- A status alone within a scope of agencies: see the SQLite migration.
CREATE INDEX cases_agency_status ON cases(agency_id, status);
