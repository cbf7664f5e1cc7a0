-- PostgreSQL edition of migrations/sqlite/0012_closed_after_index.sql: the same index.
-- The pending cases on a past day (issue 8): svc::ClosedAfter reads the cases closed in the rest
-- of that day's month from case_counted; this index holds every column the read needs.
DROP INDEX case_counted_closed;
CREATE INDEX case_counted_closed
  ON case_counted(closed_on, received_on, agency_id, kind, division, stage);
