// Who is calling: a user with a session, another system with an API token, or the program itself.
// Built by the Authenticator (authn.h) for every request that is not public, and read by handlers
// and services for permission checks, data scopes and the audit trail.
//
// Permissions are strings `module:resource:action` (docs/security.md lists them all); a role holds
// a set of them and one data scope. A Principal is immutable once built and shared between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/audit_chain.h"

namespace sg::auth {

// Every permission string the program checks (docs/security.md explains each). Roles may hold
// only these.
inline constexpr std::string_view kPermissions[] = {
    "case:record:read",      "case:record:create",  "case:record:update",
    "case:record:transfer",  "case:record:export",  "case:extension:approve",
    "party:record:read",     "party:record:create", "party:pii:read",
    "ip:record:read",        "ip:record:create",    "system:agency:read",
    "system:agency:write",   "system:user:read",    "system:user:write",
    "system:role:read",      "system:role:write",   "system:token:read",
    "system:token:write",    "system:audit:read",   "system:metrics:read",
    "feed:change:read",      "dashboard:stat:read", "system:calendar:write",
    "dashboard:range:write", "feed:webhook:read",   "feed:webhook:write",
};
bool IsKnownPermission(std::string_view permission);

// The data scopes of Chinese government admin systems (RuoYi's 数据权限):
//   all               全部数据
//   agency            本单位数据
//   agency_and_below  本单位及以下数据 (materialised path prefix of agencies.path)
//   own_cases         仅本人承办或参与合议的案件
//   custom            自定义单位 (role_agencies)
enum class DataScope { kAll, kAgency, kAgencyAndBelow, kOwnCases, kCustom };

std::optional<DataScope> ParseDataScope(std::string_view code);
std::string_view DataScopeCode(DataScope scope);

struct Principal {
  enum class Kind { kUser, kToken, kSystem };
  Kind kind = Kind::kUser;
  // users.id for a user, api_tokens.id for a token, 0 for the system.
  int64_t id = 0;
  // The username or token name, for the audit log.
  std::string name;
  std::string display_name;
  int64_t agency_id = 0;
  std::string agency_path;  // "/1/5/": this agency and below is a prefix match
  int64_t role_id = 0;
  std::string role_code;
  std::vector<std::string> permissions;  // sorted
  DataScope scope = DataScope::kOwnCases;
  // The agencies of the data scope, sorted (auth::LoadScopeAgencies): the own agency for
  // `agency` and `own_cases`, the subtree for `agency_and_below`, the role's list for `custom`;
  // unused for `all`. Read once per authentication, so that checking one record needs no query.
  std::vector<int64_t> scope_agencies;
  // Sessions only.
  int64_t session_id = 0;
  std::string csrf_token;
  bool must_change_password = false;
  // The role requires two factors and the user has not enrolled TOTP yet.
  bool must_enrol_totp = false;
  // Tokens only: requests per second, when the token has its own limit.
  std::optional<double> rate_limit;

  bool Has(std::string_view permission) const;
  // Whether records of `agency_id` lie in the agency part of the data scope.
  bool SeesAgency(int64_t agency) const;
  // The user id to record as a case event's actor; tokens and the system have none.
  std::optional<int64_t> UserId() const {
    return kind == Kind::kUser ? std::optional<int64_t>(id) : std::nullopt;
  }
  // "user" | "token" | "system", as the audit log writes it.
  std::string_view ActorType() const;
};

// Who acts and from where: what a write job needs to check scope and to write the audit log.
// Copied into jobs that run later on the writer.
struct Actor {
  std::shared_ptr<const Principal> principal;
  std::string ip;
  const Principal& who() const { return *principal; }
  // An audit record of this actor (see AuditBy).
  store::AuditRecord Audit(std::string action, std::optional<std::string> entity = std::nullopt,
                           std::optional<int64_t> entity_id = std::nullopt) const;
};

// An audit record of an action taken by `p` from `ip`: actor fields filled, the rest to fill.
store::AuditRecord AuditBy(const Principal& p, std::string_view ip, std::string action,
                           std::optional<std::string> entity = std::nullopt,
                           std::optional<int64_t> entity_id = std::nullopt);

// The program itself (CLI commands, the demo loader): every permission, every record.
Principal SystemPrincipal();

}  // namespace sg::auth
