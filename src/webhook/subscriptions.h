// Webhook subscriptions and their deliveries, behind /api/v1/webhooks (http/handlers/webhooks.cpp).
//
// A subscription belongs to the caller that created it (an API token, or a user): the owner's
// permissions and data scope decide at delivery time what it receives (worker.h). A caller sees
// and manages only its own subscriptions; a caller whose data scope is `all` (system_admin) sees
// and manages every one. Any other subscription answers 404, as a missing one. Every change is
// written to the audit log in the same transaction; the secret never is.
//
// Functions taking a WriteContext run on the single writer; the others on a reader. Errors are
// sg::ApiError naming the field (400), 404 or 409.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "base/params.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::webhook {

inline constexpr size_t kMaxEvents = 50;

struct NewSubscription {
  std::string name;
  std::string url;
  std::vector<std::string> events;
};
// Reads the body of POST /api/v1/webhooks: {url, events[], name?}. Throws 400 naming the field.
NewSubscription ParseNewSubscription(const boost::json::value& body);

// Checks a receiver URL: absolute http:// (https:// is refused: this version does not speak
// TLS), with a host, without credentials or a fragment. Throws 400 naming `field`.
void CheckReceiverUrl(std::string_view url, const std::string& field);

// The Idempotency-Key of the delivery of change `seq` of the record `uid`: "<uid>:<seq>". A
// record's changes share its uid, so the uid alone would make a receiver drop real updates as
// duplicates; with the sequence number the key names one change, and it is the same on every
// retry and re-send of that change.
std::string IdempotencyKey(std::string_view uid, int64_t seq);

// Creates a subscription owned by the actor. The JSON returned carries the secret: the only
// time it is shown.
boost::json::object CreateSubscription(store::WriteContext& ctx, const NewSubscription& s,
                                       const auth::Actor& actor);
// {"items": [...]}: the caller's subscriptions (all of them for scope `all`), newest first.
boost::json::object ListSubscriptions(store::Connection& conn, const auth::Principal& p);
boost::json::object GetSubscription(store::Connection& conn, const auth::Principal& p, int64_t id);
// A merge patch of name, url, events and status (active re-enables a disabled subscription,
// disabled pauses it: changes are not queued while it is disabled).
boost::json::object UpdateSubscription(store::WriteContext& ctx, int64_t id,
                                       const boost::json::object& patch, const auth::Actor& actor);
// Removes the subscription with its deliveries and their attempts.
void DeleteSubscription(store::WriteContext& ctx, int64_t id, const auth::Actor& actor);
// A new secret, returned this once; deliveries from now on are signed with it.
boost::json::object RotateSecret(store::WriteContext& ctx, int64_t id, const auth::Actor& actor);

// GET …/deliveries?status=pending|delivered|dead|filtered&limit=&cursor=: newest first, with
// `next_cursor`.
boost::json::object ListDeliveries(store::Connection& conn, const auth::Principal& p, int64_t id,
                                   const Params& params);
// Queues a dead delivery again (409 unless it is dead), as if new: attempts start over.
boost::json::object ResendDelivery(store::WriteContext& ctx, int64_t id, int64_t delivery_id,
                                   const auth::Actor& actor);
// Queues every dead delivery of the subscription again: {"resent": N}.
boost::json::object ResendDead(store::WriteContext& ctx, int64_t id, const auth::Actor& actor);

// The owner of subscriptions a principal creates: "user" or "token".
std::string_view OwnerType(const auth::Principal& p);

}  // namespace sg::webhook
