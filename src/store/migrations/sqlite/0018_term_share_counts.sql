-- Exact list totals of a common search within a scope that others share cases with (issue 7).
-- The cases held in the scope are summed from case_term_counts (migration 0017); those held
-- elsewhere and shared with the scope were checked one by one against case_terms (41,803 shared
-- with the intermediate court on the 1M demo, ~20 ms for a term that half the cases hold).
-- case_term_share_counts counts, per term, the shared cases by their holding agency and by the
-- whole set of agencies each is shared with (`shared_with`: the agency ids ascending,
-- comma-separated, as case_access's primary key orders them). A case counts once per term under
-- its one set, so that the shared part of any scope is a sum over the rows whose set meets the
-- scope and whose holder lies outside it, exact however many agencies of the scope a case is
-- shared with (service/case_list.cpp). Kept by triggers on case_terms and on case_access:
-- whichever of a case's term and its shares arrives second counts it.
CREATE TABLE case_term_share_counts (
  term        TEXT NOT NULL,
  shared_with TEXT NOT NULL,
  agency_id   INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (term, shared_with, agency_id)
) WITHOUT ROWID;

-- A change of shares moves all of a case's terms, but case_terms is keyed by term (no index by
-- case). The terms are the distinct bigrams of the case's stored text (register/search.h: the
-- normalised fields joined by U+001F, which no bigram holds), so they are found from the text,
-- one character position at a time, each checked in case_terms: a batch of new cases writes its
-- terms after its texts and shares (register/search.h TermBatch), and a term not yet written is
-- counted when it is. text_positions holds 1..N for N at least the longest text, in characters
-- (SQLite's length and substr count characters); the triggers on case_search below extend it.
CREATE TABLE text_positions (i INTEGER PRIMARY KEY);
INSERT INTO text_positions (i)
WITH RECURSIVE p(i) AS (
  SELECT 1 UNION ALL
  SELECT i + 1 FROM p WHERE i < MAX(4096, (SELECT COALESCE(MAX(length(text)), 0) FROM case_search))
)
SELECT i FROM p;

-- Extended to the next multiple of 4096 when a longer text arrives: the positions 1..4096 taken
-- twice give every position up to 4096² = 16.7M characters, far beyond any request body; a
-- longer text is refused rather than counted wrong. (Triggers cannot recurse over a CTE.)
CREATE TRIGGER case_search_positions AFTER INSERT ON case_search
WHEN length(NEW.text) > (SELECT MAX(i) FROM text_positions)
BEGIN
  INSERT INTO text_positions (i)
  SELECT (hi.i - 1) * 4096 + lo.i FROM text_positions hi JOIN text_positions lo ON lo.i <= 4096
  WHERE hi.i BETWEEN (SELECT MAX(i) FROM text_positions) / 4096 + 1 AND (length(NEW.text) + 4095) / 4096
    AND (hi.i - 1) * 4096 + lo.i > (SELECT MAX(i) FROM text_positions);
  SELECT RAISE(ABORT, 'case_search.text longer than 16,777,216 characters')
  WHERE (SELECT MAX(i) FROM text_positions) < length(NEW.text);
END;
CREATE TRIGGER case_search_positions_update AFTER UPDATE OF text ON case_search
WHEN length(NEW.text) > (SELECT MAX(i) FROM text_positions)
BEGIN
  INSERT INTO text_positions (i)
  SELECT (hi.i - 1) * 4096 + lo.i FROM text_positions hi JOIN text_positions lo ON lo.i <= 4096
  WHERE hi.i BETWEEN (SELECT MAX(i) FROM text_positions) / 4096 + 1 AND (length(NEW.text) + 4095) / 4096
    AND (hi.i - 1) * 4096 + lo.i > (SELECT MAX(i) FROM text_positions);
  SELECT RAISE(ABORT, 'case_search.text longer than 16,777,216 characters')
  WHERE (SELECT MAX(i) FROM text_positions) < length(NEW.text);
END;

-- A case's terms as the triggers below read them (`WHERE case_id = ?`, which SQLite pushes into
-- the view: one look-up of the text, one position after another): the distinct bigrams of its
-- text that case_terms holds.
CREATE VIEW case_text_terms AS
SELECT DISTINCT s.case_id AS case_id, substr(s.text, p.i, 2) AS term
FROM case_search s JOIN text_positions p ON p.i < length(s.text)
WHERE instr(substr(s.text, p.i, 2), char(31)) = 0
  AND EXISTS (SELECT 1 FROM case_terms t WHERE t.term = substr(s.text, p.i, 2) AND t.case_id = s.case_id);

-- A case's first bigram, which tells whether its terms are written (below).
CREATE VIEW case_first_term AS
SELECT s.case_id AS case_id,
       (SELECT substr(s.text, p.i, 2) FROM text_positions p
        WHERE p.i < length(s.text) AND instr(substr(s.text, p.i, 2), char(31)) = 0
        ORDER BY p.i LIMIT 1) AS term
FROM case_search s;

-- The counts of the cases shared so far (the view above per case would be materialised whole
-- in a join: written out here, driven by the shared cases).
INSERT INTO case_term_share_counts (term, shared_with, agency_id, n)
SELECT b.term, s.shared_with, c.agency_id, COUNT(*)
FROM (SELECT case_id, group_concat(agency_id, ',') AS shared_with
      FROM (SELECT case_id, agency_id FROM case_access ORDER BY case_id, agency_id)
      GROUP BY case_id) s
