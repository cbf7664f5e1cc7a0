// Authentication: who a request comes from, and logging in.
//
// Sessions (browsers) and API tokens (other systems) are random secrets of which only the SHA-256
// is stored (sessions.secret_hash, api_tokens.secret_hash). Resolving one is a cached lookup: a
// resolved principal is kept for AuthPolicy::cache_ttl_ms and then read again, so that a lock,
// a role change or a revocation made by another process (the CLI) takes effect within that time;
// changes made through this server's API take effect at once (Forget*).
//
// Time limits (issue 4, GB/T 22239-2019 8.1.4.1 identification and authentication):
//  - a session ends after 30 minutes without a request, and 12 hours after login in any case;
//  - 5 wrong passwords lock the account for 15 minutes;
//  - a TOTP code (RFC 6238) is never accepted twice.
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/principal.h"
#include "base/clock.h"
#include "store/audit_chain.h"
#include "store/database.h"

namespace sg::auth {

struct AuthPolicy {
  int64_t idle_timeout_ms = 30 * 60'000;
  int64_t absolute_timeout_ms = 12 * 3'600'000;
  int max_failures = 5;
  int64_t lockout_ms = 15 * 60'000;
  int64_t cache_ttl_ms = 2'000;
  // How often a session's last_seen_at / a token's last_used_at is written back.
  int64_t touch_interval_ms = 60'000;
};

// A resolved caller, or the Chinese reason there is none.
struct AuthResult {
  std::shared_ptr<const Principal> principal;
  std::string message;
};

class Authenticator {
 public:
  Authenticator(store::Database& db, const Clock& clock, AuthPolicy policy = {});

  // The principal of a session cookie secret.
  AuthResult Session(std::string_view secret);
  // The principal of an `Authorization: Bearer` token.
  AuthResult Token(std::string_view token);
  // Drops what is cached, so that the next request reads the database again.
  void ForgetUser(int64_t user_id);
  void ForgetSession(int64_t session_id);
  void ForgetAll();

  const AuthPolicy& policy() const { return policy_; }
  const Clock& clock() const { return clock_; }

 private:
  struct Entry {
    std::shared_ptr<const Principal> principal;
    TimestampMs fetched_at = 0;
    TimestampMs created_at = 0;  // sessions: login time
    TimestampMs last_seen = 0;   // sessions: last request; tokens: last use
    TimestampMs persisted_seen = 0;
    std::optional<TimestampMs> expires_at;  // tokens
  };
  // Cached entries are keyed by the secret itself (it is in every request anyway), so that a hit
  // costs no hashing; the database is searched by its SHA-256.
  struct SecretHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr size_t kMaxCached = 100'000;
  AuthResult Resolve(std::string_view secret, bool is_token);
  std::optional<std::string> Expired(const Entry& e, bool is_token, TimestampMs now) const;
  std::optional<Entry> LoadSession(store::Connection& conn, const std::string& hash);
  std::optional<Entry> LoadToken(store::Connection& conn, const std::string& hash,
                                 std::string* message);
  void Touch(bool is_token, int64_t id, TimestampMs seen);

  store::Database& db_;
  const Clock& clock_;
  AuthPolicy policy_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry, SecretHash, std::equal_to<>> cache_;
};

// Loads a user's principal (role, permissions, scope, agency path); nullopt when the user does
// not exist, has no role, or is disabled.
std::optional<Principal> LoadUserPrincipal(store::Connection& conn, int64_t user_id);
// Loads an API token's principal by id, as a request with that token would see it; nullopt when
// the token does not exist, is revoked, or has expired by `now` (webhook deliveries run as the
// token that subscribed).
std::optional<Principal> LoadTokenPrincipal(store::Connection& conn, int64_t token_id,
                                            TimestampMs now);

// ---- Logging in -------------------------------------------------------------------------------

struct LoginRequest {
  std::string username;
  std::string password;
  std::optional<std::string> totp;
  std::string ip;
  std::string user_agent;
};

// What the password and TOTP checks found, before anything is written. Computed on a reader
// (argon2id takes tens of milliseconds, and must not hold up the writer).
struct LoginCheck {
  std::optional<int64_t> user_id;  // the account, when the username exists
  bool password_ok = false;
  bool totp_ok = false;  // or not needed
  std::optional<int64_t> totp_step;
  bool totp_missing = false;  // the account has TOTP and no code was sent
  bool locked = false;        // locked or disabled when checked
  TimestampMs locked_until = 0;
};
LoginCheck CheckLogin(store::Connection& conn, const LoginRequest& req, TimestampMs now);

struct LoginResult {
  bool ok = false;
  std::string message;  // the Chinese reason when !ok
  std::string session_secret;
  std::string csrf_token;
  int64_t session_id = 0;
  int64_t user_id = 0;
  bool must_change_password = false;
  bool totp_enrolment_required = false;
};
// Runs on the writer: counts a failure (locking the account after policy.max_failures) or opens
// a session, and writes the login to the audit log either way.
LoginResult ApplyLogin(store::WriteContext& ctx, const LoginCheck& check, const LoginRequest& req,
                       const AuthPolicy& policy);

// Ends a session (logout); audited.
void EndSession(store::WriteContext& ctx, const Principal& p, std::string_view ip);

}  // namespace sg::auth
