// Workflow actions on a case (POST /api/v1/cases/{id}/actions, shared/API.md "Actions"; those a
// caller may take now, GET on the same path), and the clock they drive. An action is checked
// against the case kind's definition (workflows/<kind>.json): 409 when the case's stage does not
// allow it, 403 when the caller's role may not take it, 400 naming `fields.<name>` for a missing or
// invalid field. Its effects (filing, numbering, closing with the outcome, suspensions, extensions,
// procedure conversion, assignment, service) and the deadlines it starts and stops are written in
// one transaction with the event, the feed change, the audit entry and the recomputed deadlines.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "calendar/calendar.h"
#include "store/writer.h"
#include "workflow/definition.h"

namespace sg::svc {

// What the clock of a case needs: the workflow definitions, the calendar and today.
struct Clockwork {
  const wf::Registry& workflows;
  std::shared_ptr<const cal::Calendar> calendar;
  Date today;
};

struct ActionRequest {
  std::string action;
  std::optional<Date> effective_on;  // default today; never in the future
  boost::json::object fields;
  std::optional<std::string> note;
};
// Reads {"action", "effective_on"?, "fields"?, "note"?}; 400 for a malformed body.
ActionRequest ParseActionRequest(const boost::json::value& body);

// The permission a caller needs to take any action (the route's, POST .../actions).
inline constexpr std::string_view kTakeActionPermission = "case:record:update";

// GET /api/v1/cases/{id}/actions: the actions the caller may take on the case now, in the order
// of its definition: {"stage", "items": [{"code", "label", "to" (a state code, or null: the case
// stays), "fields": [the action's field definitions exactly as GET /api/v1/workflows/{kind}
// gives them]}]}. An action is listed exactly when TakeCaseAction would not refuse it for the
// case's state or the caller's role: both ask the same check (409 for the stage, or for a period
// to open while one is open, none open to end, no pending extension request to decide; 403 for
// the role). What only the request's fields or date decide is left to the taking. A caller
// without kTakeActionPermission gets no items. Not found outside the caller's scope.
boost::json::object ListCaseActions(store::Connection& conn, const wf::Registry& workflows,
                                    const auth::Principal& p, int64_t case_id);

// Takes the action; returns {case, deadlines, warnings}.
boost::json::object TakeCaseAction(store::WriteContext& ctx, const wf::Registry& workflows,
                                   const cal::Calendar& calendar, int64_t case_id,
                                   const ActionRequest& req, const auth::Actor& actor, Date today);

// A new case enters its workflow: its stage is the definition's initial one (or the stage its
// filing action leads to when it was created filed; then, with `handler_was_assigned` and a
// handler, the stage its assignment leads to) and the deadlines started on "create" (and on those
// actions) begin. Called by CreateCase in the same transaction; a case created through the API
// still has its assignment to take, whatever handler it names.
void EnterWorkflow(store::Connection& conn, const wf::Registry& workflows,
                   const cal::Calendar& calendar, int64_t case_id, Date today,
                   bool handler_was_assigned = false);

// Cases loaded in bulk (the demo loader, later imports) without a stage enter their workflow
// from what they record: an open case as EnterWorkflow (a recorded handler was assigned), a closed
// one in the final state its closing action for the recorded outcome leads to (its kind's first
// final state without one), with no running deadline. Works in transactions of `batch` cases.
// Returns how many.
int64_t AdoptCases(store::Connection& conn, const wf::Registry& workflows,
                   const cal::Calendar& calendar, Date today, int64_t batch = 5000);
// One case loaded in bulk (an import) enters its workflow as AdoptCases would take it, inside the
// caller's transaction: `kind`, `status` and `outcome` as the case records them.
void AdoptCase(store::Connection& conn, const wf::Registry& workflows,
               const cal::Calendar& calendar, int64_t case_id, std::string_view kind,
               std::string_view status, std::string_view outcome, Date today);

}  // namespace sg::svc
