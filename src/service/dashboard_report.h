// The dashboard's monthly and quarterly report (GET /api/v1/dashboard/report): the summary's
// figures, the charts' data and the case lists behind the figures, for one period and scope, as
// a report::Report that src/report renders as PDF or XLSX.
#pragma once

#include <string>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "base/params.h"
#include "report/report.h"
#include "store/db.h"

namespace sg::wf {
class Registry;
}

namespace sg::svc {

// The most rows a case table of the report holds; a longer list says so in its title.
inline constexpr int kReportMaxRows = 20000;

// Builds the report for `params`: period (YYYY-MM for a month, YYYY-Qn for a quarter; required),
// agency_id, include_sub and kind as for the summary. A period that ends after today ends today.
// `tables_for_pdf` keeps only the lists a printed report carries (near-limit and overdue cases);
// otherwise every figure's list is there (received, closed, pending, near, overdue). `now` is
// the report's generated_at. Throws invalid_field for a malformed or future period, or what the
// summary throws.
report::Report BuildDashboardReport(store::Connection& conn, const auth::Principal& p,
                                    const Params& params, Date today, TimestampMs now,
                                    const wf::Registry& workflows, bool tables_for_pdf);

// The report's file name without extension, e.g. "运行态势月报-2026-10".
std::string DashboardReportName(const Params& params);

}  // namespace sg::svc
