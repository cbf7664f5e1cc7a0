-- PostgreSQL edition of migrations/sqlite/0011_deadline_counts.sql: the same columns and meaning.
-- Near and overdue from counters (issue 8): each case's earliest running deadline as the
-- counters last counted it (cases.deadline_due and deadline_near_on), for the due, near_from and
-- near_until metrics of service/counters.h. case_counted rows of facts_version 3 carry them;
-- svc::UpgradeCounters brings older rows up.
ALTER TABLE case_counted ADD COLUMN deadline_due text COLLATE "C";
ALTER TABLE case_counted ADD COLUMN deadline_near_on text COLLATE "C";
