#include "auth/authn.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <boost/json/parse.hpp>

#include "auth/crypto.h"
#include "auth/scope.h"

namespace sg::auth {
namespace {

constexpr std::string_view kUserPrincipal =
    "SELECT u.id, u.username, u.display_name, u.agency_id, a.path, r.id, r.code, r.permissions, "
    "r.data_scope, u.must_change_password, r.requires_totp, u.totp_enabled, u.disabled "
    "FROM users u JOIN agencies a ON a.id = u.agency_id JOIN roles r ON r.id = u.role_id "
    "WHERE u.id = ?";
constexpr std::string_view kSessionByHash =
    "SELECT id, user_id, csrf_token, created_at, last_seen_at, ended_at FROM sessions "
    "WHERE secret_hash = ?";
constexpr std::string_view kTokenByHash =
    "SELECT t.id, t.name, t.agency_id, a.path, r.id, r.code, r.permissions, r.data_scope, "
    "t.rate_limit, t.expires_at, t.revoked_at, t.last_used_at, a.name "
    "FROM api_tokens t JOIN agencies a ON a.id = t.agency_id JOIN roles r ON r.id = t.role_id "
    "WHERE t.secret_hash = ?";
constexpr std::string_view kTokenById =
    "SELECT t.id, t.name, t.agency_id, a.path, r.id, r.code, r.permissions, r.data_scope, "
    "t.expires_at, t.revoked_at "
    "FROM api_tokens t JOIN agencies a ON a.id = t.agency_id JOIN roles r ON r.id = t.role_id "
    "WHERE t.id = ?";
constexpr std::string_view kTouchSession =
    "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?";
constexpr std::string_view kTouchToken =
    "UPDATE api_tokens SET last_used_at = ? WHERE id = ? "
    "AND (last_used_at IS NULL OR last_used_at < ?)";

constexpr std::string_view kLoginUser =
    "SELECT id, password_hash, totp_secret, totp_enabled, totp_last_step, failed_logins, "
    "locked_until, disabled FROM users WHERE username = ?";
constexpr std::string_view kLoginState =
    "SELECT failed_logins, locked_until, must_change_password, totp_enabled, username, "
    "display_name, agency_id FROM users WHERE id = ?";
constexpr std::string_view kCountFailure =
    "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?";
constexpr std::string_view kLoginSucceeded =
    "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ?, "
    "totp_last_step = CASE WHEN ? > totp_last_step THEN ? ELSE totp_last_step END WHERE id = ?";
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (secret_hash, user_id, csrf_token, ip, user_agent, created_at, "
    "last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kEndSession =
    "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL";

// A dummy argon2id hash, verified when the username does not exist so that the response time
// does not tell which usernames exist.
const std::string& DummyHash() {
  static const std::string hash = HashPassword("not-a-password-0A!");
  return hash;
}

std::vector<std::string> ParsePermissions(std::string_view json) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& p : v.as_array()) {
    if (p.is_string()) out.emplace_back(p.as_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A token's principal from the first eight columns of kTokenByHash / kTokenById (id, name,
// agency, agency path, role id, role code, permissions, data scope).
Principal TokenPrincipalFromRow(store::Rows& r) {
  Principal p;
  p.kind = Principal::Kind::kToken;
  p.id = r.Int(0);
  p.name = r.Str(1);
  p.display_name = p.name;
  p.agency_id = r.Int(2);
  p.agency_path = r.Str(3);
  p.role_id = r.Int(4);
  p.role_code = r.Str(5);
  p.permissions = ParsePermissions(r.Text(6));
  p.scope = ParseDataScope(r.Text(7)).value_or(DataScope::kAgency);
  return p;
}

}  // namespace

std::optional<Principal> LoadUserPrincipal(store::Connection& conn, int64_t user_id) {
  auto r = conn.Query(kUserPrincipal, user_id);
  if (!r.Next() || r.Int(12) != 0) return std::nullopt;
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = r.Int(0);
  p.name = r.Str(1);
  p.display_name = r.Str(2);
  p.agency_id = r.Int(3);
  p.agency_path = r.Str(4);
  p.role_id = r.Int(5);
  p.role_code = r.Str(6);
  p.permissions = ParsePermissions(r.Text(7));
  p.scope = ParseDataScope(r.Text(8)).value_or(DataScope::kOwnCases);
  p.must_change_password = r.Int(9) != 0;
  p.must_enrol_totp = r.Int(10) != 0 && r.Int(11) == 0;
  r.Close();
  LoadScopeAgencies(conn, p);
  return p;
}

std::optional<Principal> LoadTokenPrincipal(store::Connection& conn, int64_t token_id,
                                            TimestampMs now) {
  auto r = conn.Query(kTokenById, token_id);
  if (!r.Next() || !r.IsNull(9)) return std::nullopt;
  if (const auto expires = r.OptInt(8); expires && now >= *expires) return std::nullopt;
  Principal p = TokenPrincipalFromRow(r);
  r.Close();
  LoadScopeAgencies(conn, p);
  return p;
}

Authenticator::Authenticator(store::Database& db, const Clock& clock, AuthPolicy policy)
    : db_(db), clock_(clock), policy_(policy) {}

AuthResult Authenticator::Session(std::string_view secret) { return Resolve(secret, false); }
AuthResult Authenticator::Token(std::string_view token) { return Resolve(token, true); }

// Whether a cached entry has run out: a token past its expiry, a session past its limits.
std::optional<std::string> Authenticator::Expired(const Entry& e, bool is_token,
                                                  TimestampMs now) const {
  if (is_token) {
    if (e.expires_at && now >= *e.expires_at) return "访问令牌已过期";
  } else {
    if (now - e.created_at >= policy_.absolute_timeout_ms) return "登录已超过 12 小时，请重新登录";
    if (now - e.last_seen >= policy_.idle_timeout_ms) {
      return "超过 30 分钟未操作，登录已失效，请重新登录";
    }
  }
  return std::nullopt;
}

AuthResult Authenticator::Resolve(std::string_view secret, bool is_token) {
  const TimestampMs now = clock_.Now();
  // The hot path: one lock, no hashing, no database.
  bool found = false;
  std::optional<Entry> loaded;
  for (int pass = 0; pass < 2; ++pass) {
    std::shared_ptr<const Principal> principal;
    bool persist = false;
    {
      std::lock_guard lock(mu_);
      auto it = cache_.find(secret);
      const bool just_loaded = loaded.has_value();
      if (loaded) {
        // Keep the newest last-seen time this process knows of.
        if (it != cache_.end()) {
          loaded->last_seen = std::max(loaded->last_seen, it->second.last_seen);
          loaded->persisted_seen = std::max(loaded->persisted_seen, it->second.persisted_seen);
        }
        if (cache_.size() > kMaxCached) cache_.clear();  // bounded; re-read on demand
        it = cache_.insert_or_assign(std::string(secret), std::move(*loaded)).first;
        loaded.reset();
      }
      found =
          it != cache_.end() && (just_loaded || now - it->second.fetched_at < policy_.cache_ttl_ms);
      if (found) {
        Entry& e = it->second;
        if (auto why = Expired(e, is_token, now)) return {nullptr, *why};
        e.last_seen = std::max(e.last_seen, now);
        if (now - e.persisted_seen >= policy_.touch_interval_ms) {
          e.persisted_seen = now;
          persist = true;
        }
        principal = e.principal;
      }
    }
    if (found) {
      if (persist) {
        Touch(is_token, is_token ? principal->id : principal->session_id, now);
      }
      return {principal, {}};
    }
    if (pass == 1) break;
    // Not cached, or cached too long ago: read the database (by the secret's SHA-256).
    std::string message;
    {
      auto reader = db_.Reader();
      const std::string hash = Sha256Hex(secret);
      loaded = is_token ? LoadToken(*reader, hash, &message) : LoadSession(*reader, hash);
    }
    if (!loaded) {
      std::lock_guard lock(mu_);
      if (auto it = cache_.find(secret); it != cache_.end()) cache_.erase(it);
      if (message.empty()) message = is_token ? "访问令牌无效" : "登录已失效，请重新登录";
      return {nullptr, message};
    }
    loaded->fetched_at = now;
  }
  return {nullptr, "登录已失效，请重新登录"};
}

std::optional<Authenticator::Entry> Authenticator::LoadSession(store::Connection& conn,
                                                               const std::string& hash) {
  auto r = conn.Query(kSessionByHash, hash);
  if (!r.Next() || !r.IsNull(5)) return std::nullopt;
  const int64_t session_id = r.Int(0);
  const int64_t user_id = r.Int(1);
  std::string csrf = r.Str(2);
  Entry e;
  e.created_at = r.Int(3);
  e.last_seen = e.persisted_seen = r.Int(4);
  r.Close();
  auto p = LoadUserPrincipal(conn, user_id);
  if (!p) return std::nullopt;
  p->session_id = session_id;
  p->csrf_token = std::move(csrf);
  e.principal = std::make_shared<const Principal>(std::move(*p));
  return e;
}

std::optional<Authenticator::Entry> Authenticator::LoadToken(store::Connection& conn,
                                                             const std::string& hash,
                                                             std::string* message) {
  auto r = conn.Query(kTokenByHash, hash);
  if (!r.Next()) return std::nullopt;
  if (!r.IsNull(10)) {
    *message = "访问令牌已被吊销";
    return std::nullopt;
  }
  Principal p = TokenPrincipalFromRow(r);
  if (!r.IsNull(8)) p.rate_limit = static_cast<double>(r.Int(8));
  Entry e;
  e.expires_at = r.OptInt(9);
  e.last_seen = e.persisted_seen = r.OptInt(11).value_or(0);
  r.Close();
  LoadScopeAgencies(conn, p);
  e.principal = std::make_shared<const Principal>(std::move(p));
  return e;
}

void Authenticator::Touch(bool is_token, int64_t id, TimestampMs seen) {
  db_.writer().Submit(
      [is_token, id, seen](store::WriteContext& ctx) {
        ctx.conn().Exec(is_token ? kTouchToken : kTouchSession, seen, id, seen);
      },
      [](const std::exception_ptr& e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::warn("could not record session use: {}", ex.what());
        }
      });
}

void Authenticator::ForgetUser(int64_t user_id) {
  std::lock_guard lock(mu_);
  std::erase_if(cache_, [&](const auto& kv) {
    const auto& p = kv.second.principal;
    return p && p->kind == Principal::Kind::kUser && p->id == user_id;
  });
}

void Authenticator::ForgetSession(int64_t session_id) {
  std::lock_guard lock(mu_);
  std::erase_if(cache_, [&](const auto& kv) {
    const auto& p = kv.second.principal;
    return p && p->kind == Principal::Kind::kUser && p->session_id == session_id;
  });
}

void Authenticator::ForgetAll() {
  std::lock_guard lock(mu_);
  cache_.clear();
}

// ---- Logging in ---------------------------------------------------------------------------------

LoginCheck CheckLogin(store::Connection& conn, const LoginRequest& req, TimestampMs now) {
  LoginCheck c;
  auto r = conn.Query(kLoginUser, req.username);
  if (!r.Next() || r.IsNull(1)) {
    r.Close();
    VerifyPassword(DummyHash(), req.password);  // same time as a real check
    return c;
  }
  c.user_id = r.Int(0);
  const std::string hash = r.Str(1);
  const std::optional<std::string> secret = r.OptStr(2);
  const bool totp_enabled = r.Int(3) != 0;
  const int64_t last_step = r.Int(4);
  c.locked_until = r.OptInt(6).value_or(0);
  c.locked = r.Int(7) != 0 || c.locked_until > now;
  r.Close();
  c.password_ok = VerifyPassword(hash, req.password);
  if (!totp_enabled || !secret) {
    c.totp_ok = true;
  } else if (!req.totp || req.totp->empty()) {
    c.totp_missing = true;
  } else {
    c.totp_step = VerifyTotp(*secret, *req.totp, now / 1000, last_step);
    c.totp_ok = c.totp_step.has_value();
  }
  return c;
}

LoginResult ApplyLogin(store::WriteContext& ctx, const LoginCheck& check, const LoginRequest& req,
                       const AuthPolicy& policy) {
  LoginResult out;
  const TimestampMs now = ctx.now();
  store::AuditRecord audit;
  audit.actor_type = "anonymous";
  audit.actor_name = req.username;
  audit.ip = req.ip;
  audit.entity = "user";
  auto fail = [&](const std::string& reason, const std::string& message) {
    audit.action = "login.failure";
    audit.outcome = "failure";
    audit.detail = "{\"reason\":\"" + reason + "\"}";
    ctx.AppendAudit(audit);
    out.ok = false;
    out.message = message;
    return out;
  };
  constexpr const char* kWrong = "用户名或密码错误";
  if (!check.user_id) return fail("unknown_user", kWrong);
  const int64_t uid = *check.user_id;
  audit.actor_type = "user";
  audit.actor_id = uid;
  audit.entity_id = uid;
  // Read the counters again on the writer: logins of one account are applied one at a time.
  auto r = ctx.conn().Query(kLoginState, uid);
  if (!r.Next()) return fail("unknown_user", kWrong);
  int64_t failures = r.Int(0);
  const TimestampMs locked_until = r.OptInt(1).value_or(0);
  out.must_change_password = r.Int(2) != 0;
  audit.agency_id = r.Int(6);
  r.Close();
  if (check.locked || locked_until > now) {
    const int64_t minutes =
        std::max<int64_t>(1, (std::max(locked_until, now) - now + 59'999) / 60'000);
    return fail("locked", check.locked && locked_until <= now
                              ? "账户已停用，请联系管理员"
                              : "连续登录失败次数过多，账户已锁定，请 " + std::to_string(minutes) +
                                    " 分钟后再试");
  }
  if (check.password_ok && check.totp_missing) {
    // Not a failure: the client asks for the second factor and sends again.
    out.ok = false;
    out.message = "totp_required";
    return out;
  }
  if (!check.password_ok || !check.totp_ok) {
    ++failures;
    const bool lock = failures >= policy.max_failures;
    ctx.conn().Exec(kCountFailure, lock ? 0 : failures,
                    lock ? store::Param(now + policy.lockout_ms) : store::Param(nullptr), uid);
    if (lock) {
      fail(check.password_ok ? "totp" : "password", "");
      audit.action = "account.lock";
      audit.outcome = "success";
      audit.actor_type = "system";
      audit.detail = "{\"failures\":" + std::to_string(failures) + "}";
      ctx.AppendAudit(audit);
      out.message = "连续登录失败 " + std::to_string(failures) + " 次，账户已锁定 15 分钟";
      return out;
    }
    return fail(check.password_ok ? "totp" : "password",
                check.password_ok ? "动态验证码错误或已使用" : kWrong);
  }
  const int64_t step = check.totp_step.value_or(0);
  ctx.conn().Exec(kLoginSucceeded, now, step, step, uid);
  out.session_secret = RandomToken();
  out.csrf_token = RandomToken();
  out.session_id = ctx.conn().Insert(kInsertSession, Sha256Hex(out.session_secret), uid,
                                     out.csrf_token, req.ip, req.user_agent, now, now);
  out.user_id = uid;
  auto p = LoadUserPrincipal(ctx.conn(), uid);
  if (!p) return fail("disabled", "账户已停用或未分配角色，请联系管理员");
  out.totp_enrolment_required = p->must_enrol_totp;
  audit.action = "login.success";
  audit.entity = "session";
  audit.entity_id = out.session_id;
  audit.detail = std::nullopt;
  ctx.AppendAudit(audit);
  out.ok = true;
  return out;
}

void EndSession(store::WriteContext& ctx, const Principal& p, std::string_view ip) {
  ctx.conn().Exec(kEndSession, ctx.now(), p.session_id);
  ctx.AppendAudit(AuditBy(p, ip, "logout", "session", p.session_id));
}

}  // namespace sg::auth
