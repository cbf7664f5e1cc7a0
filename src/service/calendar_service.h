// The working-day calendar the server uses: the built-in holiday file (data/holidays-cn.json)
// plus the years an administrator loaded later (calendar_years), and the deadline calculator of
// GET /api/v1/calendar/period.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string_view>

#include "auth/principal.h"
#include "base/params.h"
#include "calendar/calendar.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::svc {

// The built-in calendar with every loaded year applied, oldest load first.
std::shared_ptr<const cal::Calendar> LoadCalendar(store::Connection& conn);

// Stores the years of a holiday file (the format of data/holidays-cn.json) so that they take
// effect without a rebuild; checks the file first (400 naming `data` when it is malformed).
// Audited. Returns the years stored.
std::vector<int> StoreCalendarYears(store::WriteContext& ctx, std::string_view json,
                                    const auth::Actor& actor);

// GET /api/v1/calendar/period?start=&length=&unit=&rest_day_rule= (shared/API.md):
// {due, provisional, moved_from, crossed: [{date, kind, name}]}. 400 naming the parameter.
boost::json::object PeriodJson(const cal::Calendar& calendar, const Params& params);

}  // namespace sg::svc
