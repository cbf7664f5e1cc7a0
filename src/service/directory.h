// Agencies (the department tree) and their people, behind /api/v1/agencies and /api/v1/users.
#pragma once

#include <boost/json/object.hpp>

#include "base/params.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::svc {

// Every agency, in tree order (by materialised path), each with its parent_id and depth.
boost::json::object ListAgencies(store::Connection& conn);
boost::json::object GetAgency(store::Connection& conn, int64_t id);
// POST /api/v1/agencies: {name, abbr, type, parent_id?, court_level?, court_code?, area_code?,
// case_number_template?}. Courts need a court level and a court code.
boost::json::object CreateAgency(store::WriteContext& ctx, const boost::json::value& body);
// GET /api/v1/users?agency_id=&include_sub=: the people cases can be assigned to.
boost::json::object ListUsers(store::Connection& conn, const Params& params);

}  // namespace sg::svc
