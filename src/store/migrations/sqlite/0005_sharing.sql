-- Data sharing (issue 6): transfers, diversions and appeals between agencies, each creating the
-- receiving case with a link back (case_links), answered by the receiving agency; and the
-- positions of federation followers in other instances' feeds.

-- One row per hand-over. The receiving case exists from the start (status received); the
-- receiving agency accepts it (the case goes on) or returns it with a reason (the case is
-- closed as returned). Chains are read through case_links, which every transfer also writes.
CREATE TABLE transfers (
  id             INTEGER PRIMARY KEY,
  uid            TEXT NOT NULL UNIQUE,
  type           TEXT NOT NULL,                 -- transfer (移送) | diversion (分流) | appeal (上诉)
  from_case_id   INTEGER NOT NULL REFERENCES cases(id),
  to_case_id     INTEGER NOT NULL REFERENCES cases(id),
  from_agency_id INTEGER NOT NULL REFERENCES agencies(id),
  to_agency_id   INTEGER NOT NULL REFERENCES agencies(id),
  kind           TEXT NOT NULL,                 -- the receiving case's kind
  reason         TEXT NOT NULL,
  status         TEXT NOT NULL,                 -- pending | accepted | returned
  answer_reason  TEXT,
  created_by     INTEGER REFERENCES users(id),
  created_at     INTEGER NOT NULL,
  answered_by    INTEGER REFERENCES users(id),
  answered_at    INTEGER,
  version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX transfers_inbox ON transfers(to_agency_id, status, id);
CREATE INDEX transfers_outbox ON transfers(from_agency_id, status, id);
CREATE INDEX transfers_from_case ON transfers(from_case_id);
CREATE INDEX transfers_to_case ON transfers(to_case_id);

-- A federation follower's place in another instance's feed: the last sequence number applied,
-- advanced in the same transaction as the changes it applied, so each applies exactly once.
CREATE TABLE feed_positions (
  source     TEXT PRIMARY KEY,   -- the followed instance's base URL
  last_seq   INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
