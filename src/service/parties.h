// Parties (当事人) and IP rights (知识产权) behind /api/v1/parties and /api/v1/ip-rights.
//
// Identifiers are validated by src/core before anything is stored, and stored normalised.
// Personal data is masked in every view this module returns (ID numbers as 110105********002X,
// phone numbers as 139****1234), unless auth::MayReadPartyPii allows the caller to read it; the
// ids of parties shown unmasked are reported, so that the handler audits the read once.
// Parties outside the caller's scope (auth::PartyScope) are not found. IP rights are public
// registers (patents and trademarks are published): every caller who may read them sees all.
#pragma once

#include <boost/json/object.hpp>
#include <optional>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "base/json_util.h"
#include "base/params.h"
#include "register/records.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::svc {

// Reads a party object ({type, name, uscc?, id_number?, phone?, address?, source_system?,
// external_id?}); refuses invalid identifiers naming the field.
reg::NewParty ParsePartyInput(ObjectReader& r, const Date& today);
// The id of the party with the same USCC or ID number, or of a newly stored one.
// A new party is registered to the actor's agency.
int64_t FindOrInsertParty(store::WriteContext& ctx, reg::NewParty party, const auth::Actor& actor);
// Stores a new party; 409 naming `uscc` / `id_number` when that identifier is already registered.
boost::json::object CreateParty(store::WriteContext& ctx, reg::NewParty party,
                                const auth::Actor& actor);
// `unmasked` (may be null) receives the id when the party is shown unmasked.
boost::json::object GetParty(store::Connection& conn, const auth::Principal& p, int64_t id,
                             std::vector<int64_t>* unmasked);
// GET /api/v1/parties?q=&type=&uscc=&id_number=&limit=&cursor=
boost::json::object ListParties(store::Connection& conn, const auth::Principal& p,
                                const Params& params, const Date& today,
                                std::vector<int64_t>* unmasked);

reg::NewIpRight ParseIpRightInput(ObjectReader& r, const Date& today);
boost::json::object CreateIpRight(store::WriteContext& ctx, reg::NewIpRight right,
                                  const auth::Actor& actor);
boost::json::object GetIpRight(store::Connection& conn, int64_t id);
// GET /api/v1/ip-rights?q=&type=&number=&owner_party_id=&limit=&cursor=
boost::json::object ListIpRights(store::Connection& conn, const Params& params);

}  // namespace sg::svc
