// Every change to a case leaves two traces in the same transaction: an event in the case's
// append-only log (who, when, what, before and after) and a change in the feed.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "store/writer.h"

namespace sg::svc {

void LogCaseEvent(store::WriteContext& ctx, int64_t case_id, const char* type,
                  std::optional<int64_t> actor, std::optional<std::string> effective_on,
                  const boost::json::object* before, const boost::json::object* after);
// Appends a feed change for case `c` (as GetCase returns it); `fields` names what changed.
void LogCaseChange(store::WriteContext& ctx, const char* type, const boost::json::object& c,
                   const boost::json::object* fields = nullptr);

}  // namespace sg::svc
