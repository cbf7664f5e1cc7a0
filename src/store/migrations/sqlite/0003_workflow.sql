-- Workflows and the statutory clock (issue 5): each case's workflow stage and outcome, its
-- deadlines as computed by the engine (service/deadlines.h), suspensions (不计入审限的期间),
-- extension requests, service records (送达), and calendar years an administrator loaded.

ALTER TABLE cases ADD COLUMN stage TEXT;               -- the workflow state (workflows/<kind>.json)
ALTER TABLE cases ADD COLUMN outcome TEXT;             -- dict case_outcome, set by a closing action
ALTER TABLE cases ADD COLUMN appeal_result TEXT;       -- dict appeal_result (second instance)
ALTER TABLE cases ADD COLUMN document_number TEXT;     -- the closing document's number
ALTER TABLE cases ADD COLUMN awarded_amount_fen INTEGER;
ALTER TABLE cases ADD COLUMN enforce_amount_fen INTEGER;
ALTER TABLE cases ADD COLUMN recovered_amount_fen INTEGER;
ALTER TABLE cases ADD COLUMN fine_fen INTEGER;
-- The day from which the case's earliest running deadline counts as near its limit; with
-- deadline_due (already there) it answers deadline=near|overdue for any "today".
ALTER TABLE cases ADD COLUMN deadline_near_on TEXT;

-- One row per deadline of a case (per party for party periods). Recomputed in the same
-- transaction as every event that changes it.
CREATE TABLE case_deadlines (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases(id),
  code          TEXT NOT NULL,
  party_id      INTEGER NOT NULL DEFAULT 0,   -- 0: the case's own deadline
  label         TEXT NOT NULL,
  source        TEXT NOT NULL,
  unit          TEXT NOT NULL,                -- days | working_days | months
  length        INTEGER NOT NULL,             -- the statutory length, in unit
  rest_day_rule TEXT NOT NULL,
  suspendable   INTEGER NOT NULL DEFAULT 0,   -- suspensions move it
  start_on      TEXT NOT NULL,                -- the act that started it (not counted)
  stopped_on    TEXT,                         -- the act that met it
  due           TEXT NOT NULL,                -- with suspensions and granted extensions
  near_on       TEXT NOT NULL,                -- from this day the deadline is near its limit
  status        TEXT NOT NULL,                -- running | suspended | met | missed
  provisional   INTEGER NOT NULL DEFAULT 0,   -- reaches a year the calendar does not cover
  updated_at    INTEGER NOT NULL,
  UNIQUE (case_id, code, party_id)
);
-- The alerts read this index, not the cases: running deadlines in due-date order, with the day
-- each becomes near, so that the most urgent come first and the scan stops at the page's end.
CREATE INDEX case_deadlines_due ON case_deadlines(status, due, near_on);

CREATE TABLE case_suspensions (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  kind        TEXT NOT NULL,
  start_on    TEXT NOT NULL,
  end_on      TEXT,                             -- NULL while it lasts
  reason      TEXT NOT NULL,
  created_by  INTEGER,
  created_at  INTEGER NOT NULL
);
CREATE INDEX case_suspensions_case ON case_suspensions(case_id, id);

CREATE TABLE case_extensions (
  id             INTEGER PRIMARY KEY,
  case_id        INTEGER NOT NULL REFERENCES cases(id),
  deadline_code  TEXT NOT NULL,
  length         INTEGER NOT NULL,
  unit           TEXT NOT NULL,
  reason         TEXT NOT NULL,
  status         TEXT NOT NULL,                -- pending | granted | refused
  requested_by   INTEGER,
  requested_on   TEXT NOT NULL,
  late           INTEGER NOT NULL DEFAULT 0,   -- asked later than 15 days before expiry
  approver_id    INTEGER,
  decided_on     TEXT,
  decision_reason TEXT,
  created_at     INTEGER NOT NULL
);
CREATE INDEX case_extensions_case ON case_extensions(case_id, id);

CREATE TABLE case_services (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  party_id    INTEGER NOT NULL REFERENCES parties(id),
  document    TEXT,
  served_on   TEXT NOT NULL,
  method      TEXT NOT NULL,                   -- dict service_method
  created_by  INTEGER,
  created_at  INTEGER NOT NULL
);
CREATE INDEX case_services_case ON case_services(case_id, id);

-- Holiday years loaded by an administrator after release (`shenguan calendar load`), in the
-- format of data/holidays-cn.json; they take precedence over the built-in file.
CREATE TABLE calendar_years (
  year       INTEGER PRIMARY KEY,
  data       TEXT NOT NULL,
  source     TEXT NOT NULL,
  loaded_at  INTEGER NOT NULL
);

-- Per-agency overrides of configurable (unconfirmed) limits: docs/workflows.md lists them.
CREATE TABLE deadline_overrides (
  agency_id  INTEGER NOT NULL REFERENCES agencies(id),
  kind       TEXT NOT NULL,
  code       TEXT NOT NULL,
  length     INTEGER NOT NULL,
  unit       TEXT NOT NULL,
  reason     TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (agency_id, kind, code)
);

-- Loading a holiday year is an administrator's act (docs/security.md).
UPDATE roles SET permissions = '["case:record:read","case:record:create","case:record:update","case:record:transfer","case:record:export","case:extension:approve","party:record:read","party:record:create","party:pii:read","ip:record:read","ip:record:create","system:agency:read","system:agency:write","system:user:read","system:user:write","system:role:read","system:role:write","system:token:read","system:token:write","system:audit:read","system:metrics:read","feed:change:read","dashboard:stat:read","system:calendar:write"]'
  WHERE code = 'system_admin';
