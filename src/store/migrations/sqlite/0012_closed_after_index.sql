-- The pending cases on a past day (issue 8): svc::ClosedAfter reads the cases closed in the rest
-- of that day's month from case_counted. With an index on closed_on alone each of those rows
-- (about a month of closings: 15,000 at 1M cases) was a lookup into the table; this index holds
-- every column the read needs, so it is one range of the index.
DROP INDEX case_counted_closed;
CREATE INDEX case_counted_closed
  ON case_counted(closed_on, received_on, agency_id, kind, division, stage);
