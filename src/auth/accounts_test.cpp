// Accounts, logins, sessions and tokens against a real database of the engine under test, with a
// fixed clock moved by the test.
#include "auth/accounts.h"

#include <gtest/gtest.h>

#include "auth/authn.h"
#include "auth/crypto.h"
#include "base/errors.h"
#include "register/records.h"
#include "store/database.h"
#include "store/testing/test_db.h"

namespace sg::auth {
namespace {

constexpr TimestampMs kStart = 1'717'376'400'000;  // 2024-06-03T09:00:00+08:00
constexpr TimestampMs kMinute = 60'000;

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::Database::Open(tdb_.url(), clock_, {});
    db_->writer().Run([&](store::WriteContext& ctx) {
      city_ = reg::InsertAgency(ctx.conn(), 0,
                                {"a1", std::nullopt, "晋中市中级人民法院", "晋中中院", "court",
                                 "intermediate", "晋07", "140700", std::nullopt});
      county_ = reg::InsertAgency(ctx.conn(), 0,
                                  {"a2", city_, "榆次区人民法院", "榆次法院", "court", "basic",
                                   "晋0702", "140702", std::nullopt});
      other_ = reg::InsertAgency(ctx.conn(), 0,
                                 {"a3", city_, "太谷区人民法院", "太谷法院", "court", "basic",
                                  "晋0703", "140703", std::nullopt});
    });
  }
  int64_t AddUser(const std::string& name, const std::string& role, int64_t agency,
                  const Principal& by = SystemPrincipal()) {
    NewUser u;
    u.username = name;
    u.display_name = name;
    u.agency_id = agency;
    u.role_code = role;
    u.password_hash = HashPassword(kPassword);
    u.must_change_password = false;
    int64_t id = 0;
    db_->writer().Run([&](store::WriteContext& ctx) { id = CreateUser(ctx, u, by, "10.0.0.1"); });
    return id;
  }
  LoginResult Login(const std::string& name, const std::string& password) {
    LoginRequest req{name, password, std::nullopt, "10.0.0.9", "test"};
    LoginCheck check;
    {
      auto reader = db_->Reader();
      check = CheckLogin(*reader, req, clock_.Now());
    }
    LoginResult out;
    db_->writer().Run([&](store::WriteContext& ctx) { out = ApplyLogin(ctx, check, req, {}); });
    return out;
  }
  Principal AsUser(int64_t id) {
    auto reader = db_->Reader();
    return *LoadUserPrincipal(*reader, id);
  }
  int64_t Count(const std::string& sql) { return db_->Reader()->QueryInt(sql).value_or(-1); }

  static constexpr const char* kPassword = "Jinzhong-2024!";
  store::testing::TestDb tdb_;
  FixedClock clock_{kStart};
  std::unique_ptr<store::Database> db_;
  int64_t city_ = 0, county_ = 0, other_ = 0;
};

TEST_F(AccountsTest, FiveWrongPasswordsLockTheAccountForFifteenMinutes) {
  AddUser("clerk1", "clerk", county_);
  EXPECT_TRUE(Login("clerk1", kPassword).ok);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Login("clerk1", "wrong-password").ok);
  const LoginResult locked = Login("clerk1", kPassword);
  EXPECT_FALSE(locked.ok) << "locked even with the right password";
  EXPECT_NE(locked.message.find("锁定"), std::string::npos) << locked.message;
  clock_.Set(kStart + 14 * kMinute);
  EXPECT_FALSE(Login("clerk1", kPassword).ok);
  clock_.Set(kStart + 16 * kMinute);
  EXPECT_TRUE(Login("clerk1", kPassword).ok);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'login.failure'"), 7);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.lock'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'login.success' "
                  "AND ip = '10.0.0.9'"),
            2);
}

TEST_F(AccountsTest, UnknownUsersFailLikeWrongPasswords) {
  const LoginResult r = Login("nobody", kPassword);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "用户名或密码错误");
}

