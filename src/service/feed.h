// The change feed (shared/API.md "Sharing", GET /api/v1/feed): every change the caller may see,
// in commit order. The single writer numbers changes (changes.seq) in commit order, so reading
// `seq > cursor` in order never skips a change that commits later. The cursor is the decimal
// sequence number of the last change the caller has been given (or has skipped as invisible): it
// stays valid across restarts and is the same on every engine.
//
// Visibility is decided when the feed is read, by the same data-scope rules as the API: a case
// change by auth::CaseScope, a party by auth::PartyScope, a transfer by the agencies of its two
// cases; agencies and IP rights are seen by every caller with the feed permission. `data` is the
// change as stored: the fields that changed, never personal data (snapshots written for a
// receiving agency carry the case as that agency may see it, masked).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "store/db.h"

namespace sg::svc {

inline constexpr int64_t kFeedMaxLimit = 1000;

struct FeedChange {
  int64_t seq = 0;
  std::string type;    // created | updated | snapshot | …
  std::string entity;  // case | party | ip_right | agency | transfer
  std::string uid;     // the record's uid: the same on every instance
  int64_t at = 0;      // commit time, ms since the epoch
  std::string data;    // one JSON text
};
// {"seq", "type", "entity", "uid", "at" (ISO 8601, China time), "data"} as JSON text: the item of
// GET /api/v1/feed, and the body of a webhook delivery.
std::string FeedChangeJson(const FeedChange& c);

struct FeedPage {
  std::vector<FeedChange> changes;
  // Where the next read starts: the last change returned, or, when fewer than `limit` visible
  // changes were found, the last change looked at (so invisible stretches are not re-read).
  int64_t next_seq = 0;
};

// Parses a cursor ("" = from the beginning). nullopt for anything but a non-negative decimal.
std::optional<int64_t> ParseFeedCursor(std::string_view cursor);

// Up to `limit` (1..kFeedMaxLimit) changes after `after` that `p` may see. Looks at no more than
// a bounded window of changes per call, so a caller who sees little of a busy register still
// gets a prompt answer (possibly empty, with next_seq moved on).
FeedPage ReadFeed(store::Connection& conn, const auth::Principal& p, int64_t after, int64_t limit);

// Change `seq` when it exists and `p` may see it (a webhook delivery checks its subscriber's scope
// with it at delivery time).
std::optional<FeedChange> ReadChange(store::Connection& conn, const auth::Principal& p,
                                     int64_t seq);

// The sequence number of the newest committed change (0 when there is none).
int64_t LatestChangeSeq(store::Connection& conn);

}  // namespace sg::svc
