// The case register's operations behind /api/v1/cases: read, list, create and update cases.
//
// Handlers turn HTTP into calls of these functions and back. Reads take a reader connection;
// writes run inside the single writer (store::WriteContext) and record an event and a change for
// every change they make. Errors are sg::ApiError naming the offending field.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "base/params.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::svc {

// Every read takes the caller: a case outside its data scope (auth/scope.h) is not found.

// A case as the API shows it, with its parties, IP rights and panel. Throws not_found.
boost::json::object GetCase(store::Connection& conn, const auth::Principal& p, int64_t id,
                            Date today);
// The same case as JSON text, built straight from its row (the read path), and its version.
std::string GetCaseText(store::Connection& conn, const auth::Principal& p, int64_t id, Date today,
                        int64_t* version);
// The ETag of a case version: "\"v<version>\"".
std::string CaseEtag(int64_t version);
int64_t CaseVersion(const boost::json::object& c);

// A create request checked for shape and identifiers, before it reaches the writer.
struct CreateCaseInput;
struct Clockwork;  // service/case_actions.h
std::shared_ptr<CreateCaseInput> ParseCreateCase(const boost::json::value& body, const Date& today);
// Stores the case (numbering it when it is filed) and returns it as GetCase would. The case's
// agency must lie in the actor's scope (403 naming agency_id otherwise). The case enters its
// workflow (EnterWorkflow): stage and first deadlines.
boost::json::object CreateCase(store::WriteContext& ctx, const CreateCaseInput& in,
                               const auth::Actor& actor, const Clockwork& clock);

// Applies a JSON merge patch (RFC 7396) to case `id` if its ETag still equals `if_match`.
// Throws precondition_failed (412) when it does not, and invalid_field / unknown_field / conflict
// for patches that cannot apply. Returns the updated case. A corrected receiving or filing date
// moves the running deadlines that started on it, recomputed in the same transaction.
boost::json::object PatchCase(store::WriteContext& ctx, int64_t id, const std::string& if_match,
                              const boost::json::object& patch, const Clockwork& clock,
                              const auth::Actor& actor);

// GET /api/v1/cases: filters, sort and cursor of shared/API.md. Returns {items, next_cursor,
// total}.
boost::json::object ListCases(store::Connection& conn, const auth::Principal& p,
                              const Params& params, Date today);

// GET /api/v1/cases/{id}/events: the case's event log, oldest first. Throws not_found.
boost::json::object ListCaseEvents(store::Connection& conn, const auth::Principal& p,
                                   int64_t case_id, const Params& params);

}  // namespace sg::svc
