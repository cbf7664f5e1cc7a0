-- Foundation schema: agencies, users (handlers), parties, IP rights, cases and their links,
-- the append-only case event log, case-number sequences, free-text terms and the change feed.
-- Names follow shared/API.md. Timestamps are integer milliseconds since the Unix epoch; legal
-- dates are 'YYYY-MM-DD' text; money is integer fen.

CREATE TABLE agencies (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE,
  parent_id     INTEGER REFERENCES agencies(id),
  -- Materialised path of ids, "/1/5/12/", so that "this agency and below" is a prefix match.
  path          TEXT NOT NULL,
  name          TEXT NOT NULL,
  abbr          TEXT NOT NULL,
  type          TEXT NOT NULL,
  court_level   TEXT,
  court_code    TEXT,
  area_code     TEXT,
  -- Case-number template for non-court agencies; NULL means the default of shared/API.md.
  case_number_template TEXT,
  created_at    INTEGER NOT NULL
);
CREATE INDEX agencies_path ON agencies(path);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  agency_id     INTEGER NOT NULL REFERENCES agencies(id),
  title         TEXT,
  created_at    INTEGER NOT NULL
);
CREATE INDEX users_agency ON users(agency_id);

CREATE TABLE parties (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE,
  type          TEXT NOT NULL,            -- person | organization
  name          TEXT NOT NULL,
  name_norm     TEXT NOT NULL,
  uscc          TEXT,
  id_number     TEXT,
  phone         TEXT,
  address       TEXT,
  source_system TEXT,
  external_id   TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX parties_uscc ON parties(uscc) WHERE uscc IS NOT NULL;
CREATE UNIQUE INDEX parties_id_number ON parties(id_number) WHERE id_number IS NOT NULL;
CREATE INDEX parties_name_norm ON parties(name_norm);
CREATE UNIQUE INDEX parties_external ON parties(source_system, external_id)
  WHERE external_id IS NOT NULL;

CREATE TABLE ip_rights (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE,
  type          TEXT NOT NULL,   -- patent_invention | patent_utility_model | patent_design |
                                 -- trademark | geographical_indication | copyright | trade_secret
  number        TEXT,
  number_norm   TEXT,
  title         TEXT NOT NULL,
  owner_party_id INTEGER REFERENCES parties(id),
  nice_class    INTEGER,
  filed_on      TEXT,
  granted_on    TEXT,
  status        TEXT NOT NULL DEFAULT 'valid',
  area_code     TEXT,
  source_system TEXT,
  external_id   TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX ip_rights_number ON ip_rights(type, number_norm) WHERE number_norm IS NOT NULL;
CREATE INDEX ip_rights_owner ON ip_rights(owner_party_id);

CREATE TABLE cases (
  id               INTEGER PRIMARY KEY,
  uid              TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL,
  procedure        TEXT,
  agency_id        INTEGER NOT NULL REFERENCES agencies(id),
  handler_id       INTEGER REFERENCES users(id),
  title            TEXT NOT NULL,
  case_number      TEXT UNIQUE,
  status           TEXT NOT NULL,
  received_on      TEXT NOT NULL,
  filed_on         TEXT,
  closed_on        TEXT,
  claim_amount_fen INTEGER,
  tags             TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
  summary          TEXT,
  area_code        TEXT,
  deadline_due     TEXT,      -- maintained by the workflow engine
  deadline_level   TEXT,      -- normal | near | overdue, maintained by the workflow engine
  source_system    TEXT,
  external_id      TEXT,
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  -- Read model: the case's parties, IP rights and panel rendered as one JSON object, so that
  -- reading a case is one row lookup. Written with the case (register/records.cpp) and rewritten
  -- by RefreshCaseDetail whenever one of those changes.
  detail           TEXT NOT NULL DEFAULT '{"parties":[],"ip_rights":[],"panel_ids":[]}'
);
CREATE INDEX cases_agency_filed ON cases(agency_id, filed_on);
CREATE INDEX cases_filed ON cases(filed_on, id);
CREATE INDEX cases_closed ON cases(closed_on, id);
CREATE INDEX cases_kind_status ON cases(kind, status);
CREATE INDEX cases_handler ON cases(handler_id);
CREATE INDEX cases_deadline ON cases(deadline_level, deadline_due);
CREATE UNIQUE INDEX cases_external ON cases(source_system, external_id)
  WHERE external_id IS NOT NULL;

CREATE TABLE case_panel (
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  user_id  INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (case_id, user_id)
) WITHOUT ROWID;

CREATE TABLE case_parties (
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  party_id INTEGER NOT NULL REFERENCES parties(id),
  role     TEXT NOT NULL,
  ordinal  INTEGER NOT NULL,
  PRIMARY KEY (case_id, party_id, role)
) WITHOUT ROWID;
CREATE INDEX case_parties_party ON case_parties(party_id, case_id);

CREATE TABLE case_ip_rights (
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  ip_right_id INTEGER NOT NULL REFERENCES ip_rights(id),
  PRIMARY KEY (case_id, ip_right_id)
) WITHOUT ROWID;
CREATE INDEX case_ip_rights_ip ON case_ip_rights(ip_right_id, case_id);

CREATE TABLE case_links (
  id           INTEGER PRIMARY KEY,
  from_case_id INTEGER NOT NULL REFERENCES cases(id),
  to_case_id   INTEGER NOT NULL REFERENCES cases(id),
  type         TEXT NOT NULL,   -- transferred_to | diverted_to | appeal_of | related
  created_at   INTEGER NOT NULL,
  UNIQUE (from_case_id, to_case_id, type)
);
CREATE INDEX case_links_to ON case_links(to_case_id);

-- Append-only: rows are inserted, never updated or deleted.
CREATE TABLE case_events (
  id        INTEGER PRIMARY KEY,
  uid       TEXT NOT NULL UNIQUE,
  case_id   INTEGER NOT NULL REFERENCES cases(id),
  type      TEXT NOT NULL,
  actor_id  INTEGER REFERENCES users(id),
  at        INTEGER NOT NULL,
  effective_on TEXT,
  before    TEXT,   -- JSON of the changed fields before, or NULL
  after     TEXT,   -- JSON of the changed fields after, or NULL
  note      TEXT
);
CREATE INDEX case_events_case ON case_events(case_id, id);

-- The last case number issued per scope (court/year/specialised/type, or agency/kind/year).
CREATE TABLE case_number_sequences (
  scope  TEXT PRIMARY KEY,
  last   INTEGER NOT NULL
) WITHOUT ROWID;

-- Free-text search: every distinct bigram of a case's normalised searchable text.
CREATE TABLE case_terms (
  term    TEXT NOT NULL,
  case_id INTEGER NOT NULL,
  PRIMARY KEY (term, case_id)
) WITHOUT ROWID;
-- The normalised searchable text itself, to confirm a bigram match is a real substring.
CREATE TABLE case_search (
  case_id INTEGER PRIMARY KEY REFERENCES cases(id),
  text    TEXT NOT NULL
);

-- The change feed. seq is assigned by the single writer in commit order, with no gaps.
CREATE TABLE changes (
  seq       INTEGER PRIMARY KEY,
  type      TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  uid       TEXT NOT NULL,
  at        INTEGER NOT NULL,
  data      TEXT NOT NULL
);
