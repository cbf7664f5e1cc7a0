// Messages to a user or to an API token's owner, read at GET /api/v1/notifications. Webhooks use
// them to tell a subscription's owner that it was disabled after repeated failure; anything else
// that must reach a caller later may use them too. A caller reads and marks only its own: a user
// its user's, a token its token's (another's answers 404).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "base/params.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::webhook {

struct Notice {
  std::string recipient_type;  // user | token
  int64_t recipient_id = 0;
  std::string kind;     // webhook.disabled
  std::string message;  // Chinese: what happened and what to do
  std::optional<std::string> entity;
  std::optional<int64_t> entity_id;
};
// Adds a notification; returns its id. Runs on the writer.
int64_t Notify(store::WriteContext& ctx, const Notice& n);

// GET /api/v1/notifications?unread=true&limit=&cursor=: the caller's, newest first:
// {"items": [{id, kind, message, entity, entity_id, created_at, read_at}], "unread": N,
//  "next_cursor"}.
boost::json::object ListNotifications(store::Connection& conn, const auth::Principal& p,
                                      const Params& params);
// Marks one of the caller's notifications read (again is fine); 404 for anyone else's.
boost::json::object MarkNotificationRead(store::WriteContext& ctx, const auth::Actor& actor,
                                         int64_t id);

}  // namespace sg::webhook