TEST_F(AccountsTest, SessionsEndAfterThirtyIdleMinutesAndTwelveHours) {
  const int64_t id = AddUser("clerk2", "clerk", county_);
  Authenticator authn(*db_, clock_, AuthPolicy{.cache_ttl_ms = 0});
  const LoginResult login = Login("clerk2", kPassword);
  ASSERT_TRUE(login.ok);
  auto who = authn.Session(login.session_secret);
  ASSERT_TRUE(who.principal);
  EXPECT_EQ(who.principal->id, id);
  EXPECT_EQ(who.principal->csrf_token, login.csrf_token);
  // Active every 29 minutes: alive until 12 hours after login.
  for (TimestampMs t = kStart; t < kStart + 12 * 60 * kMinute - 29 * kMinute; t += 29 * kMinute) {
    clock_.Set(t);
    ASSERT_TRUE(authn.Session(login.session_secret).principal) << (t - kStart) / kMinute;
  }
  clock_.Set(kStart + 12 * 60 * kMinute);
  EXPECT_FALSE(authn.Session(login.session_secret).principal);

  clock_.Set(kStart + 13 * 60 * kMinute);
  const LoginResult second = Login("clerk2", kPassword);
  ASSERT_TRUE(authn.Session(second.session_secret).principal);
  clock_.Set(kStart + 13 * 60 * kMinute + 31 * kMinute);
  const auto idle = authn.Session(second.session_secret);
  EXPECT_FALSE(idle.principal);
  EXPECT_NE(idle.message.find("30 分钟"), std::string::npos) << idle.message;
}

TEST_F(AccountsTest, AdministratorsGrantOnlyWithinTheirScope) {
  const int64_t admin = AddUser("admin1", "agency_admin", county_);
  const Principal county_admin = AsUser(admin);
  EXPECT_GT(AddUser("clerk3", "clerk", county_, county_admin), 0);
  try {
    AddUser("boss", "system_admin", county_, county_admin);
    FAIL() << "an agency administrator cannot grant scope all";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kForbidden);
    EXPECT_EQ(e.field(), "role");
  }
  try {
    AddUser("clerk4", "clerk", other_, county_admin);
    FAIL() << "a sibling agency is outside the scope";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kForbidden);
    EXPECT_EQ(e.field(), "agency_id");
  }
  try {
    AddUser("clerk3", "clerk", county_);
    FAIL() << "usernames are unique";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kConflict);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username IN ('boss', 'clerk4')"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.create'"), 2)
      << "refused creations leave no audit entry: their job rolled back";
}

TEST_F(AccountsTest, TokensAreShownOnceStoredHashedAndRevocable) {
  Authenticator authn(*db_, clock_, AuthPolicy{.cache_ttl_ms = 60'000});
  CreatedToken t;
  db_->writer().Run([&](store::WriteContext& ctx) {
    t = CreateToken(ctx, {"外部系统", "external_system", county_, 30, 500}, SystemPrincipal(), "");
  });
  ASSERT_TRUE(t.token.starts_with("sg_"));
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM api_tokens WHERE secret_hash = '" + Sha256Hex(t.token) + "'"), 1);
  auto who = authn.Token(t.token);
  ASSERT_TRUE(who.principal);
  EXPECT_EQ(who.principal->role_code, "external_system");
  EXPECT_EQ(who.principal->rate_limit, 500.0);
  EXPECT_FALSE(authn.Token(t.token + "x").principal);

  db_->writer().Run(
      [&](store::WriteContext& ctx) { RevokeToken(ctx, t.id, SystemPrincipal(), ""); });
  authn.ForgetAll();
  const auto revoked = authn.Token(t.token);
  EXPECT_FALSE(revoked.principal);
  EXPECT_EQ(revoked.message, "访问令牌已被吊销");

  CreatedToken expiring;
  db_->writer().Run([&](store::WriteContext& ctx) {
    expiring =
        CreateToken(ctx, {"短期", "supervisor", county_, 1, std::nullopt}, SystemPrincipal(), "");
  });
  EXPECT_TRUE(authn.Token(expiring.token).principal);
  clock_.Set(kStart + 25 * 60 * kMinute);
  EXPECT_FALSE(authn.Token(expiring.token).principal) << "expires after a day";
}

}  // namespace
}  // namespace sg::auth
