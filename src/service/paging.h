// Limits and opaque cursors for list endpoints.
//
// A cursor is base64url text of a small JSON object; clients treat it as opaque. A cursor that
// does not decode, or that was made for another sort, is refused (400 naming `cursor`).
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "base/params.h"
#include "store/conditions.h"
#include "store/db.h"

namespace sg::svc {

// `limit` parameter: default `def`, 1..max, else 400 naming `limit`.
int64_t ParseLimit(const Params& params, int64_t def, int64_t max);
// An optional positive integer parameter, else 400 naming it.
std::optional<int64_t> ParseIdParam(const Params& params, const char* name);

std::string EncodeCursor(const boost::json::value& v);
std::optional<boost::json::value> DecodeCursor(const std::string& cursor);
std::string EncodeIdCursor(int64_t id);
std::optional<int64_t> DecodeIdCursor(const std::string& cursor);

// The agency_id (with include_sub=true|1 for the agencies below it) and kind filters over cases
// aliased `c`, as the alerts and the extension requests take them. Throws invalid_field for an
// agency that does not exist or an unknown kind.
void AddHolderFilters(store::Connection& conn, const Params& params, store::Conditions& f);

}  // namespace sg::svc
