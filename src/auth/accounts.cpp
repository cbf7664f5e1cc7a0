#include "auth/accounts.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/crypto.h"
#include "auth/scope.h"
#include "base/civil_time.h"
#include "base/errors.h"
#include "base/json_util.h"
#include "base/uuid.h"

namespace sg::auth {
namespace {

constexpr std::string_view kRoleByCode = "SELECT id, data_scope FROM roles WHERE code = ?";
constexpr std::string_view kUsernameTaken = "SELECT 1 FROM users WHERE username = ?";
constexpr std::string_view kUserId = "SELECT id FROM users WHERE username = ?";
constexpr std::string_view kUserAgency = "SELECT agency_id, username FROM users WHERE id = ?";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (uid, username, display_name, agency_id, title, created_at, role_id, "
    "password_hash, must_change_password, phone, updated_at, password_changed_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSetPassword =
    "UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ?, "
    "failed_logins = 0, locked_until = NULL, updated_at = ?, version = version + 1 WHERE id = ?";
constexpr std::string_view kEndUserSessions =
    "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL AND id <> ?";
constexpr std::string_view kSetLocked =
    "UPDATE users SET disabled = ?, failed_logins = 0, locked_until = NULL, updated_at = ?, "
    "version = version + 1 WHERE id = ?";
constexpr std::string_view kResetTotp =
    "UPDATE users SET totp_secret = NULL, totp_enabled = 0, totp_last_step = 0, updated_at = ?, "
    "version = version + 1 WHERE id = ?";
constexpr std::string_view kBeginTotp =
    "UPDATE users SET totp_secret = ?, totp_enabled = 0, updated_at = ? WHERE id = ?";
constexpr std::string_view kTotpState =
    "SELECT totp_secret, totp_enabled, totp_last_step FROM users WHERE id = ?";
constexpr std::string_view kConfirmTotp =
    "UPDATE users SET totp_enabled = 1, totp_last_step = ?, updated_at = ?, "
    "version = version + 1 WHERE id = ?";
constexpr std::string_view kPasswordHash = "SELECT password_hash FROM users WHERE id = ?";
constexpr std::string_view kUserJson =
    "SELECT u.id, u.uid, u.username, u.display_name, u.agency_id, a.name, r.code, r.name, "
    "u.title, u.phone, u.locked_until, u.disabled, u.totp_enabled, u.must_change_password, "
    "u.last_login_at, u.created_at, u.version "
    "FROM users u JOIN agencies a ON a.id = u.agency_id LEFT JOIN roles r ON r.id = u.role_id "
    "WHERE u.id = ?";
constexpr std::string_view kRoles =
    "SELECT id, code, name, data_scope, permissions, builtin, requires_totp FROM roles";
constexpr std::string_view kRoleAgencyIds =
    "SELECT agency_id FROM role_agencies WHERE role_id = ? ORDER BY agency_id";
constexpr std::string_view kDeleteRoleAgencies = "DELETE FROM role_agencies WHERE role_id = ?";
constexpr std::string_view kInsertRoleAgency =
    "INSERT INTO role_agencies (role_id, agency_id) VALUES (?, ?)";
constexpr std::string_view kInsertRole =
    "INSERT INTO roles (code, name, data_scope, permissions, builtin, requires_totp, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)";
constexpr std::string_view kUpdateRole =
    "UPDATE roles SET name = ?, data_scope = ?, permissions = ?, requires_totp = ?, "
    "updated_at = ? WHERE id = ?";
constexpr std::string_view kUpdateUser =
    "UPDATE users SET display_name = ?, agency_id = ?, role_id = ?, title = ?, phone = ?, "
    "updated_at = ?, version = version + 1 WHERE id = ?";
constexpr std::string_view kUserEditable =
    "SELECT display_name, agency_id, role_id, title, phone FROM users WHERE id = ?";
constexpr std::string_view kRoleCode = "SELECT code FROM roles WHERE id = ?";
constexpr std::string_view kFirstAgency = "SELECT id FROM agencies ORDER BY path LIMIT 1";
constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (uid, name, secret_hash, prefix, role_id, agency_id, rate_limit, "
    "created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kTokenAgency =
    "SELECT agency_id, revoked_at FROM api_tokens WHERE id = ?";
constexpr std::string_view kRevokeToken = "UPDATE api_tokens SET revoked_at = ? WHERE id = ?";
constexpr std::string_view kTokens =
    "SELECT t.id, t.uid, t.name, t.prefix, r.code, t.agency_id, a.name, t.rate_limit, "
    "t.created_at, t.expires_at, t.revoked_at, t.last_used_at "
    "FROM api_tokens t JOIN roles r ON r.id = t.role_id JOIN agencies a ON a.id = t.agency_id";

constexpr int64_t kDayMs = 86'400'000;

boost::json::value OptTs(store::Rows& r, int col) {
  if (r.IsNull(col)) return nullptr;
  return boost::json::string(FormatTimestamp(r.Int(col)));
}

// The role id for a code the caller may grant.
int64_t GrantableRole(store::Connection& conn, const Principal& by, const std::string& code,
                      const char* field) {
  auto r = conn.Query(kRoleByCode, code);
  if (!r.Next()) ThrowInvalidField(field, "角色不存在：" + code);
  const int64_t id = r.Int(0);
  const bool scope_all = r.Text(1) == "all";
  if (scope_all && by.kind != Principal::Kind::kSystem && by.scope != DataScope::kAll) {
    throw ApiError(ErrorCode::kForbidden, "无权授予全部数据范围的角色", field);
  }
  return id;
}

}  // namespace

int64_t RequireUserInScope(store::Connection& conn, const Principal& by, int64_t user_id,
                           std::string* username) {
  auto r = conn.Query(kUserAgency, user_id);
  if (!r.Next()) ThrowNotFound("用户不存在");
  const int64_t agency = r.Int(0);
  if (username) *username = r.Str(1);
  r.Close();
  if (!AgencyInScope(conn, by, agency)) ThrowNotFound("用户不存在");
  return agency;
}

namespace {

void Audit(store::WriteContext& ctx, const Principal& by, std::string_view ip, std::string action,
           std::string entity, int64_t id, std::optional<std::string> detail = std::nullopt) {
  auto rec = AuditBy(by, ip, std::move(action), std::move(entity), id);
  rec.detail = std::move(detail);
  ctx.AppendAudit(std::move(rec));
}

bool ValidUsername(std::string_view u) {
  if (u.size() < 2 || u.size() > 32) return false;
  for (char ch : u) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string HashNewPassword(std::string_view username, std::string_view password,
                            const std::string& field) {
  if (auto err = PasswordPolicyError(username, password)) ThrowInvalidField(field, *err);
  return HashPassword(password);
}

NewUser ParseNewUser(const boost::json::value& body) {
  ObjectReader r(body.as_object());
  NewUser u;
  u.username = r.ReqString("username", 32);
  if (!ValidUsername(u.username)) {
    ThrowInvalidField("username", "用户名须为 2 至 32 位字母、数字、下划线、点或连字符");
  }
  u.display_name = r.ReqString("display_name", 50);
  u.agency_id = r.ReqInt("agency_id", 1);
  u.role_code = r.ReqString("role", 64);
  if (auto pw = r.OptString("password", 128)) u.password_hash = HashNewPassword(u.username, *pw);
  u.title = r.OptString("title", 50);
  u.phone = r.OptString("phone", 32);
  r.Finish();
  return u;
}

int64_t CreateUser(store::WriteContext& ctx, const NewUser& u, const Principal& by,
                   std::string_view ip) {
  auto& conn = ctx.conn();
  if (!ValidUsername(u.username)) {
    ThrowInvalidField("username", "用户名须为 2 至 32 位字母、数字、下划线、点或连字符");
  }
  if (u.display_name.empty()) ThrowInvalidField("display_name", "请填写姓名");
  RequireAgencyInScope(conn, by, u.agency_id, "agency_id");
  const int64_t role = GrantableRole(conn, by, u.role_code, "role");
  if (conn.Query(kUsernameTaken, u.username).Next()) {
    ThrowConflict("用户名已被使用：" + u.username, "username");
  }
  const TimestampMs now = ctx.now();
  const int64_t id =
      conn.Insert(kInsertUser, NewUuidV7(now), u.username, u.display_name, u.agency_id, u.title,
                  now, role, u.password_hash, u.must_change_password ? 1 : 0, u.phone, now,
                  u.password_hash ? store::Param(now) : store::Param(nullptr));
  boost::json::object after{{"username", u.username},
                            {"display_name", u.display_name},
                            {"agency_id", u.agency_id},
                            {"role", u.role_code}};
  Audit(ctx, by, ip, "user.create", "user", id,
        boost::json::serialize(boost::json::object{{"after", after}}));
  return id;
}

void SetPassword(store::WriteContext& ctx, int64_t user_id, const std::string& hash,
                 bool must_change, const Principal& by, std::string_view ip) {
  if (!(by.kind == Principal::Kind::kUser && by.id == user_id))
    RequireUserInScope(ctx.conn(), by, user_id);
  const TimestampMs now = ctx.now();
  if (ctx.conn().Exec(kSetPassword, hash, must_change ? 1 : 0, now, now, user_id) == 0) {
    ThrowNotFound("用户不存在");
  }
  // Other sessions of the user end with a password change (the caller's own stays).
  const int64_t keep = by.kind == Principal::Kind::kUser && by.id == user_id ? by.session_id : 0;
  ctx.conn().Exec(kEndUserSessions, now, user_id, keep);
  Audit(ctx, by, ip,
        by.id == user_id && by.kind == Principal::Kind::kUser ? "user.password.change"
                                                              : "user.password.reset",
        "user", user_id);
}

bool VerifyCurrentPassword(store::Connection& conn, int64_t user_id, std::string_view password) {
  auto r = conn.Query(kPasswordHash, user_id);
  if (!r.Next() || r.IsNull(0)) return false;
  return VerifyPassword(r.Text(0), password);
}

void SetLocked(store::WriteContext& ctx, int64_t user_id, bool locked, const Principal& by,
               std::string_view ip) {
  RequireUserInScope(ctx.conn(), by, user_id);
  const TimestampMs now = ctx.now();
  ctx.conn().Exec(kSetLocked, locked ? 1 : 0, now, user_id);
  if (locked) ctx.conn().Exec(kEndUserSessions, now, user_id, 0);
  Audit(ctx, by, ip, locked ? "user.lock" : "user.unlock", "user", user_id);
}

boost::json::object UpdateUser(store::WriteContext& ctx, int64_t user_id,
                               const boost::json::object& patch, const Principal& by,
                               std::string_view ip) {
  auto& conn = ctx.conn();
  RequireUserInScope(conn, by, user_id);
  auto cur = conn.Query(kUserEditable, user_id);
  if (!cur.Next()) ThrowNotFound("用户不存在");
  std::string display_name = cur.Str(0);
  int64_t agency_id = cur.Int(1);
  std::optional<int64_t> role_id = cur.OptInt(2);
  std::optional<std::string> title = cur.OptStr(3);
  std::optional<std::string> phone = cur.OptStr(4);
  cur.Close();
  ObjectReader r(patch);
  boost::json::object before;
  boost::json::object after;
  if (auto v = r.OptString("display_name", 50)) {
    before["display_name"] = display_name;
    after["display_name"] = *v;
    display_name = *v;
  }
  if (auto v = r.OptInt("agency_id", 1)) {
    RequireAgencyInScope(conn, by, *v, "agency_id");
    before["agency_id"] = agency_id;
    after["agency_id"] = *v;
    agency_id = *v;
  }
  if (auto v = r.OptString("role", 64)) {
    const int64_t id = GrantableRole(conn, by, *v, "role");
    if (role_id) {
      auto rc = conn.Query(kRoleCode, *role_id);
      if (rc.Next()) before["role"] = rc.Text(0);
    }
    after["role"] = *v;
    role_id = id;
  }
  if (r.Has("title")) {
    before["title"] = title ? boost::json::value(*title) : nullptr;
    title = r.IsNull("title") ? std::nullopt : r.OptString("title", 50);
    after["title"] = title ? boost::json::value(*title) : nullptr;
  }
  if (r.Has("phone")) {
    before["phone"] = phone ? boost::json::value(*phone) : nullptr;
    phone = r.IsNull("phone") ? std::nullopt : r.OptString("phone", 32);
    after["phone"] = phone ? boost::json::value(*phone) : nullptr;
  }
  r.Finish();
  conn.Exec(kUpdateUser, display_name, agency_id, role_id, title, phone, ctx.now(), user_id);
  Audit(ctx, by, ip, "user.update", "user", user_id,
        boost::json::serialize(boost::json::object{{"before", before}, {"after", after}}));
  return UserJson(conn, user_id);
}

void ResetTotp(store::WriteContext& ctx, int64_t user_id, const Principal& by,
               std::string_view ip) {
  RequireUserInScope(ctx.conn(), by, user_id);
  ctx.conn().Exec(kResetTotp, ctx.now(), user_id);
  Audit(ctx, by, ip, "user.totp.reset", "user", user_id);
}

TotpEnrolment BeginTotp(store::WriteContext& ctx, const Principal& p, std::string_view ip) {
  auto r = ctx.conn().Query(kTotpState, p.id);
  if (r.Next() && r.Int(1) != 0) {
    ThrowConflict("已启用动态验证码；如需更换，请联系管理员重置");
  }
  r.Close();
  TotpEnrolment e;
  e.secret = NewTotpSecret();
  e.uri = TotpUri("审管", p.name, e.secret);
  ctx.conn().Exec(kBeginTotp, e.secret, ctx.now(), p.id);
  Audit(ctx, p, ip, "user.totp.begin", "user", p.id);
  return e;
}

bool ConfirmTotp(store::WriteContext& ctx, const Principal& p, std::string_view code,
                 std::string_view ip) {
  auto r = ctx.conn().Query(kTotpState, p.id);
  if (!r.Next() || r.IsNull(0)) ThrowConflict("请先开始绑定动态验证码");
  if (r.Int(1) != 0) ThrowConflict("已启用动态验证码");
  const std::string secret = r.Str(0);
  const int64_t last = r.Int(2);
  r.Close();
  auto step = VerifyTotp(secret, code, ctx.now() / 1000, last);
  if (!step) return false;
  ctx.conn().Exec(kConfirmTotp, *step, ctx.now(), p.id);
  Audit(ctx, p, ip, "user.totp.enable", "user", p.id);
  return true;
}

std::optional<int64_t> UserIdByName(store::Connection& conn, std::string_view username) {
  return conn.QueryInt(kUserId, std::string(username));
}

boost::json::object UserJson(store::Connection& conn, int64_t user_id) {
  auto r = conn.Query(kUserJson, user_id);
  if (!r.Next()) ThrowNotFound("用户不存在");
  boost::json::object o;
  o["id"] = r.Int(0);
  o["uid"] = r.Text(1);
  o["username"] = r.Text(2);
  o["display_name"] = r.Text(3);
  o["agency_id"] = r.Int(4);
  o["agency_name"] = r.Text(5);
  o["role"] = r.IsNull(6) ? boost::json::value(nullptr) : boost::json::value(r.Text(6));
  o["role_name"] = r.IsNull(7) ? boost::json::value(nullptr) : boost::json::value(r.Text(7));
  o["title"] = r.IsNull(8) ? boost::json::value(nullptr) : boost::json::value(r.Text(8));
  o["phone"] = r.IsNull(9) ? boost::json::value(nullptr) : boost::json::value(r.Text(9));
  o["locked_until"] = OptTs(r, 10);
  o["disabled"] = r.Int(11) != 0;
  o["totp_enabled"] = r.Int(12) != 0;
  o["must_change_password"] = r.Int(13) != 0;
  o["last_login_at"] = OptTs(r, 14);
  o["created_at"] = FormatTimestamp(r.Int(15));
  o["version"] = r.Int(16);
  return o;
}

namespace {

// One role row as JSON; `agencies` lists the agencies of a custom scope.
boost::json::object RoleRowJson(store::Rows& r, boost::json::array agencies) {
  boost::system::error_code ec;
  auto perms = boost::json::parse(r.Text(4), ec);
  return {{"id", r.Int(0)},
          {"code", r.Text(1)},
          {"name", r.Text(2)},
          {"data_scope", r.Text(3)},
          {"permissions", ec ? boost::json::value(boost::json::array()) : perms},
          {"builtin", r.Int(5) != 0},
          {"requires_totp", r.Int(6) != 0},
          {"agency_ids", std::move(agencies)}};
}

boost::json::array RoleAgencies(store::Connection& conn, int64_t role_id) {
  boost::json::array out;
  auto r = conn.Query(kRoleAgencyIds, role_id);
  while (r.Next()) out.emplace_back(r.Int(0));
  return out;
}

// What a role may hold, checked against the caller: known permissions the caller holds itself,
// a known scope, `all` only from a caller whose scope is all, agencies only for `custom` and
// within the caller's scope.
struct RoleFields {
  std::string data_scope;
  std::vector<std::string> permissions;
  std::vector<int64_t> agency_ids;
};
void CheckRoleFields(store::Connection& conn, const RoleFields& f, const Principal& by) {
  const auto scope = ParseDataScope(f.data_scope);
  if (!scope) {
    ThrowInvalidField("data_scope",
                      "数据范围应为 all、agency、agency_and_below、own_cases 或 custom");
  }
  if (*scope == DataScope::kAll && by.kind != Principal::Kind::kSystem &&
      by.scope != DataScope::kAll) {
    throw ApiError(ErrorCode::kForbidden, "无权设置全部数据范围", "data_scope");
  }
  for (size_t i = 0; i < f.permissions.size(); ++i) {
    const std::string field = "permissions[" + std::to_string(i) + "]";
    if (!IsKnownPermission(f.permissions[i])) {
      ThrowInvalidField(field, "未知的权限标识：" + f.permissions[i]);
    }
    if (!by.Has(f.permissions[i])) {
      throw ApiError(ErrorCode::kForbidden, "不能授予本人没有的权限：" + f.permissions[i], field);
    }
  }
  if (*scope != DataScope::kCustom && !f.agency_ids.empty()) {
    ThrowInvalidField("agency_ids", "只有自定义数据范围（custom）需要列出机构");
  }
  if (*scope == DataScope::kCustom && f.agency_ids.empty()) {
    ThrowInvalidField("agency_ids", "自定义数据范围须至少列出一个机构");
  }
  for (size_t i = 0; i < f.agency_ids.size(); ++i) {
    RequireAgencyInScope(conn, by, f.agency_ids[i], "agency_ids[" + std::to_string(i) + "]");
  }
}

std::string PermissionsJson(std::vector<std::string> perms) {
  std::sort(perms.begin(), perms.end());
  perms.erase(std::unique(perms.begin(), perms.end()), perms.end());
  boost::json::array a;
  for (auto& p : perms) a.emplace_back(p);
  return boost::json::serialize(a);
}

void SetRoleAgencies(store::Connection& conn, int64_t role_id, const std::vector<int64_t>& ids) {
  conn.Exec(kDeleteRoleAgencies, role_id);
  for (int64_t a : ids) conn.Exec(kInsertRoleAgency, role_id, a);
}

}  // namespace

boost::json::object RoleJson(store::Connection& conn, int64_t role_id) {
  auto r = conn.Query(std::string(kRoles) + " WHERE id = ?", role_id);
  if (!r.Next()) ThrowNotFound("角色不存在");
  auto agencies = RoleAgencies(conn, role_id);
  return RoleRowJson(r, std::move(agencies));
}

boost::json::object ListRoles(store::Connection& conn) {
  std::vector<boost::json::object> rows;
  {
    auto r = conn.Query(std::string(kRoles) + " ORDER BY id");
    while (r.Next()) rows.push_back(RoleRowJson(r, {}));
  }
  boost::json::array items;
  for (auto& o : rows) {
    if (o.at("data_scope") == "custom") o["agency_ids"] = RoleAgencies(conn, o.at("id").as_int64());
    items.emplace_back(std::move(o));
  }
  return {{"items", std::move(items)}};
}

int64_t CreateRole(store::WriteContext& ctx, const boost::json::value& body, const Principal& by,
                   std::string_view ip) {
  auto& conn = ctx.conn();
  ObjectReader r(body.as_object());
  const std::string code = r.ReqString("code", 64);
  if (!ValidUsername(code))
    ThrowInvalidField("code", "角色代码须为 2 至 32 位字母、数字、下划线、点或连字符");
  const std::string name = r.ReqString("name", 50);
  RoleFields f;
  f.data_scope = r.ReqString("data_scope", 32);
  f.permissions = r.OptStringArray("permissions", 100, 64).value_or(std::vector<std::string>{});
  f.agency_ids = r.OptIntArray("agency_ids", 1000).value_or(std::vector<int64_t>{});
  const bool totp = r.OptBool("requires_totp").value_or(false);
  r.Finish();
  CheckRoleFields(conn, f, by);
  if (conn.Query(kRoleByCode, code).Next()) ThrowConflict("角色代码已被使用：" + code, "code");
  const TimestampMs now = ctx.now();
  const int64_t id = conn.Insert(kInsertRole, code, name, f.data_scope,
                                 PermissionsJson(f.permissions), totp ? 1 : 0, now, now);
  SetRoleAgencies(conn, id, f.agency_ids);
  auto after = RoleJson(conn, id);
  Audit(ctx, by, ip, "role.create", "role", id,
        boost::json::serialize(boost::json::object{{"before", nullptr}, {"after", after}}));
  return id;
}

void UpdateRole(store::WriteContext& ctx, int64_t role_id, const boost::json::object& patch,
                const Principal& by, std::string_view ip) {
  auto& conn = ctx.conn();
  auto before = RoleJson(conn, role_id);
  if (before.at("builtin").as_bool()) {
    ThrowConflict("内置角色只能随版本升级修改；请复制为新角色后调整");
  }
  ObjectReader r(patch);
  std::string name(before.at("name").as_string());
  RoleFields f;
  f.data_scope = std::string(before.at("data_scope").as_string());
  for (const auto& p : before.at("permissions").as_array())
    f.permissions.emplace_back(p.as_string());
  for (const auto& a : before.at("agency_ids").as_array()) f.agency_ids.push_back(a.as_int64());
  bool totp = before.at("requires_totp").as_bool();
  if (auto v = r.OptString("name", 50)) name = *v;
  if (auto v = r.OptString("data_scope", 32)) {
    f.data_scope = *v;
    if (*v != "custom") f.agency_ids.clear();
  }
  if (auto v = r.OptStringArray("permissions", 100, 64)) f.permissions = *v;
  if (auto v = r.OptIntArray("agency_ids", 1000)) f.agency_ids = *v;
  if (auto v = r.OptBool("requires_totp")) totp = *v;
  r.Finish();
  CheckRoleFields(conn, f, by);
  conn.Exec(kUpdateRole, name, f.data_scope, PermissionsJson(f.permissions), totp ? 1 : 0,
            ctx.now(), role_id);
  SetRoleAgencies(conn, role_id, f.agency_ids);
  auto after = RoleJson(conn, role_id);
  Audit(ctx, by, ip, "role.update", "role", role_id,
        boost::json::serialize(boost::json::object{{"before", before}, {"after", after}}));
}

// ---- API tokens
// -----------------------------------------------------------------------------------

NewToken ParseNewToken(const boost::json::value& body) {
  ObjectReader r(body.as_object());
  NewToken t;
  t.name = r.ReqString("name", 100);
  t.role_code = r.ReqString("role", 64);
  t.agency_id = r.OptInt("agency_id", 1);
  t.expires_days = r.OptInt("expires_days", 1, 3650);
  t.rate_limit = r.OptInt("rate_limit", 1, 1'000'000);
  r.Finish();
  return t;
}

CreatedToken CreateToken(store::WriteContext& ctx, const NewToken& t, const Principal& by,
                         std::string_view ip) {
  auto& conn = ctx.conn();
  if (t.name.empty()) ThrowInvalidField("name", "请填写令牌名称");
  int64_t agency = 0;
  if (t.agency_id) {
    agency = *t.agency_id;
  } else if (by.kind == Principal::Kind::kSystem) {
    agency = conn.QueryInt(kFirstAgency).value_or(0);
    if (agency == 0) ThrowInvalidField("agency_id", "尚无机构，请先导入或创建机构");
  } else {
    agency = by.agency_id;
  }
  RequireAgencyInScope(conn, by, agency, "agency_id");
  const int64_t role = GrantableRole(conn, by, t.role_code, "role");
  const TimestampMs now = ctx.now();
  CreatedToken out;
  out.token = "sg_" + RandomToken(32);
  const std::string prefix = out.token.substr(0, 10);
  // Plain values rather than an optional: GCC 12 at -O3 misreads the optional as uninitialised.
  store::Param expires = nullptr;
  boost::json::value expires_json = nullptr;
  if (t.expires_days) {
    const TimestampMs at = now + *t.expires_days * kDayMs;
    expires = at;
    expires_json = FormatTimestamp(at);
  }
  const std::string uid = NewUuidV7(now);
  out.id = conn.Insert(kInsertToken, uid, t.name, Sha256Hex(out.token), prefix, role, agency,
                       t.rate_limit, by.UserId(), now, expires);
  out.json = {{"id", out.id},
              {"uid", uid},
              {"name", t.name},
              {"prefix", prefix},
              {"role", t.role_code},
              {"agency_id", agency},
              {"rate_limit", t.rate_limit ? boost::json::value(*t.rate_limit) : nullptr},
              {"created_at", FormatTimestamp(now)},
              {"expires_at", expires_json}};
  Audit(ctx, by, ip, "token.create", "api_token", out.id,
        boost::json::serialize(
            boost::json::object{{"name", t.name}, {"role", t.role_code}, {"agency_id", agency}}));
  return out;
}

void RevokeToken(store::WriteContext& ctx, int64_t token_id, const Principal& by,
                 std::string_view ip) {
  auto r = ctx.conn().Query(kTokenAgency, token_id);
  if (!r.Next()) ThrowNotFound("令牌不存在");
  const int64_t agency = r.Int(0);
  const bool revoked = !r.IsNull(1);
  r.Close();
  if (!AgencyInScope(ctx.conn(), by, agency)) ThrowNotFound("令牌不存在");
  if (revoked) ThrowConflict("令牌已被吊销");
  ctx.conn().Exec(kRevokeToken, ctx.now(), token_id);
  Audit(ctx, by, ip, "token.revoke", "api_token", token_id);
}

boost::json::object ListTokens(store::Connection& conn, const Principal& p) {
  const SqlCondition scope = AgencyScope(p, "t.agency_id");
  std::string sql(kTokens);
  if (!scope.empty()) sql += " WHERE " + scope.sql;
  sql += " ORDER BY t.id DESC";
  boost::json::array items;
  auto r = conn.QueryV(sql, scope.params);
  while (r.Next()) {
    items.push_back(boost::json::object{
        {"id", r.Int(0)},
        {"uid", r.Text(1)},
        {"name", r.Text(2)},
        {"prefix", r.Text(3)},
        {"role", r.Text(4)},
        {"agency_id", r.Int(5)},
        {"agency_name", r.Text(6)},
        {"rate_limit", r.IsNull(7) ? boost::json::value(nullptr) : boost::json::value(r.Int(7))},
        {"created_at", FormatTimestamp(r.Int(8))},
        {"expires_at", OptTs(r, 9)},
        {"revoked_at", OptTs(r, 10)},
        {"last_used_at", OptTs(r, 11)}});
  }
  return {{"items", std::move(items)}};
}

}  // namespace sg::auth
