-- Counters rolled up over every agency (issue 8): case_counts rows of agency_id 0, which no agency
-- has (svc::kRollupAgency), hold for each grain, metric, period and kind the sum over every
-- agency, so that a dashboard reader who sees every agency reads one row where it read one per
-- agency (30 in the demo). svc::WriteDeltas keeps them in the same upserts from now on; this
-- fills them for the counters already there.
INSERT INTO case_counts (agency_id, grain, metric, period, kind, value)
SELECT 0, grain, metric, period, kind, SUM(value)
FROM case_counts
WHERE agency_id <> 0
GROUP BY grain, metric, period, kind;
