-- wrk script: POST /api/v1/cases with a new filed civil case per request, in the court whose id
-- is in SG_AGENCY_ID (default 1).
-- Used by bench/run.sh and bench/run_pg.sh.
wrk.method = "POST"
local agency = os.getenv("SG_AGENCY_ID") or "1"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"kind":"civil_first","agency_id":' .. agency .. ',"title":"基准测试 侵害商标权纠纷 ' .. n .. '","filed_on":"2026-11-20","claim_amount_fen":1000000}')
end
