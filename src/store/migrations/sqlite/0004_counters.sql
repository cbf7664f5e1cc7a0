-- Dashboard counters (issue 6). service/counters.h keeps them in the same transaction as every
-- event that changes a case, so that the dashboard reads a few index ranges instead of the cases
-- (docs/indicators.md gives each metric's formula).

-- Sums of per-day deltas per agency, case kind and metric, each kept at three grains: 'day'
-- (period YYYY-MM-DD), 'month' (YYYY-MM) and 'year' (YYYY). Any date range is then at most five
-- contiguous ranges of one grain (service/counters.h CoveringPeriods). A row may hold 0.
-- Metrics: received, filed, closed, closed_in_limit, closed_filed, closed_days,
-- closed:<outcome>, stage_days:<stage>, stage_exits:<stage>.
CREATE TABLE case_counts (
  agency_id INTEGER NOT NULL,
  grain     TEXT NOT NULL,        -- day | month | year
  metric    TEXT NOT NULL,
  period    TEXT NOT NULL,
  kind      TEXT NOT NULL,
  value     INTEGER NOT NULL,
  PRIMARY KEY (agency_id, grain, metric, period, kind)
) WITHOUT ROWID;

-- Each case as the counters last counted it: the next count of the case adds the difference.
-- in_limit is the verdict on a closed case's handling time limits (1 within, 0 late; NULL while
-- open), which the case list's in_limit filter reads; stage_since is the day the case entered
-- its current workflow stage.
CREATE TABLE case_counted (
  case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
  agency_id   INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  received_on TEXT NOT NULL,
  filed_on    TEXT,
  closed_on   TEXT,
  outcome     TEXT,
  in_limit    INTEGER,
  stage       TEXT,
  stage_since TEXT NOT NULL
);

-- near and overdue count the cases' earliest running deadline as of today (the case list's
-- deadline filter); these indexes cover that count. received_on serves the received_from /
-- received_to drill-downs.
CREATE INDEX cases_deadline_due ON cases(deadline_due, agency_id, kind);
CREATE INDEX cases_deadline_near ON cases(deadline_near_on, deadline_due, agency_id, kind);
CREATE INDEX cases_received ON cases(received_on, id);
