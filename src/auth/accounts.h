// Accounts and API tokens: what `shenguan user …` / `shenguan token …` and the administration API
// do. Every function that changes something runs on the writer and writes the change to the audit
// log, with the acting principal and its IP.
//
// Password hashing (argon2id) is slow on purpose; callers hash before they submit the write
// (HashNewPassword), so the writer never waits on it.
//
// Who may grant what (docs/security.md): only a caller whose data scope is `all` may assign a role
// whose scope is `all`; everyone else assigns the other roles, and only for users and tokens of
// agencies within their own scope.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::auth {

// Checks the password rules and hashes it. Throws ApiError invalid_field naming `field`.
std::string HashNewPassword(std::string_view username, std::string_view password,
                            const std::string& field = "password");

struct NewUser {
  std::string username;
  std::string display_name;
  int64_t agency_id = 0;
  std::string role_code;
  std::optional<std::string> password_hash;  // from HashNewPassword; none: cannot log in yet
  bool must_change_password = true;
  std::optional<std::string> title;
  std::optional<std::string> phone;
};

// Reads the body of POST /api/v1/users ({username, display_name, agency_id, role, password?,
// title?, phone?}); hashes the password. Throws ApiError for bad input.
NewUser ParseNewUser(const boost::json::value& body);

// Creates a user; throws ApiError (conflict for a taken username, invalid_field for an unknown
// agency or role, forbidden for a role or agency the caller may not grant). Returns the id.
int64_t CreateUser(store::WriteContext& ctx, const NewUser& u, const Principal& by,
                   std::string_view ip);
// Sets a new password hash. `must_change` forces a change at the next login.
void SetPassword(store::WriteContext& ctx, int64_t user_id, const std::string& hash,
                 bool must_change, const Principal& by, std::string_view ip);
// The caller changes its own password: checks the current one first (hash verified before the
// write, see VerifyCurrentPassword).
bool VerifyCurrentPassword(store::Connection& conn, int64_t user_id, std::string_view password);
// Locks (disables) or unlocks an account; unlocking also clears failed logins.
void SetLocked(store::WriteContext& ctx, int64_t user_id, bool locked, const Principal& by,
               std::string_view ip);
// Changes a user's role, agency, display name, title or phone (PATCH /api/v1/users/{id}).
boost::json::object UpdateUser(store::WriteContext& ctx, int64_t user_id,
                               const boost::json::object& patch, const Principal& by,
                               std::string_view ip);
// Clears TOTP, so that the user enrols again at the next login.
void ResetTotp(store::WriteContext& ctx, int64_t user_id, const Principal& by, std::string_view ip);

// TOTP enrolment by the user: Begin stores a new (not yet active) secret and returns it with its
// otpauth:// URI for a QR code; Confirm activates it when the code is right.
struct TotpEnrolment {
  std::string secret;
  std::string uri;
};
TotpEnrolment BeginTotp(store::WriteContext& ctx, const Principal& p, std::string_view ip);
bool ConfirmTotp(store::WriteContext& ctx, const Principal& p, std::string_view code,
                 std::string_view ip);

// The agency of user `user_id` after checking it lies in the caller's scope: a user outside it
// does not exist for the caller (404). `username` (may be null) receives the username.
int64_t RequireUserInScope(store::Connection& conn, const Principal& by, int64_t user_id,
                           std::string* username = nullptr);

// The user id of a username; nullopt when there is none.
std::optional<int64_t> UserIdByName(store::Connection& conn, std::string_view username);
// A user as the API shows it (no secrets): id, username, display_name, agency_id, agency_name,
// role, role_name, title, phone (masked unless `unmasked`), locked, disabled, totp_enabled,
// must_change_password, last_login_at, created_at.
boost::json::object UserJson(store::Connection& conn, int64_t user_id);
// GET /api/v1/roles.
boost::json::object ListRoles(store::Connection& conn);

// ---- Roles ------------------------------------------------------------------------------------

// POST /api/v1/roles: {code, name, data_scope, permissions: [...], agency_ids?: [...] (custom
// scope), requires_totp?}. Only known permissions; a caller may not create a role holding a
// permission it lacks itself, nor one of scope `all` unless its own scope is all. Returns the id.
int64_t CreateRole(store::WriteContext& ctx, const boost::json::value& body, const Principal& by,
                   std::string_view ip);
// PATCH /api/v1/roles/{id}: name, data_scope, permissions, agency_ids, requires_totp of a role
// that is not shipped (shipped roles change only by migration). Same rules as CreateRole.
void UpdateRole(store::WriteContext& ctx, int64_t role_id, const boost::json::object& patch,
                const Principal& by, std::string_view ip);
// One role as GET /api/v1/roles lists it, with agency_ids for a custom scope.
boost::json::object RoleJson(store::Connection& conn, int64_t role_id);

// ---- API tokens ---------------------------------------------------------------------------------

struct NewToken {
  std::string name;
  std::string role_code;
  std::optional<int64_t> agency_id;  // default: the creator's agency (the first city agency for
                                     // the system)
  std::optional<int64_t> expires_days;
  std::optional<int64_t> rate_limit;  // requests per second
};
struct CreatedToken {
  int64_t id = 0;
  std::string token;  // shown once, never stored
  boost::json::object json;
};
NewToken ParseNewToken(const boost::json::value& body);
CreatedToken CreateToken(store::WriteContext& ctx, const NewToken& t, const Principal& by,
                         std::string_view ip);
void RevokeToken(store::WriteContext& ctx, int64_t token_id, const Principal& by,
                 std::string_view ip);
// Tokens of agencies in the caller's scope, newest first, without secrets.
boost::json::object ListTokens(store::Connection& conn, const Principal& p);

}  // namespace sg::auth
