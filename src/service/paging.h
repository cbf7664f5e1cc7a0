// Query parameters, limits and opaque cursors for list endpoints.
//
// A cursor is base64url text of a small JSON object; clients treat it as opaque. A cursor that
// does not decode, or that was made for another sort, is refused (400 naming `cursor`).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/civil_time.h"
#include "base/params.h"
#include "store/conditions.h"
#include "store/db.h"

namespace sg::svc {

// `limit` parameter: default `def`, 1..max, else 400 naming `limit`.
int64_t ParseLimit(const Params& params, int64_t def, int64_t max);
// An optional positive integer parameter, else 400 naming it.
std::optional<int64_t> ParseIdParam(const Params& params, const char* name);
// A flag: `true`, `1` or present without a value is true; `false`, `0` or absent is false;
// anything else is a 400 naming it.
bool ParseBoolParam(const Params& params, const char* name);
// An optional date, YYYY-MM-DD, else 400 naming it.
std::optional<Date> ParseDateParam(const Params& params, const char* name);

// A keyset page of `select` (a SELECT … FROM … whose rows the list shows) filtered by `where`,
// ordered by `alias`id: {items, next_cursor, total}. Takes `limit` (default 50, max 500) and
// `cursor` from `query`; `to_json` renders a row, which must hold "id".
boost::json::object IdPage(store::Connection& conn, std::string_view select, std::string_view alias,
                           store::Conditions where, const Params& query,
                           const std::function<boost::json::object(store::Rows&)>& to_json);

std::string EncodeCursor(const boost::json::value& v);
std::optional<boost::json::value> DecodeCursor(const std::string& cursor);
std::string EncodeIdCursor(int64_t id);
std::optional<int64_t> DecodeIdCursor(const std::string& cursor);

// The agency_id (with include_sub=true|1 for the agencies below it) and kind filters over cases
// aliased `c`, as the alerts and the extension requests take them. Throws invalid_field for an
// agency that does not exist or an unknown kind.
void AddHolderFilters(store::Connection& conn, const Params& params, store::Conditions& f);

}  // namespace sg::svc
