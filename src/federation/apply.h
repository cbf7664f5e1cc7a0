// Applying another instance's changes (federation): what a follower of that instance's feed
// writes here. Records are matched by uid, never by local id (docs/data-exchange.md
// "Federation"):
//   agency created     -> a mirror of the agency (origin = the other instance), unless its uid
//                         is known already;
//   transfer created   -> when the receiving agency is hosted here: the receiving case (same
//                         uid), a mirror of the source case and agency, the link, both agencies'
//                         access, and the pending transfer (same uid) in this agency's inbox;
//   transfer updated   -> the other side's answer (accepted / returned) on the transfer known
//                         here, once: the first answer stands; a returned receiving case closes.
// Every other change is skipped. Applying a change twice changes nothing the second time, and
// applying one writes this instance's own feed changes only when it changed something, so two
// instances that follow each other settle instead of echoing changes back and forth.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "service/case_actions.h"
#include "store/writer.h"

namespace sg::fed {

// Applies one change of the feed at `origin` (its base URL). Returns whether it changed
// anything here. Throws for a change whose data is malformed (the follower stops on it rather
// than skip it silently).
bool ApplyChange(store::WriteContext& ctx, const svc::Clockwork& clock, const std::string& origin,
                 const boost::json::object& change);

}  // namespace sg::fed
