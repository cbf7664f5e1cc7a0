// Every change to a case leaves three traces in the same transaction: an event in the case's
// append-only log (who, when, what, before and after), a change in the feed, and an entry in the
// audit log.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "store/writer.h"

namespace sg::svc {

void LogCaseEvent(store::WriteContext& ctx, int64_t case_id, const char* type,
                  std::optional<int64_t> actor, std::optional<std::string> effective_on,
                  const boost::json::object* before, const boost::json::object* after);
// Appends a feed change and an audit entry ("case.<type>") for case `c` (as GetCase returns it);
// `before`/`fields` are the changed fields before and after (null for a new case: the audit then
// records the whole case as after).
void LogCaseChange(store::WriteContext& ctx, const char* type, const boost::json::object& c,
                   const auth::Actor& actor, const boost::json::object* before = nullptr,
                   const boost::json::object* fields = nullptr);

}  // namespace sg::svc
