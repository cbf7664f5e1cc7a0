// The working-day calendar the server uses: the built-in holiday file (data/holidays-cn.json)
// plus the years an administrator loaded later (calendar_years), and the deadline calculator of
// GET /api/v1/calendar/period.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string_view>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "base/params.h"
#include "calendar/calendar.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::svc {

// The built-in calendar with every loaded year applied, oldest load first.
std::shared_ptr<const cal::Calendar> LoadCalendar(store::Connection& conn);

// Stores the years of a holiday file (the format of data/holidays-cn.json) so that they take
// effect without a rebuild, with who loaded them; checks the file first (400 naming `data` when
// it is malformed). Audited. Returns the years stored.
std::vector<int> StoreCalendarYears(store::WriteContext& ctx, std::string_view json,
                                    const auth::Actor& actor);

// GET /api/v1/calendar/years: the years `calendar` (the one the server computes with) covers,
// and those from its first covered year to next year (`today`'s year + 1) that it does not cover
// yet, ascending, so that a client sees which deadlines can only be provisional:
//   {"items": [{"year", "provisional", "source", "notice", "loaded_at", "loaded_by",
//               "loaded_by_type", "loaded_by_id", "holidays", "workdays"}]}
// - provisional: false for a covered year; true for one no holiday file covers, whose rest days
//   are only the weekends and the fixed-date holidays (calendar/calendar.h);
// - source: "builtin" (data/holidays-cn.json, compiled in), "loaded" (PUT /api/v1/calendar/years
//   or `shenguan calendar load`, stored in calendar_years), or null for a provisional year;
// - notice: the announcement the year's days come from (SourceOf), null when provisional;
// - loaded_at: when it was loaded (RFC 3339); loaded_by the username or token name ("system" for
//   the CLI), loaded_by_type user | token | system and loaded_by_id (users.id, api_tokens.id or
//   null) as the audit log names actors. All null for built-in years; the loaded_by fields null
//   for years loaded before who loaded them was kept (migration 0009);
// - holidays: the days off (放假) the year lists (a provisional year: its fixed-date holidays);
//   workdays: its adjusted working weekends (调休上班), 0 when provisional.
boost::json::object ListCalendarYears(store::Connection& conn, const cal::Calendar& calendar,
                                      Date today);

// GET /api/v1/calendar/period?start=&length=&unit=&rest_day_rule= (shared/API.md):
// {due, provisional, moved_from, crossed: [{date, kind, name}]}. 400 naming the parameter.
boost::json::object PeriodJson(const cal::Calendar& calendar, const Params& params);

}  // namespace sg::svc
