// What workflow actions record on a case besides its stage and deadlines, read back: the service
// records (送达, case_services, written by record_service actions) behind
// GET /api/v1/cases/{id}/services, and the extension requests (case_extensions, written by
// request_extension and decide_extension) behind the approver's list GET /api/v1/extensions.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

#include "auth/principal.h"
#include "base/params.h"
#include "store/db.h"
#include "workflow/definition.h"

namespace sg::svc {

// GET /api/v1/cases/{id}/services: the case's service records, oldest first (by served_on, then
// in the order recorded):
//   {"items": [{"id", "case_id", "party_id", "party_name", "party_type", "document", "served_on",
//               "method", "created_by", "created_by_name", "created_at"}]}
// `document` is what was served (the action's label, e.g. 送达起诉状副本), `method` a
// service_method code, `created_by` the user who recorded it (null for a token). Parties are
// named as the case's own party list names them (GET /api/v1/cases/{id}); like it, a record
// carries none of a party's ID or phone numbers, so there is nothing to mask or to audit as a
// pii.read. Not found outside the caller's scope.
boost::json::object ListCaseServices(store::Connection& conn, const auth::Principal& p,
                                     int64_t case_id);

// GET /api/v1/extensions?status=pending|granted|refused&agency_id=&include_sub=&kind=&limit=
// &cursor=: extension requests of the cases in the caller's scope (auth::CaseScope, shared cases
// included), newest first (limit 1..500, default 50; opaque cursor); agency_id (with include_sub,
// that agency and below) and kind filter the cases as in GET /api/v1/alerts:
//   {"items": [{"id", "case_id", "case_number", "title", "kind", "agency_id", "agency_name",
//               "deadline_code", "deadline_label", "length", "unit", "reason", "requested_by",
//               "requested_by_name", "requested_on", "late", "status", "approver_id",
//               "approver_name", "decided_on", "decision_reason", "created_at"}],
//    "next_cursor": string | null}
// `deadline_code` is the deadline's code and `deadline_label` its Chinese label from the case
// kind's definition; `length` is in `unit` (days | working_days | months); `late` marks a request
// made later than 15 days before the deadline's expiry. The decision fields are null while pending.
// 400 naming `status`, `agency_id`, `kind`, `limit` or `cursor` for a bad value.
boost::json::object ListExtensions(store::Connection& conn, const wf::Registry& workflows,
                                   const auth::Principal& p, const Params& params);

}  // namespace sg::svc
