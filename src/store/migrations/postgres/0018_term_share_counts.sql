-- Exact list totals of a common search within a scope that others share cases with (issue 7):
-- see the SQLite migration of the same number. The same table, kept by triggers.
CREATE TABLE case_term_share_counts (
  term        text COLLATE "C" NOT NULL,
  shared_with text COLLATE "C" NOT NULL,
  agency_id   bigint NOT NULL,
  n           bigint NOT NULL,
  PRIMARY KEY (term, shared_with, agency_id)
);

-- The agencies case `c` is shared with, ascending and comma-separated, leaving out `without`
-- and adding `plus` (each NULL for none); NULL when there are none.
CREATE FUNCTION case_shared_with(p_case bigint, p_without bigint, p_plus bigint) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT string_agg(a::text, ',' ORDER BY a)
  FROM (SELECT agency_id AS a FROM case_access
        WHERE case_id = p_case AND agency_id IS DISTINCT FROM p_without
        UNION SELECT p_plus WHERE p_plus IS NOT NULL) s
$$;

-- A change of shares moves all of a case's terms, but case_terms is keyed by term (no index by
-- case): the terms are the distinct bigrams of the case's stored text that case_terms holds (see
-- the SQLite migration).
CREATE FUNCTION case_text_terms(p_case bigint) RETURNS SETOF text LANGUAGE sql STABLE AS $$
  SELECT DISTINCT substr(s.text, p.i, 2)
  FROM case_search s CROSS JOIN LATERAL generate_series(1, length(s.text) - 1) AS p(i)
  WHERE s.case_id = p_case AND strpos(substr(s.text, p.i, 2), chr(31)) = 0
    AND EXISTS (SELECT 1 FROM case_terms t
                WHERE t.term = substr(s.text, p.i, 2) AND t.case_id = p_case)
$$;

INSERT INTO case_term_share_counts (term, shared_with, agency_id, n)
SELECT b.term, s.shared_with, c.agency_id, COUNT(*)
FROM (SELECT case_id, string_agg(agency_id::text, ',' ORDER BY agency_id) AS shared_with
      FROM case_access GROUP BY case_id) s
JOIN cases c ON c.id = s.case_id
CROSS JOIN LATERAL case_text_terms(s.case_id) AS b(term)
GROUP BY b.term, s.shared_with, c.agency_id;

-- Count `p_delta` for each of case `p_case`'s terms under the set `p_set` (none when NULL: the
-- case is shared with no agency).
CREATE FUNCTION case_term_shares_add(p_case bigint, p_set text, p_delta int)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO case_term_share_counts (term, shared_with, agency_id, n)
  SELECT b.term, p_set, k.agency_id, p_delta
  FROM case_text_terms(p_case) AS b(term) JOIN cases k ON k.id = p_case
  WHERE p_set IS NOT NULL
  ON CONFLICT (term, shared_with, agency_id)
  DO UPDATE SET n = case_term_share_counts.n + EXCLUDED.n
$$;

CREATE FUNCTION case_terms_share_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO case_term_share_counts (term, shared_with, agency_id, n)
    SELECT NEW.term, case_shared_with(NEW.case_id, NULL, NULL), c.agency_id, 1
    FROM cases c WHERE c.id = NEW.case_id AND EXISTS (SELECT 1 FROM case_access WHERE case_id = NEW.case_id)
    ON CONFLICT (term, shared_with, agency_id) DO UPDATE SET n = case_term_share_counts.n + 1;
  ELSE
    -- After the delete the term's row is gone: count it off by hand.
    UPDATE case_term_share_counts SET n = n - 1
    WHERE term = OLD.term AND shared_with = case_shared_with(OLD.case_id, NULL, NULL)
      AND agency_id = (SELECT agency_id FROM cases WHERE id = OLD.case_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_terms_share_count AFTER INSERT OR DELETE ON case_terms
  FOR EACH ROW EXECUTE FUNCTION case_terms_share_count();

-- Whether case `p_case`'s terms are written: they are written all at once, so its first bigram
-- tells (see the SQLite migration: a batch of new cases shares them before its terms arrive).
CREATE FUNCTION case_terms_written(p_case bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM case_search s
    CROSS JOIN LATERAL (SELECT substr(s.text, i, 2) AS term
                        FROM generate_series(1, length(s.text) - 1) AS i
                        WHERE strpos(substr(s.text, i, 2), chr(31)) = 0
                        ORDER BY i LIMIT 1) f
    JOIN case_terms t ON t.term = f.term AND t.case_id = p_case
    WHERE s.case_id = p_case)
$$;

-- A share added or withdrawn: the case's terms move from the set before to the set after (none
-- to move while they are not written).
CREATE FUNCTION case_access_terms_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT case_terms_written(CASE WHEN TG_OP = 'INSERT' THEN NEW.case_id ELSE OLD.case_id END) THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM case_term_shares_add(NEW.case_id, case_shared_with(NEW.case_id, NEW.agency_id, NULL), -1);
    PERFORM case_term_shares_add(NEW.case_id, case_shared_with(NEW.case_id, NULL, NULL), 1);
  ELSE
    PERFORM case_term_shares_add(OLD.case_id, case_shared_with(OLD.case_id, NULL, OLD.agency_id), -1);
    PERFORM case_term_shares_add(OLD.case_id, case_shared_with(OLD.case_id, NULL, NULL), 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER case_access_terms_count AFTER INSERT OR DELETE ON case_access
  FOR EACH ROW EXECUTE FUNCTION case_access_terms_count();

CREATE TRIGGER case_access_moved BEFORE UPDATE OF case_id, agency_id ON case_access
  FOR EACH ROW WHEN (NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.agency_id IS DISTINCT FROM OLD.agency_id)
  EXECUTE FUNCTION refuse_moves('case_access rows are inserted and deleted, never moved (case_term_share_counts)');
CREATE TRIGGER case_terms_moved BEFORE UPDATE ON case_terms
  FOR EACH ROW WHEN (NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.term IS DISTINCT FROM OLD.term)
  EXECUTE FUNCTION refuse_moves('case_terms rows are inserted and deleted, never moved (case_term_counts)');
