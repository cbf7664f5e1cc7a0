// The stored imports read back (GET /api/v1/imports and /api/v1/imports/{id}): one row per
// import that stored something (exchange/exchange.h; a dry run and a refused all-or-nothing
// import store nothing, so every stored import has dry_run false), with the rows it rejected
// (import_rejections, kept since migration 0009 in the import's own transaction).
//
// Scope: an import belongs to the agency of whoever made it (imports.agency_id, the caller's
// agency at the time). A caller sees the imports of the agencies in its data scope
// (auth::AgencyScope, own_cases counting as the own agency); a scope of `all` sees every import,
// also those of callers without an agency (the system, tokens bound to none). Others are not
// found.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>

#include "auth/principal.h"
#include "base/params.h"
#include "store/db.h"

namespace sg::svc {

// GET /api/v1/imports?entity=&limit=&cursor=: newest first (limit 1..500, default 50; opaque
// cursor; entity cases | parties | ip_rights filters):
//   {"items": [Summary], "next_cursor": string | null}
// Summary: {"id", "uid", "entity", "format", "mapping" (columns | hotline_12315 | hotline_12345,
// as the upload's query names it), "mode" (all | partial), "dry_run" (false), "accepted",
// "unchanged", "rejected_count", "file_sha256", "actor_type", "actor_id", "actor_name",
// "agency_id", "agency_name", "created_at"}. 400 naming `entity`, `limit` or `cursor` for a bad
// value.
boost::json::object ListImports(store::Connection& conn, const auth::Principal& p,
                                const Params& params);

// GET /api/v1/imports/{id}: the Summary with the full report's rejected rows, in the report's
// order: "rejected": [{"line", "field" ("" for the row as a whole), "reason"}]. An import stored
// before migration 0009 has rejected_count but no rows. Not found outside the caller's scope.
boost::json::object GetImport(store::Connection& conn, const auth::Principal& p, int64_t id);

}  // namespace sg::svc
