// The dashboard behind GET /api/v1/dashboard/summary (docs/indicators.md). Every figure carries
// the case query behind it, {"value": N, "cases_query": "/api/v1/cases?..."}, whose `total`
// equals the figure (shared/API.md "Dashboard"); a ratio carries its numerator and denominator so.
//
// Scope: a figure counts the cases *held by* agencies in the caller's data scope (not those only
// shared with it by transfer, diversion or appeal, which another agency counts); its cases_query
// says so with shared=false. Callers with an agency scope (all, agency, agency_and_below, custom)
// read the counters (service/counters.h) of those agencies. A caller with own_cases scope gets
// figures counted from its own cases directly, through the case list's own filter: they are few,
// and counters per agency cannot tell whose a case is. near and overdue, which depend on today,
// come from the counters of the earliest running deadline's due and near days.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string_view>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "base/params.h"
#include "store/conditions.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::wf {
class Registry;
}

namespace sg::svc {

// GET /api/v1/dashboard/summary?from=&to=&agency_id=&include_sub=&kind=: received, closed and
// pending, 结收比, 审限内结案率, 平均审理时长, near and overdue, for cases of `kind` (one or more
// case_kind values, comma-separated) held by agency_id (and the agencies below it with
// include_sub) within the caller's scope. from defaults to 1 January of to's year, to to today.
// Throws invalid_field for a malformed date, from after to, an unknown kind or agency.
boost::json::object DashboardSummary(store::Connection& conn, const auth::Principal& p,
                                     const Params& params, Date today);

// GET /api/v1/dashboard/charts (same parameters and scope as the summary): pending cases at the
// end of `to` by age since receipt (1 month, 1–3, 3–6, 6–12 months, 1–2 years, over 2 years),
// intake and closure per calendar month of [from, to] (at most the newest 36), each a figure with
// its cases_query; and the mean days per workflow stage of the stages left within [from, to]
// (from the counters; empty for own_cases callers); the open cases by agency, kind and stage as
// of today; and the cases pending at the end of `to` per division of the map (service/
// divisions.h, 市本级 last). docs/indicators.md gives the formulas.
boost::json::object DashboardCharts(store::Connection& conn, const auth::Principal& p,
                                    const Params& params, Date today,
                                    const wf::Registry& workflows);

// GET /api/v1/dashboard/indicators?from=&to=&agency_id=&include_sub=: the court indicators of
// shared/domain/indicators.md (案-件比, 审限内结案率, 调撤率, 上诉率, 二审改判-发回重审比,
// 超12个月未结案件比, 执行到位率), always the same items in the same order — never a ranking —
// each {code, label, value, unit (percent | ratio), range {low, high}, status (within | below |
// above | none), numerator, denominator, formula, can_edit_range}. Each indicator counts its own
// case kinds (docs/indicators.md), so `kind` is refused (invalid_field). Scope and counting as
// the summary. The amounts of 执行到位率 are figures with "unit": "fen".
boost::json::object DashboardIndicators(store::Connection& conn, const auth::Principal& p,
                                        const Params& params, Date today);

// PUT /api/v1/dashboard/indicator-ranges/{code} {"low", "high"}: an indicator's reasonable range
// (区间参考值; null for an open end). 404 for an unknown code; invalid_field for a bound that is
// not a number, negative, above 100 for a percentage, or low above high. Audited. Returns
// {code, low, high, updated_at}.
boost::json::object SetIndicatorRange(store::WriteContext& ctx, std::string_view code,
                                      const boost::json::value& body, const auth::Actor& actor);

// The WHERE clause (over `cases c`) with which GET /api/v1/cases counts its `total` for `params`:
// the caller's scope and every filter, without the cursor. Throws invalid_field as ListCases
// does. Defined in case_list.cpp beside ListCases, so that a figure counted through it equals
// its cases_query by construction.
store::Conditions CaseListFilter(store::Connection& conn, const auth::Principal& p,
                                 const Params& params, Date today);

}  // namespace sg::svc
