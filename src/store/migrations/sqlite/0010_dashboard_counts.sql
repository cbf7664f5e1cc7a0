-- The dashboard without case scans (issue 8): more of each case's facts in case_counted, so that
-- service/counters.h keeps the counts the charts and the court indicators read, and the ranges
-- the indicators are shown against.

-- The facts behind the new metrics (service/counters.h): the map's division of the case
-- (service/divisions.h), the hand-over that brought it ("type:from_kind:from_agency_type", NULL
-- when none or returned), whether it was appealed (a hand-over of type appeal from it that was
-- not returned), its second-instance result and its enforcement amounts. facts_version 2 rows
-- carry these; rows counted before this migration (version 1) are brought up by
-- svc::UpgradeCounters, which `serve` and `migrate` run.
ALTER TABLE case_counted ADD COLUMN facts_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE case_counted ADD COLUMN division TEXT;
ALTER TABLE case_counted ADD COLUMN via TEXT;
ALTER TABLE case_counted ADD COLUMN appealed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_counted ADD COLUMN appeal_result TEXT;
ALTER TABLE case_counted ADD COLUMN enforce_fen INTEGER;
ALTER TABLE case_counted ADD COLUMN recovered_fen INTEGER;
-- Pending at a past day: the cases closed after it (service/dashboard.cpp).
CREATE INDEX case_counted_closed ON case_counted(closed_on);
CREATE INDEX case_counted_version ON case_counted(facts_version);

-- The reasonable range (区间参考值) of each court indicator, set by an administrator
-- (PUT /api/v1/dashboard/indicator-ranges/{code}); an indicator without a row has none.
CREATE TABLE indicator_ranges (
  code       TEXT PRIMARY KEY,
  low        REAL,
  high       REAL,
  updated_by INTEGER,
  updated_at INTEGER NOT NULL
);

-- Setting the indicators' ranges (docs/security.md): an administrator's act, appended to the
-- shipped system administrator role's list.
UPDATE roles SET permissions = substr(permissions, 1, length(permissions) - 1) ||
    ',"dashboard:range:write"]'
  WHERE code = 'system_admin' AND permissions NOT LIKE '%dashboard:range:write%';
