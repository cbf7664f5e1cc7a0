// Data scopes in SQL. Every query that reads cases, parties or people adds the condition built
// here, so that a record outside the caller's scope is never read at all (the API answers 404 for
// it, shared/API.md). The SQL is the same on SQLite and PostgreSQL: "this agency and below" is a
// prefix match on the materialised path agencies.path ("/1/5/%"), which both engines index.
//
// Cross-agency visibility (docs/security.md "Across agencies"): a case that reached another agency
// by transfer, diversion or appeal has a case_access row for that agency, and is visible to every
// caller whose agency scope covers it. Such a *shared* case shows with the field rules of
// CaseView::kShared: personal data is always masked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "store/db.h"

namespace sg::auth {

// An SQL condition and its parameters, to be joined into a WHERE clause with AND. An empty `sql`
// means no restriction.
struct SqlCondition {
  std::string sql;
  std::vector<store::Param> params;
  bool empty() const { return sql.empty(); }
};

// Cases (alias `c`) the principal may see: by its data scope, plus cases shared with an agency
// in its scope.
SqlCondition CaseScope(const Principal& p);
// Rows whose agency column `column` lies in the principal's agency scope. own_cases counts as the
// principal's own agency here (a handler sees the people and parties of its agency).
SqlCondition AgencyScope(const Principal& p, std::string_view column);
// Parties (alias `p`) the principal may see: registered by an agency in scope, or a party of a
// case in scope.
SqlCondition PartyScope(const Principal& p);

// Whether agency `agency_id` lies in the principal's agency scope (AgencyScope).
bool AgencyInScope(store::Connection& conn, const Principal& p, int64_t agency_id);
// Refuses an agency that does not exist (400 invalid_field) or lies outside the principal's scope
// (403 forbidden), naming `field`: a caller acts only for the agencies it may see.
void RequireAgencyInScope(store::Connection& conn, const Principal& p, int64_t agency_id,
                          const std::string& field);

// Fills p.scope_agencies from the database (after p.scope, agency and role are set).
void LoadScopeAgencies(store::Connection& conn, Principal& p);

// Whether a case row already read (its id, agency and handler) is in the principal's scope: the
// single-record read path, with no scope SQL. Queries only for the panel (own_cases) and for
// shared access when the agency alone does not decide.
bool CaseRowVisible(store::Connection& conn, const Principal& p, int64_t case_id, int64_t agency_id,
                    std::optional<int64_t> handler_id);

// Whether the case exists and is in the principal's scope.
bool CaseVisible(store::Connection& conn, const Principal& p, int64_t case_id);

// 个人信息保护法 Art. 6 (minimum necessary) and issue 4 "Masking": ID and phone numbers of natural
// persons are shown unmasked only to a caller holding party:pii:read, and only for a party that
// belongs to the caller's own agency (registered by it, or a party of one of its cases).
bool MayReadPartyPii(store::Connection& conn, const Principal& p, int64_t party_id);

}  // namespace sg::auth
