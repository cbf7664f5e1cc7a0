-- Counters of the whole city (issue 8), for the dashboard reader who sees every agency and asks
-- for no agency and no kind:
--   * case_counts rows of agency_id -1 (svc::kRollupAll) and kind '' hold, for each grain, metric
--     and period, the sum over every agency and kind: one row per period where agency 0 has one
--     per kind (a day range of the city read 15 rows a day);
--   * closed_div:<division> on the closing day (every agency and both rollups), and
--     closed_at:<closing day> on the receiving day (agency -1 only): the pending of the city on a
--     day in the middle of a month, by age and by division, without reading that month's
--     closings from case_counted (service/counters.h).
-- svc::WriteDeltas keeps them from now on; this fills them for what is there. The two new metrics
-- belong to facts_version 4: rows of an older version get them from svc::UpgradeCounters.
INSERT INTO case_counts (agency_id, grain, metric, period, kind, value)
SELECT -1, grain, metric, period, '', SUM(value)
FROM case_counts
WHERE agency_id = 0
GROUP BY grain, metric, period;

CREATE TABLE counts_0014 (
  agency_id INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  metric    TEXT NOT NULL,
  on_day    TEXT NOT NULL,
  value     INTEGER NOT NULL
);
INSERT INTO counts_0014 (agency_id, kind, metric, on_day, value)
SELECT agency_id, kind, 'closed_div:' || COALESCE(division, ''), closed_on, COUNT(*)
FROM case_counted
WHERE facts_version >= 4 AND closed_on IS NOT NULL
GROUP BY agency_id, kind, division, closed_on;
INSERT INTO counts_0014 (agency_id, kind, metric, on_day, value)
SELECT 0, kind, metric, on_day, SUM(value) FROM counts_0014 GROUP BY kind, metric, on_day;
INSERT INTO counts_0014 (agency_id, kind, metric, on_day, value)
SELECT -1, '', metric, on_day, SUM(value) FROM counts_0014 WHERE agency_id = 0
GROUP BY metric, on_day;
INSERT INTO counts_0014 (agency_id, kind, metric, on_day, value)
SELECT -1, '', 'closed_at:' || closed_on, received_on, COUNT(*)
FROM case_counted
WHERE facts_version >= 4 AND closed_on IS NOT NULL
GROUP BY closed_on, received_on;

INSERT INTO case_counts (agency_id, grain, metric, period, kind, value)
SELECT agency_id, 'day', metric, on_day, kind, value FROM counts_0014
UNION ALL
SELECT agency_id, 'month', metric, substr(on_day, 1, 7), kind, SUM(value) FROM counts_0014
GROUP BY agency_id, metric, substr(on_day, 1, 7), kind
UNION ALL
SELECT agency_id, 'year', metric, substr(on_day, 1, 4), kind, SUM(value) FROM counts_0014
GROUP BY agency_id, metric, substr(on_day, 1, 4), kind;
DROP TABLE counts_0014;
