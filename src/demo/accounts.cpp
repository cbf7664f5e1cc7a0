#include "demo/accounts.h"

#include <array>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include "auth/crypto.h"
#include "demo/names.h"
#include "demo/rng.h"
#include "register/records.h"

namespace sg::demo {
namespace {

constexpr std::string_view kAgencyId = "SELECT id FROM agencies WHERE name = ?";
constexpr std::string_view kUserByName =
    "SELECT id, display_name, agency_id FROM users WHERE username = ?";
constexpr std::string_view kAnyAccount =
    "SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL";
// An agency's users, those who handle the most cases first.
constexpr std::string_view kBusiestUsers =
    "SELECT u.id, u.username, u.display_name FROM users u "
    "LEFT JOIN cases c ON c.handler_id = u.id WHERE u.agency_id = ? "
    "GROUP BY u.id, u.username, u.display_name ORDER BY COUNT(c.id) DESC, u.id";
constexpr std::string_view kRoles = "SELECT code, id, requires_totp FROM roles";
constexpr std::string_view kSetAccount =
    "UPDATE users SET role_id = ?, password_hash = ?, must_change_password = 0, totp_secret = ?, "
    "totp_enabled = ?, totp_last_step = 0, password_changed_at = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kOthersAreHandlers =
    "UPDATE users SET role_id = ?, updated_at = ? WHERE role_id IS NULL";

// The accounts' own random stream ("accounts" in ASCII mixed into the seed), so that they do not
// shift the data's streams and the data does not shift them.
constexpr uint64_t kAccountStream = 0x6163636f756e7473;
constexpr std::string_view kPasswordAlphabet =
    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";  // no 0/O, 1/l/I
constexpr int kPasswordRandomChars = 8;                          // 56^8, about 2^46
constexpr size_t kTotpSecretBytes = 20;  // RFC 4226 §4: the HMAC-SHA1 block-size recommendation

constexpr std::string_view kIntermediateCourt = "晋中市中级人民法院";
constexpr std::string_view kBasicCourt = "榆次区人民法院";
constexpr std::string_view kEnforcementUnit = "晋中市市场监督管理局知识产权执法中队";
constexpr std::string_view kArbitrationCentre = "晋中仲裁委员会知识产权仲裁中心";
constexpr std::string_view kHotline = "晋中市12345政务服务便民热线";

enum class Source {
  kNew,       // a new user named `username`
  kExisting,  // the demo user named `username`
  kBusiest,   // the agency's demo user with the most cases not yet taken
};

struct Spec {
  std::string_view agency;
  std::string_view role;
  Source source;
  std::string_view username;      // kNew, kExisting
  std::string_view title;         // kNew
  std::string_view display_name;  // kNew; empty: a generated personal name
};

constexpr std::array<Spec, 17> kSpecs{{
    {kIntermediateCourt, "system_admin", Source::kNew, "admin", "系统管理员", ""},
    {kIntermediateCourt, "agency_admin", Source::kNew, "jzzy_admin", "信息技术管理员", ""},
    {kIntermediateCourt, "clerk", Source::kNew, "jzzy_clerk", "立案庭书记员", ""},
    {kIntermediateCourt, "handler", Source::kBusiest, "", "", ""},
    {kIntermediateCourt, "approver", Source::kExisting, "jzzy_chief_01", "", ""},
    {kIntermediateCourt, "supervisor", Source::kNew, "jzzy_leader", "副院长", ""},
    {kBasicCourt, "agency_admin", Source::kNew, "yc_admin", "信息技术管理员", ""},
    {kBasicCourt, "clerk", Source::kNew, "yc_clerk", "立案庭书记员", ""},
    {kBasicCourt, "handler", Source::kBusiest, "", "", ""},
    {kEnforcementUnit, "clerk", Source::kNew, "jzzfd_clerk", "案件登记员", ""},
    {kEnforcementUnit, "handler", Source::kBusiest, "", "", ""},
    {kEnforcementUnit, "approver", Source::kExisting, "jzzfd_chief_01", "", ""},
    {kArbitrationCentre, "clerk", Source::kNew, "jzzc_clerk", "立案秘书", ""},
    {kArbitrationCentre, "handler", Source::kBusiest, "", "", ""},
    {kHotline, "clerk", Source::kNew, "jz12345_clerk", "工单受理员", ""},
    {kHotline, "handler", Source::kBusiest, "", "", ""},
    {kHotline, "external_system", Source::kNew, "jz12345_api", "系统对接账号", "12345热线工单系统"},
}};

struct Role {
  int64_t id = 0;
  bool requires_totp = false;
};

std::string MakePassword(Rng& rng, std::string_view username) {
  const auto last = static_cast<int64_t>(kPasswordAlphabet.size()) - 1;
  for (;;) {
    std::string p = "Sg-";
    for (int i = 0; i < kPasswordRandomChars; ++i) {
      p += kPasswordAlphabet[static_cast<size_t>(rng.Range(0, last))];
    }
    p += "7a";
    // The fixed parts give three classes; only the username rule can fail, and only by chance.
    if (!auth::PasswordPolicyError(username, p)) return p;
  }
}

std::string MakeTotpSecret(Rng& rng) {
  std::array<uint8_t, kTotpSecretBytes> bytes{};
  for (auto& b : bytes) b = static_cast<uint8_t>(rng.Range(0, 255));
  return auth::Base32Encode(bytes);
}

int64_t AgencyId(store::Connection& conn, std::string_view name) {
  auto id = conn.QueryInt(kAgencyId, name);
  if (!id)
    throw std::runtime_error("demo accounts: the demo agency " + std::string(name) + " is missing");
  return *id;
}

}  // namespace

std::vector<DemoAccount> CreateDemoAccounts(store::Connection& conn, uint64_t seed,
                                            TimestampMs at) {
  return CreateDemoAccounts(conn, seed, at, nullptr);
}

std::vector<DemoAccount> CreateDemoAccounts(store::Connection& conn, uint64_t seed, TimestampMs at,
                                            const std::function<void()>& in_transaction) {
  if (conn.QueryInt(kAnyAccount).value_or(0) != 0) {
    throw std::runtime_error("demo accounts: the database already has accounts with passwords");
  }
  std::map<std::string, Role, std::less<>> roles;
  {
    auto r = conn.Query(kRoles);
    while (r.Next()) roles[r.Str(0)] = {r.Int(1), r.Int(2) != 0};
  }

  // Who each account is: existing users first, so that the busiest-handler picks skip them.
  std::vector<DemoAccount> accounts(kSpecs.size());
  std::vector<int64_t> agency_ids(kSpecs.size());
  std::set<int64_t> taken;
  for (size_t i = 0; i < kSpecs.size(); ++i) {
    const Spec& s = kSpecs[i];
    if (!roles.contains(s.role)) {
      throw std::runtime_error("demo accounts: the role " + std::string(s.role) + " is missing");
    }
    agency_ids[i] = AgencyId(conn, s.agency);
    accounts[i].role = s.role;
    accounts[i].agency_name = s.agency;
    if (s.source == Source::kNew) {
      if (conn.QueryInt(kUserByName, s.username)) {
        throw std::runtime_error("demo accounts: the user " + std::string(s.username) +
                                 " already exists");
      }
      accounts[i].username = s.username;
    } else if (s.source == Source::kExisting) {
      auto r = conn.Query(kUserByName, s.username);
      if (!r.Next() || r.Int(2) != agency_ids[i]) {
        throw std::runtime_error("demo accounts: the demo user " + std::string(s.username) +
                                 " is missing");
      }
      accounts[i].user_id = r.Int(0);
      accounts[i].username = s.username;
      accounts[i].display_name = r.Str(1);
      taken.insert(accounts[i].user_id);
    }
  }
  for (size_t i = 0; i < kSpecs.size(); ++i) {
    if (kSpecs[i].source != Source::kBusiest) continue;
    auto r = conn.Query(kBusiestUsers, agency_ids[i]);
    while (r.Next()) {
      if (taken.insert(r.Int(0)).second) {
        accounts[i].user_id = r.Int(0);
        accounts[i].username = r.Str(1);
        accounts[i].display_name = r.Str(2);
        break;
      }
    }
    if (accounts[i].user_id == 0) {
      throw std::runtime_error("demo accounts: " + std::string(kSpecs[i].agency) +
                               " has no user left to be its handler");
    }
  }

  // Secrets from the seed, in the fixed order of kSpecs; hashes before the transaction.
  Rng rng(seed ^ kAccountStream);
  std::vector<std::string> uids(kSpecs.size());
  std::vector<std::string> hashes(kSpecs.size());
  for (size_t i = 0; i < kSpecs.size(); ++i) {
    const Spec& s = kSpecs[i];
    DemoAccount& a = accounts[i];
    if (s.source == Source::kNew) {
      uids[i] = rng.Uuid(at);
      a.display_name = s.display_name.empty() ? MakePersonName(rng) : std::string(s.display_name);
    }
    a.password = MakePassword(rng, a.username);
    if (roles.find(s.role)->second.requires_totp) a.totp_secret = MakeTotpSecret(rng);
    hashes[i] = auth::HashPassword(a.password);
  }

  store::Transaction tx(conn);
  for (size_t i = 0; i < kSpecs.size(); ++i) {
    const Spec& s = kSpecs[i];
    DemoAccount& a = accounts[i];
    if (s.source == Source::kNew) {
      reg::NewUser u;
      u.uid = uids[i];
      u.username = a.username;
      u.display_name = a.display_name;
      u.agency_id = agency_ids[i];
      u.title = std::string(s.title);
      a.user_id = reg::InsertUser(conn, at, u);
    }
    const bool totp = !a.totp_secret.empty();
    conn.Exec(kSetAccount, roles.find(s.role)->second.id, hashes[i],
              totp ? std::optional<std::string>(a.totp_secret) : std::nullopt, totp ? 1 : 0, at, at,
              a.user_id);
  }
  conn.Exec(kOthersAreHandlers, roles.find(std::string_view("handler"))->second.id, at);
  if (in_transaction) in_transaction();
  tx.Commit();
  return accounts;
}

std::string FormatAccountsFile(const std::vector<DemoAccount>& accounts) {
  std::string out;
  for (const auto& a : accounts) {
    out += a.username + '\t' + a.password + '\t' + a.role + '\t' + a.agency_name + '\t' +
           (a.totp_secret.empty() ? "-" : a.totp_secret) + '\n';
  }
  return out;
}

}  // namespace sg::demo
