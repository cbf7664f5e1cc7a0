// Agencies (the department tree) and their people, behind /api/v1/agencies and /api/v1/users.
#pragma once

#include <boost/json/object.hpp>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "base/params.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::svc {

// Every agency, in tree order (by materialised path), each with its parent_id and depth.
boost::json::object ListAgencies(store::Connection& conn);
boost::json::object GetAgency(store::Connection& conn, int64_t id);
// POST /api/v1/agencies: {name, abbr, type, parent_id?, court_level?, court_code?, area_code?,
// case_number_template?}. Courts need a court level and a court code.
// The parent must lie in the actor's scope; only a caller with scope `all` adds a top agency.
boost::json::object CreateAgency(store::WriteContext& ctx, const boost::json::value& body,
                                 const auth::Actor& actor);
// GET /api/v1/users?agency_id=&include_sub=&role=&status=&q=&limit=&cursor=: the people of the
// caller's agency scope (the people cases can be assigned to), with their role and login state,
// by id, a page at a time (API.md's list shape). status is active, disabled or locked (a login
// lock still running at `now`); q any part of the login name, name or title. An unknown role or
// status, or a bad cursor, is a 400 naming it.
boost::json::object ListUsers(store::Connection& conn, const auth::Principal& p,
                              const Params& params, TimestampMs now);

}  // namespace sg::svc