JOIN cases c ON c.id = s.case_id
JOIN (SELECT DISTINCT x.case_id, substr(x.text, p.i, 2) AS term
      FROM case_search x JOIN text_positions p ON p.i < length(x.text)
      WHERE x.case_id IN (SELECT case_id FROM case_access)
        AND instr(substr(x.text, p.i, 2), char(31)) = 0
        AND EXISTS (SELECT 1 FROM case_terms t
                    WHERE t.term = substr(x.text, p.i, 2) AND t.case_id = x.case_id)) b
  ON b.case_id = s.case_id
GROUP BY b.term, s.shared_with, c.agency_id;

CREATE TRIGGER case_terms_share_counted AFTER INSERT ON case_terms
WHEN EXISTS (SELECT 1 FROM case_access WHERE case_id = NEW.case_id)
BEGIN
  INSERT INTO case_term_share_counts (term, shared_with, agency_id, n)
  SELECT NEW.term,
         (SELECT group_concat(agency_id, ',') FROM
            (SELECT agency_id FROM case_access WHERE case_id = NEW.case_id ORDER BY agency_id)),
         c.agency_id, 1
  FROM cases c WHERE c.id = NEW.case_id
  ON CONFLICT (term, shared_with, agency_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER case_terms_share_uncounted AFTER DELETE ON case_terms
WHEN EXISTS (SELECT 1 FROM case_access WHERE case_id = OLD.case_id)
BEGIN
  UPDATE case_term_share_counts SET n = n - 1
  WHERE term = OLD.term
    AND shared_with = (SELECT group_concat(agency_id, ',') FROM
          (SELECT agency_id FROM case_access WHERE case_id = OLD.case_id ORDER BY agency_id))
    AND agency_id = (SELECT agency_id FROM cases WHERE id = OLD.case_id);
END;

-- A share added: the case's terms leave the set they were counted under (none when this is its
-- first share) and join the set with the new agency.
-- Only when the case's terms are written: a case's terms are written all at once (a case
-- indexed, re-indexed, or a batch of whole cases), so its first bigram tells. A batch of
-- new cases shares them before their terms arrive (demo, import): those are counted by the
-- case_terms trigger above, and the text is not read here for nothing.
CREATE TRIGGER case_access_terms_counted AFTER INSERT ON case_access
WHEN EXISTS (SELECT 1 FROM case_first_term f JOIN case_terms t
             ON t.term = f.term AND t.case_id = f.case_id WHERE f.case_id = NEW.case_id)
BEGIN
  UPDATE case_term_share_counts SET n = n - 1
  WHERE shared_with = (SELECT group_concat(agency_id, ',') FROM
          (SELECT agency_id FROM case_access
           WHERE case_id = NEW.case_id AND agency_id <> NEW.agency_id ORDER BY agency_id))
    AND agency_id = (SELECT agency_id FROM cases WHERE id = NEW.case_id)
    AND term IN (SELECT term FROM case_text_terms WHERE case_id = NEW.case_id);
  INSERT INTO case_term_share_counts (term, shared_with, agency_id, n)
  SELECT term,
         (SELECT group_concat(agency_id, ',') FROM
            (SELECT agency_id FROM case_access WHERE case_id = NEW.case_id ORDER BY agency_id)),
         (SELECT agency_id FROM cases WHERE id = NEW.case_id), 1
  FROM case_text_terms WHERE case_id = NEW.case_id
  ON CONFLICT (term, shared_with, agency_id) DO UPDATE SET n = n + 1;
END;
-- A share withdrawn (before the row goes, so that the current set still holds it): the reverse.
CREATE TRIGGER case_access_terms_uncounted BEFORE DELETE ON case_access
WHEN EXISTS (SELECT 1 FROM case_first_term f JOIN case_terms t
             ON t.term = f.term AND t.case_id = f.case_id WHERE f.case_id = OLD.case_id)
BEGIN
  UPDATE case_term_share_counts SET n = n - 1
  WHERE shared_with = (SELECT group_concat(agency_id, ',') FROM
          (SELECT agency_id FROM case_access WHERE case_id = OLD.case_id ORDER BY agency_id))
    AND agency_id = (SELECT agency_id FROM cases WHERE id = OLD.case_id)
    AND term IN (SELECT term FROM case_text_terms WHERE case_id = OLD.case_id);
  INSERT INTO case_term_share_counts (term, shared_with, agency_id, n)
  SELECT term,
         (SELECT group_concat(agency_id, ',') FROM
            (SELECT agency_id FROM case_access
             WHERE case_id = OLD.case_id AND agency_id <> OLD.agency_id ORDER BY agency_id)),
         (SELECT agency_id FROM cases WHERE id = OLD.case_id), 1
  FROM case_text_terms
  WHERE case_id = OLD.case_id
    AND EXISTS (SELECT 1 FROM case_access WHERE case_id = OLD.case_id AND agency_id <> OLD.agency_id)
  ON CONFLICT (term, shared_with, agency_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_access_moved BEFORE UPDATE OF case_id, agency_id ON case_access
WHEN NEW.case_id IS NOT OLD.case_id OR NEW.agency_id IS NOT OLD.agency_id
BEGIN
  SELECT RAISE(ABORT, 'case_access rows are inserted and deleted, never moved (case_term_share_counts)');
END;
CREATE TRIGGER case_terms_moved BEFORE UPDATE ON case_terms
WHEN NEW.case_id IS NOT OLD.case_id OR NEW.term IS NOT OLD.term
BEGIN
  SELECT RAISE(ABORT, 'case_terms rows are inserted and deleted, never moved (case_term_counts)');
END;
