// How a case row becomes JSON; shared by the single-case read and the list.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "base/civil_time.h"
#include "store/db.h"

namespace sg::svc {

// The columns every case read selects, in the order CaseRowJson reads them. Alias `c` is cases,
// `a` agencies and `u` the handler.
inline constexpr std::string_view kCaseColumns =
    "c.id, c.uid, c.kind, c.procedure, c.agency_id, a.name, c.handler_id, u.display_name, "
    "c.title, c.case_number, c.status, c.received_on, c.filed_on, c.closed_on, "
    "c.claim_amount_fen, c.tags, c.summary, c.area_code, c.deadline_due, c.deadline_level, "
    "c.source_system, c.external_id, c.version, c.created_at, c.updated_at, c.detail, "
    "c.stage, c.deadline_near_on, c.outcome, c.appeal_result, c.document_number, "
    "c.awarded_amount_fen, c.enforce_amount_fen, c.recovered_amount_fen, c.fine_fen";
// The number of columns in kCaseColumns; a query may select more after them.
inline constexpr int kCaseColumnCount = 35;
inline constexpr std::string_view kCaseFrom =
    " FROM cases c JOIN agencies a ON a.id = c.agency_id LEFT JOIN users u ON u.id = c.handler_id";

// A case from its row, with parties, IP rights and panel from the read model (`detail`), as JSON
// text appended to `out` (the fast path of GET /api/v1/cases/{id}) or as an object. Both give
// the same JSON.
// `today` gives the deadline's level (near or overdue is a matter of the day it is read).
void AppendCaseRowText(store::Rows& row, std::string& out, Date today);
boost::json::object CaseRowJson(store::Rows& row, Date today);

// A column as JSON: its text / integer / parsed JSON, or null when the column is NULL (or, for
// JSON, unparsable).
boost::json::value TextOrNull(store::Rows& r, int col);
boost::json::value IntOrNull(store::Rows& r, int col);
boost::json::value JsonOrNull(store::Rows& r, int col);

// Masks for shared views: 110105********002X, 139****1234.
std::string MaskPhone(std::string_view phone);

}  // namespace sg::svc
