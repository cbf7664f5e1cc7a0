#include "auth/scope.h"

#include "base/errors.h"

namespace sg::auth {
namespace {

constexpr std::string_view kAgencyPathPrefix = "SELECT id FROM agencies WHERE path LIKE ?";
constexpr std::string_view kRoleAgencies = "SELECT agency_id FROM role_agencies WHERE role_id = ?";
constexpr std::string_view kOnPanel = "SELECT 1 FROM case_panel WHERE case_id = ? AND user_id = ?";
constexpr std::string_view kSharedWith = "SELECT agency_id FROM case_access WHERE case_id = ?";
constexpr std::string_view kAgencyExists = "SELECT 1 FROM agencies WHERE id = ?";
constexpr std::string_view kCaseExists = "SELECT 1 FROM cases c WHERE c.id = ?";
constexpr std::string_view kPartyOwnAgency =
    "SELECT 1 FROM parties WHERE id = ? AND agency_id = ? UNION ALL "
    "SELECT 1 FROM case_parties cp JOIN cases c ON c.id = cp.case_id "
    "WHERE cp.party_id = ? AND c.agency_id = ? LIMIT 1";

#ifdef SHENGUAN_BENCH_NO_AUTHZ
constexpr bool kSkipScopes = true;  // bench-only build: measure what scopes cost
#else
constexpr bool kSkipScopes = false;
#endif

// "col IN (…)" for the agencies of the principal's scope, or "" for all agencies.
SqlCondition AgencySet(const Principal& p, std::string_view column) {
  const std::string col(column);
  switch (p.scope) {
    case DataScope::kAll:
      return {};
    case DataScope::kAgency:
    case DataScope::kOwnCases:
      return {col + " = ?", {p.agency_id}};
    case DataScope::kAgencyAndBelow:
      return {col + " IN (" + std::string(kAgencyPathPrefix) + ")", {p.agency_path + "%"}};
    case DataScope::kCustom:
      return {col + " IN (" + std::string(kRoleAgencies) + ")", {p.role_id}};
  }
  return {"1 = 0", {}};
}

void Append(std::vector<store::Param>& to, const std::vector<store::Param>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

SqlCondition AgencyScope(const Principal& p, std::string_view column) {
  if (kSkipScopes || p.kind == Principal::Kind::kSystem) return {};
  return AgencySet(p, column);
}

SqlCondition CaseScope(const Principal& p) {
  if (kSkipScopes || p.kind == Principal::Kind::kSystem || p.scope == DataScope::kAll) return {};
  if (p.scope == DataScope::kOwnCases) {
    // A token has no cases of its own.
    if (p.kind != Principal::Kind::kUser) return {"1 = 0", {}};
    return {
        "(c.handler_id = ? OR EXISTS (SELECT 1 FROM case_panel cpn "
        "WHERE cpn.case_id = c.id AND cpn.user_id = ?))",
        {p.id, p.id}};
  }
  const SqlCondition own = AgencySet(p, "c.agency_id");
  const SqlCondition shared = AgencySet(p, "cax.agency_id");
  SqlCondition out;
  out.sql = "(" + own.sql +
            " OR EXISTS (SELECT 1 FROM case_access cax WHERE cax.case_id = c.id AND " + shared.sql +
            "))";
  Append(out.params, own.params);
  Append(out.params, shared.params);
  return out;
}

SqlCondition PartyScope(const Principal& p) {
  if (kSkipScopes || p.kind == Principal::Kind::kSystem || p.scope == DataScope::kAll) return {};
  const SqlCondition own = AgencySet(p, "p.agency_id");
  const SqlCondition cases = CaseScope(p);
  SqlCondition out;
  out.sql = "(" + own.sql +
            " OR EXISTS (SELECT 1 FROM case_parties pcp JOIN cases c ON c.id = pcp.case_id "
            "WHERE pcp.party_id = p.id AND " +
            cases.sql + "))";
  Append(out.params, own.params);
  Append(out.params, cases.params);
  return out;
}

void LoadScopeAgencies(store::Connection& conn, Principal& p) {
  p.scope_agencies.clear();
  if (p.kind == Principal::Kind::kSystem || p.scope == DataScope::kAll) return;
  const SqlCondition set = AgencySet(p, "id");
  auto r = conn.QueryV("SELECT id FROM agencies WHERE " + set.sql + " ORDER BY id", set.params);
  while (r.Next()) p.scope_agencies.push_back(r.Int(0));
}

bool CaseRowVisible(store::Connection& conn, const Principal& p, int64_t case_id, int64_t agency_id,
                    std::optional<int64_t> handler_id) {
  if (kSkipScopes || p.kind == Principal::Kind::kSystem || p.scope == DataScope::kAll) return true;
  if (p.scope == DataScope::kOwnCases) {
    if (p.kind != Principal::Kind::kUser) return false;
    if (handler_id == p.id) return true;
    return conn.Query(kOnPanel, case_id, p.id).Next();
  }
  if (p.SeesAgency(agency_id)) return true;
  auto r = conn.Query(kSharedWith, case_id);
  while (r.Next()) {
    if (p.SeesAgency(r.Int(0))) return true;
  }
  return false;
}

bool AgencyInScope(store::Connection& conn, const Principal& p, int64_t agency_id) {
  const SqlCondition scope = AgencyScope(p, "id");
  std::vector<store::Param> params{agency_id};
  std::string sql(kAgencyExists);
  if (!scope.empty()) {
    sql += " AND " + scope.sql;
    Append(params, scope.params);
  }
  return conn.QueryV(sql, params).Next();
}

void RequireAgencyInScope(store::Connection& conn, const Principal& p, int64_t agency_id,
                          const std::string& field) {
  if (!conn.Query(kAgencyExists, agency_id).Next()) ThrowInvalidField(field, "机构不存在");
  if (!AgencyInScope(conn, p, agency_id)) {
    throw ApiError(ErrorCode::kForbidden, "该机构不在您的数据范围内", field);
  }
}

bool CaseVisible(store::Connection& conn, const Principal& p, int64_t case_id) {
  const SqlCondition scope = CaseScope(p);
  std::vector<store::Param> params{case_id};
  std::string sql(kCaseExists);
  if (!scope.empty()) {
    sql += " AND " + scope.sql;
    Append(params, scope.params);
  }
  return conn.QueryV(sql, params).Next();
}

bool MayReadPartyPii(store::Connection& conn, const Principal& p, int64_t party_id) {
  if (!p.Has("party:pii:read")) return false;
  if (p.kind == Principal::Kind::kSystem) return true;
  return conn.Query(kPartyOwnAgency, party_id, p.agency_id, party_id, p.agency_id).Next();
}

}  // namespace sg::auth
