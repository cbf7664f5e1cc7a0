#include "auth/principal.h"

#include <algorithm>
#include <array>
#include <utility>

namespace sg::auth {
namespace {
constexpr std::array<std::pair<DataScope, std::string_view>, 5> kScopes = {{
    {DataScope::kAll, "all"},
    {DataScope::kAgency, "agency"},
    {DataScope::kAgencyAndBelow, "agency_and_below"},
    {DataScope::kOwnCases, "own_cases"},
    {DataScope::kCustom, "custom"},
}};
}  // namespace

std::optional<DataScope> ParseDataScope(std::string_view code) {
  for (const auto& [scope, name] : kScopes) {
    if (name == code) return scope;
  }
  return std::nullopt;
}

std::string_view DataScopeCode(DataScope scope) {
  for (const auto& [s, name] : kScopes) {
    if (s == scope) return name;
  }
  return "own_cases";
}

bool IsKnownPermission(std::string_view permission) {
  return std::find(std::begin(kPermissions), std::end(kPermissions), permission) !=
         std::end(kPermissions);
}

bool Principal::Has(std::string_view permission) const {
  if (kind == Kind::kSystem) return true;
  return std::binary_search(permissions.begin(), permissions.end(), permission);
}

bool Principal::SeesAgency(int64_t agency) const {
  if (kind == Kind::kSystem || scope == DataScope::kAll) return true;
  return std::binary_search(scope_agencies.begin(), scope_agencies.end(), agency);
}

std::string_view Principal::ActorType() const {
  switch (kind) {
    case Kind::kUser:
      return "user";
    case Kind::kToken:
      return "token";
    case Kind::kSystem:
      return "system";
  }
  return "system";
}

store::AuditRecord AuditBy(const Principal& p, std::string_view ip, std::string action,
                           std::optional<std::string> entity, std::optional<int64_t> entity_id) {
  store::AuditRecord r;
  r.actor_type = std::string(p.ActorType());
  if (p.kind != Principal::Kind::kSystem) {
    r.actor_id = p.id;
    r.agency_id = p.agency_id;
  }
  r.actor_name = p.name;
  if (!ip.empty()) r.ip = std::string(ip);
  r.action = std::move(action);
  r.entity = std::move(entity);
  r.entity_id = entity_id;
  return r;
}

store::AuditRecord Actor::Audit(std::string action, std::optional<std::string> entity,
                                std::optional<int64_t> entity_id) const {
  return AuditBy(*principal, ip, std::move(action), std::move(entity), entity_id);
}

Principal SystemPrincipal() {
  Principal p;
  p.kind = Principal::Kind::kSystem;
  p.name = "system";
  p.display_name = "系统";
  p.scope = DataScope::kAll;
  return p;
}

}  // namespace sg::auth
