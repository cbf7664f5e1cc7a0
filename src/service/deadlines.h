// A case's statutory clock in the database: its deadlines (case_deadlines), suspensions and
// extensions, recomputed by RecomputeDeadlines in the same transaction as every event that changes
// them; and the reads behind GET /api/v1/cases/{id}/deadlines and GET /api/v1/alerts.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "base/params.h"
#include "calendar/calendar.h"
#include "store/db.h"

namespace sg::svc {

// Recomputes every deadline of the case from its rows (start, stop, suspensions, granted
// extensions) and writes due, near_on, status and provisional back, then the case's summary
// columns (deadline_due, deadline_near_on, deadline_level of its earliest running deadline).
void RecomputeDeadlines(store::Connection& conn, const cal::Calendar& calendar, int64_t case_id,
                        Date today);

// Recomputes the deadlines of every case with a running or suspended deadline (after a holiday
// year was loaded), calling `after_each` with each case's id once its deadlines are written (the
// callers count it again: svc::CountCase, for the near, overdue and in-limit counters). No other
// case's deadlines change. Returns the number of cases.
int64_t RecomputeAllDeadlines(store::Connection& conn, const cal::Calendar& calendar, Date today,
                              const std::function<void(int64_t)>& after_each = {});

// GET /api/v1/cases/{id}/deadlines (shared/API.md): {items: [{code, rule, label, source, unit,
// length, start, due, used, left, status, level, provisional, party_id, suspensions, extensions}]}.
// Not found outside the caller's scope.
boost::json::object ListCaseDeadlines(store::Connection& conn, const cal::Calendar& calendar,
                                      const auth::Principal& p, int64_t case_id, Date today);

// GET /api/v1/alerts?agency_id=&include_sub=&kind=&level=near|overdue&limit=&cursor=: running
// deadlines near their limit or overdue on `today`, most overdue first, then least time left,
// within the caller's scope. Each names who should act: the handler when near, the approver
// (院长/局长) when 5 days or fewer are left or it is overdue. Reads the due-date index only.
boost::json::object ListAlerts(store::Connection& conn, const auth::Principal& p,
                               const Params& params, Date today);

}  // namespace sg::svc
