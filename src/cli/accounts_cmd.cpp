// `shenguan user …` and `shenguan token …`: the account functions of auth/accounts.h, run on the
// writer as the system principal (audited as actor "system", no IP).
#include <boost/json/serialize.hpp>
#include <iostream>

#include "auth/accounts.h"
#include "auth/principal.h"
#include "base/errors.h"
#include "base/uuid.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "register/records.h"

namespace sg::cli {
namespace {

constexpr std::string_view kFirstAgency = "SELECT id FROM agencies ORDER BY path LIMIT 1";
constexpr std::string_view kAgencyName = "SELECT name FROM agencies WHERE id = ?";
constexpr std::string_view kListUsers =
    "SELECT u.id, u.username, u.display_name, a.name, r.code, u.disabled, u.locked_until, "
    "u.totp_enabled, CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END, u.last_login_at "
    "FROM users u JOIN agencies a ON a.id = u.agency_id LEFT JOIN roles r ON r.id = u.role_id "
    "ORDER BY u.id";

constexpr std::string_view kAdminRole = "system_admin";
// The top agency that `user add --admin` creates in a database without any. Its type is the
// dictionary's 监督部门, the nearest to an administrative unit and one that owns no cases.
constexpr std::string_view kSystemAgencyName = "系统管理";
constexpr std::string_view kSystemAgencyType = "supervisor";

std::string AgencyName(store::Connection& conn, int64_t id) {
  auto r = conn.Query(kAgencyName, id);
  return r.Next() ? r.Str(0) : "?";
}

int64_t RequireUser(store::Connection& conn, const std::string& username) {
  auto id = auth::UserIdByName(conn, username);
  if (!id) throw std::runtime_error("no user named " + username);
  return *id;
}

// Hashes a new password, turning a policy error into a message for the command line.
std::string HashForCli(const std::string& username, const std::string& password_file) {
  const std::string password = ReadPasswordFile(password_file);
  try {
    return auth::HashNewPassword(username, password);
  } catch (const ApiError& e) {
    throw std::runtime_error("the password does not meet the password policy: " + e.message());
  }
}

// Inserts the top agency 系统管理 as services::CreateAgency would: change feed and audit log.
int64_t CreateSystemAgency(store::WriteContext& ctx, const auth::Principal& by) {
  reg::NewAgency a;
  a.uid = NewUuidV7(ctx.now());
  a.name = kSystemAgencyName;
  a.abbr = kSystemAgencyName;
  a.type = kSystemAgencyType;
  const int64_t id = reg::InsertAgency(ctx.conn(), ctx.now(), a);
  ctx.AppendChange("created", "agency", id, a.uid, "{}");
  auto audit = auth::AuditBy(by, "", "agency.create", "agency", id);
  audit.detail = boost::json::serialize(boost::json::object{
      {"before", nullptr},
      {"after",
       boost::json::object{{"id", id}, {"name", a.name}, {"abbr", a.abbr}, {"type", a.type}}}});
  ctx.AppendAudit(std::move(audit));
  return id;
}

void PrintCreatedSystemAgency() {
  std::cout << "The database had no agency: created the top agency " << kSystemAgencyName << ".\n";
}

// A JSON field as table text: "-" for null.
std::string Cell(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return "-";
  if (v->is_string()) return std::string(v->get_string());
  return boost::json::serialize(*v);
}

std::optional<TimestampMs> TimeField(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return ParseTimestamp(v->get_string());
}

}  // namespace

int UserAdd(const UserAddOptions& o) {
  try {
    std::string role;
    if (o.admin) {
      if (o.role && *o.role != kAdminRole) {
        return Fail("--admin gives the role system_admin; leave out --role " + *o.role);
      }
      role = kAdminRole;
    } else if (o.role) {
      role = *o.role;
    } else {
      return Fail("give the role with --role ROLE, or --admin for a system administrator");
    }
    if (!o.admin && !o.agency_id) {
      return Fail("give the agency with --agency-id N (only --admin defaults to the first agency)");
    }
    auth::NewUser user;
    user.username = o.username;
    user.display_name = o.display_name.value_or(o.username);
    user.role_code = role;
    user.password_hash = HashForCli(o.username, o.password_file);
    user.must_change_password = !o.no_force_change;

    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/true);
    const auth::Principal system = auth::SystemPrincipal();
    int64_t user_id = 0;
    bool created_agency = false;
    std::string agency_name;
    db->writer().Run([&](store::WriteContext& ctx) {
      auth::NewUser u = user;
      created_agency = false;
      if (o.agency_id) {
        u.agency_id = *o.agency_id;
      } else if (auto first = ctx.conn().QueryInt(kFirstAgency)) {
        u.agency_id = *first;
      } else {
        u.agency_id = CreateSystemAgency(ctx, system);
        created_agency = true;
      }
      user_id = auth::CreateUser(ctx, u, system, "");
      agency_name = AgencyName(ctx.conn(), u.agency_id);
    });
    if (created_agency) PrintCreatedSystemAgency();
    std::cout << "Created user " << o.username << " (id " << user_id << ", role " << role
              << ")\n  agency: " << agency_name << "\n  "
              << (o.no_force_change ? "the password stays as it is"
                                    : "the password must be changed at the first login")
              << "\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int UserPasswd(const UserPasswdOptions& o) {
  try {
    const std::string hash = HashForCli(o.username, o.password_file);
    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/false);
    const auth::Principal system = auth::SystemPrincipal();
    db->writer().Run([&](store::WriteContext& ctx) {
      const int64_t id = RequireUser(ctx.conn(), o.username);
      auth::SetPassword(ctx, id, hash, !o.no_force_change, system, "");
    });
    std::cout << "Set a new password for " << o.username << " and ended its sessions"
              << (o.no_force_change ? "" : "; it must be changed at the next login") << ".\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int UserChange(const UserActionOptions& o, UserAction action) {
  try {
    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/false);
    const auth::Principal system = auth::SystemPrincipal();
    db->writer().Run([&](store::WriteContext& ctx) {
      const int64_t id = RequireUser(ctx.conn(), o.username);
      switch (action) {
        case UserAction::kLock:
          auth::SetLocked(ctx, id, true, system, "");
          break;
        case UserAction::kUnlock:
          auth::SetLocked(ctx, id, false, system, "");
          break;
        case UserAction::kTotpReset:
          auth::ResetTotp(ctx, id, system, "");
          break;
      }
    });
    switch (action) {
      case UserAction::kLock:
        std::cout << "Locked " << o.username << " and ended its sessions.\n";
        break;
      case UserAction::kUnlock:
        std::cout << "Unlocked " << o.username << " and cleared its failed logins.\n";
        break;
      case UserAction::kTotpReset:
        std::cout << "Cleared the TOTP of " << o.username
                  << "; it enrols again at the next login.\n";
        break;
    }
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int UserList(const std::string& db_url) {
  try {
    auto clock = MakeClock({});
    auto db = OpenForCommand(db_url, *clock, /*migrate=*/false);
    const TimestampMs now = clock->Now();
    Table table({"ID", "USERNAME", "NAME", "AGENCY", "ROLE", "STATUS", "TOTP", "LAST LOGIN"});
    auto reader = db->Reader();
    auto r = reader->Query(kListUsers);
    while (r.Next()) {
      std::string status = "active";
      if (r.Int(5) != 0) {
        status = "disabled";
      } else if (!r.IsNull(6) && r.Int(6) > now) {
        status = "locked until " + ShortTime(r.Int(6));
      } else if (r.Int(8) == 0) {
        status = "no password";
      }
      table.Add({std::to_string(r.Int(0)), r.Str(1), r.Str(2), r.Str(3),
                 r.IsNull(4) ? "-" : r.Str(4), status, r.Int(7) != 0 ? "yes" : "no",
                 ShortTime(r.OptInt(9))});
    }
    table.Print(std::cout);
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int TokenCreate(const TokenCreateOptions& o) {
  try {
    auth::NewToken t;
    t.name = o.name;
    t.role_code = o.role;
    t.agency_id = o.agency_id;
    t.expires_days = o.expires_days;
    t.rate_limit = o.rate_limit;
    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/false);
    const auth::Principal system = auth::SystemPrincipal();
    auth::CreatedToken created;
    std::string agency_name;
    bool created_agency = false;
    db->writer().Run([&](store::WriteContext& ctx) {
      auth::NewToken token = t;
      created_agency = false;
      // Scripts and CI make their first token in a new database, as they make the first admin.
      if (!token.agency_id && !ctx.conn().QueryInt(kFirstAgency)) {
        token.agency_id = CreateSystemAgency(ctx, system);
        created_agency = true;
      }
      created = auth::CreateToken(ctx, token, system, "");
      agency_name = AgencyName(ctx.conn(), created.json.at("agency_id").as_int64());
    });
    if (created_agency) PrintCreatedSystemAgency();
    const auto& j = created.json;
    std::cout << "Created API token " << created.id << " \"" << o.name << "\" (role " << o.role
              << ", agency " << agency_name << ", expires "
              << (j.at("expires_at").is_null() ? "never" : Cell(j, "expires_at")) << ", rate limit "
              << (o.rate_limit ? std::to_string(*o.rate_limit) + "/s" : "the server's default")
              << ").\nSend it as `Authorization: Bearer TOKEN`. It is shown only this once:\n"
              << created.token << std::endl;
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int TokenRevoke(const TokenRevokeOptions& o) {
  try {
    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/false);
    const auth::Principal system = auth::SystemPrincipal();
    db->writer().Run([&](store::WriteContext& ctx) { auth::RevokeToken(ctx, o.id, system, ""); });
    std::cout << "Revoked API token " << o.id << ".\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int TokenList(const std::string& db_url) {
  try {
    auto clock = MakeClock({});
    auto db = OpenForCommand(db_url, *clock, /*migrate=*/false);
    const TimestampMs now = clock->Now();
    boost::json::object list;
    {
      auto reader = db->Reader();
      list = auth::ListTokens(*reader, auth::SystemPrincipal());
    }
    Table table({"ID", "NAME", "PREFIX", "ROLE", "AGENCY", "RATE/S", "CREATED", "EXPIRES",
                 "LAST USED", "STATUS"});
    for (const auto& item : list.at("items").as_array()) {
      const auto& t = item.as_object();
      std::string status = "active";
      if (!t.at("revoked_at").is_null()) {
        status = "revoked " + ShortTime(TimeField(t, "revoked_at"));
      } else if (auto expires = TimeField(t, "expires_at"); expires && *expires <= now) {
        status = "expired";
      }
      table.Add({Cell(t, "id"), Cell(t, "name"), Cell(t, "prefix") + "…", Cell(t, "role"),
                 Cell(t, "agency_name"), Cell(t, "rate_limit"),
                 ShortTime(TimeField(t, "created_at")), ShortTime(TimeField(t, "expires_at")),
                 ShortTime(TimeField(t, "last_used_at")), status});
    }
    table.Print(std::cout);
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

}  // namespace sg::cli
