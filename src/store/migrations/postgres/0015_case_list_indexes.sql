-- The case list's first page (issue 7), counted and read from indexes (service/case_list.cpp):
--   * the cases held by the agencies of a data scope, by kind and status, and by closing day,
--     counted from indexes led by agency_id;
--   * near and overdue cases of a status counted without reading each case's row;
--   * the page in the order of the list's sort keys filed_on and closed_on, whose NULLs the list
--     folds into '' (keyset paging needs a total order), read straight from an index in that
--     order instead of sorting every matching case.
DROP INDEX cases_deadline_due;
CREATE INDEX cases_deadline_due ON cases(deadline_due, agency_id, kind, status);
DROP INDEX cases_deadline_near;
CREATE INDEX cases_deadline_near ON cases(deadline_near_on, deadline_due, agency_id, kind, status);
CREATE INDEX IF NOT EXISTS cases_agency_kind_status ON cases(agency_id, kind, status);
CREATE INDEX IF NOT EXISTS cases_agency_closed ON cases(agency_id, closed_on);
CREATE INDEX IF NOT EXISTS cases_sort_filed ON cases((COALESCE(filed_on, '')), id);
CREATE INDEX IF NOT EXISTS cases_sort_closed ON cases((COALESCE(closed_on, '')), id);
