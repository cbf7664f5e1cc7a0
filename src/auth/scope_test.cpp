// Data scopes on both engines: each scope of RuoYi-style admin systems selects exactly the cases,
// parties and agencies it names, shared cases included.
#include "auth/scope.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "base/errors.h"
#include "register/records.h"
#include "store/testing/test_db.h"

namespace sg::auth {
namespace {

class ScopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = db_.Connect();
    city_ = Agency(std::nullopt, "晋中市中级人民法院");
    yuci_ = Agency(city_, "榆次区人民法院");
    taigu_ = Agency(city_, "太谷区人民法院");
    bureau_ = Agency(std::nullopt, "晋中市市场监督管理局");
    judge_ = reg::InsertUser(*conn_, 0, {"u1", "judge", "法官甲", yuci_, std::nullopt});
    member_ = reg::InsertUser(*conn_, 0, {"u2", "member", "法官乙", yuci_, std::nullopt});
    city_case_ = Case(city_, std::nullopt, {});
    yuci_case_ = Case(yuci_, judge_, {});
    panel_case_ = Case(yuci_, std::nullopt, {member_});
    taigu_case_ = Case(taigu_, std::nullopt, {});
    bureau_case_ = Case(bureau_, std::nullopt, {});
  }
  int64_t Agency(std::optional<int64_t> parent, const std::string& name) {
    return reg::InsertAgency(*conn_, 0,
                             {"a" + std::to_string(++n_), parent, name, name, "market_regulation",
                              std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  }
  int64_t Case(int64_t agency, std::optional<int64_t> handler, std::vector<int64_t> panel) {
    reg::NewCase c;
    c.uid = "c" + std::to_string(++n_);
    c.kind = "complaint";
    c.agency_id = agency;
    c.handler_id = handler;
    c.panel_ids = std::move(panel);
    c.title = "案件" + std::to_string(n_);
    c.status = "received";
    c.received_on = "2024-01-02";
    return reg::InsertCase(*conn_, c);
  }
  Principal Of(DataScope scope, int64_t agency, int64_t user = 0) {
    Principal p;
    p.kind = Principal::Kind::kUser;
    p.id = user;
    p.agency_id = agency;
    auto r = conn_->Query("SELECT path FROM agencies WHERE id = ?", agency);
    r.Next();
    p.agency_path = r.Str(0);
    p.scope = scope;
    p.role_id = 1;
    LoadScopeAgencies(*conn_, p);
    return p;
  }
  // The in-memory check of one row agrees with the SQL condition, for every case.
  void ExpectRowCheckAgrees(const Principal& p) {
    const auto visible = Cases(p);
    auto r = conn_->Query("SELECT id, agency_id, handler_id FROM cases ORDER BY id");
    std::vector<std::tuple<int64_t, int64_t, std::optional<int64_t>>> rows;
    while (r.Next()) rows.emplace_back(r.Int(0), r.Int(1), r.OptInt(2));
    for (const auto& [id, agency, handler] : rows) {
      const bool in_sql = std::find(visible.begin(), visible.end(), id) != visible.end();
      EXPECT_EQ(CaseRowVisible(*conn_, p, id, agency, handler), in_sql)
          << "case " << id << ", scope " << DataScopeCode(p.scope) << ", agency " << p.agency_id;
    }
  }
  std::vector<int64_t> Cases(const Principal& p) {
    const SqlCondition s = CaseScope(p);
    std::string sql = "SELECT c.id FROM cases c";
    if (!s.empty()) sql += " WHERE " + s.sql;
    auto r = conn_->QueryV(sql + " ORDER BY c.id", s.params);
    std::vector<int64_t> ids;
    while (r.Next()) ids.push_back(r.Int(0));
    return ids;
  }

  store::testing::TestDb db_;
  std::unique_ptr<store::Connection> conn_;
  int n_ = 0;
  int64_t city_ = 0, yuci_ = 0, taigu_ = 0, bureau_ = 0, judge_ = 0, member_ = 0;
  int64_t city_case_ = 0, yuci_case_ = 0, panel_case_ = 0, taigu_case_ = 0, bureau_case_ = 0;
};

TEST_F(ScopeTest, EachScopeSelectsWhatItNames) {
  using V = std::vector<int64_t>;
  EXPECT_EQ(Cases(Of(DataScope::kAll, yuci_)),
            (V{city_case_, yuci_case_, panel_case_, taigu_case_, bureau_case_}));
  EXPECT_EQ(Cases(Of(DataScope::kAgency, yuci_)), (V{yuci_case_, panel_case_}));
  EXPECT_EQ(Cases(Of(DataScope::kAgency, city_)), (V{city_case_}))
      << "own agency does not include the agencies below";
  EXPECT_EQ(Cases(Of(DataScope::kAgencyAndBelow, city_)),
            (V{city_case_, yuci_case_, panel_case_, taigu_case_}));
  EXPECT_EQ(Cases(Of(DataScope::kOwnCases, yuci_, judge_)), (V{yuci_case_})) << "as handler";
  EXPECT_EQ(Cases(Of(DataScope::kOwnCases, yuci_, member_)), (V{panel_case_})) << "on the panel";
  conn_->Exec(
      "INSERT INTO roles (id, code, name, data_scope, permissions, created_at, "
      "updated_at) VALUES (100, 'custom_test', '自定义', 'custom', '[]', 0, 0)");
  conn_->Exec("INSERT INTO role_agencies (role_id, agency_id) VALUES (100, ?), (100, ?)", taigu_,
              bureau_);
  Principal custom = Of(DataScope::kCustom, yuci_);
  custom.role_id = 100;
  LoadScopeAgencies(*conn_, custom);
  EXPECT_EQ(Cases(custom), (V{taigu_case_, bureau_case_}));
  for (const auto& p :
       {Of(DataScope::kAll, yuci_), Of(DataScope::kAgency, yuci_), Of(DataScope::kAgency, city_),
        Of(DataScope::kAgencyAndBelow, city_), Of(DataScope::kOwnCases, yuci_, judge_),
        Of(DataScope::kOwnCases, yuci_, member_), custom}) {
    ExpectRowCheckAgrees(p);
  }
}

TEST_F(ScopeTest, ATokenHasNoCasesOfItsOwn) {
  Principal token = Of(DataScope::kOwnCases, yuci_, judge_);
  token.kind = Principal::Kind::kToken;
  EXPECT_TRUE(Cases(token).empty());
}

TEST_F(ScopeTest, ACaseSharedWithAnAgencyIsVisibleThereAndAbove) {
  conn_->Exec(
      "INSERT INTO case_access (case_id, agency_id, via_case_id, created_at) "
      "VALUES (?, ?, NULL, 0)",
      bureau_case_, taigu_);
  EXPECT_EQ(Cases(Of(DataScope::kAgency, taigu_)),
            (std::vector<int64_t>{taigu_case_, bureau_case_}));
  EXPECT_EQ(Cases(Of(DataScope::kAgencyAndBelow, city_)),
            (std::vector<int64_t>{city_case_, yuci_case_, panel_case_, taigu_case_, bureau_case_}));
  EXPECT_EQ(Cases(Of(DataScope::kAgency, yuci_)), (std::vector<int64_t>{yuci_case_, panel_case_}));
  EXPECT_TRUE(CaseVisible(*conn_, Of(DataScope::kAgency, taigu_), bureau_case_));
  ExpectRowCheckAgrees(Of(DataScope::kAgency, taigu_));
  ExpectRowCheckAgrees(Of(DataScope::kAgencyAndBelow, city_));
  EXPECT_FALSE(CaseVisible(*conn_, Of(DataScope::kAgency, yuci_), bureau_case_));
}

TEST_F(ScopeTest, AgenciesInScopeAndRefusals) {
  EXPECT_TRUE(AgencyInScope(*conn_, Of(DataScope::kAgencyAndBelow, city_), taigu_));
  EXPECT_FALSE(AgencyInScope(*conn_, Of(DataScope::kAgencyAndBelow, yuci_), taigu_));
  EXPECT_FALSE(AgencyInScope(*conn_, Of(DataScope::kAgencyAndBelow, yuci_), city_))
      << "a county does not see its city";
  EXPECT_TRUE(AgencyInScope(*conn_, Of(DataScope::kAll, yuci_), bureau_));
  try {
    RequireAgencyInScope(*conn_, Of(DataScope::kAgency, yuci_), taigu_, "agency_id");
    FAIL() << "another agency must be refused";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kForbidden);
    EXPECT_EQ(e.field(), "agency_id");
  }
  try {
    RequireAgencyInScope(*conn_, Of(DataScope::kAll, yuci_), 9999, "agency_id");
    FAIL() << "a missing agency must be refused";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidField);
  }
}

TEST_F(ScopeTest, PersonalDataIsReadableOnlyInTheOwnAgencyWithThePermission) {
  reg::NewParty person{"p1",          "person", "张伟", {}, "110105194912310029",
                       "13812345678", {},       {},     {}, yuci_};
  const int64_t registered_here = reg::InsertParty(*conn_, 0, person);
  reg::NewParty other{"p2", "person", "李娜", {}, {}, {}, {}, {}, {}, bureau_};
  const int64_t elsewhere = reg::InsertParty(*conn_, 0, other);
  Principal clerk = Of(DataScope::kAgency, yuci_);
  clerk.permissions = {"party:pii:read"};
  EXPECT_TRUE(MayReadPartyPii(*conn_, clerk, registered_here));
  EXPECT_FALSE(MayReadPartyPii(*conn_, clerk, elsewhere));
  Principal no_permission = Of(DataScope::kAgency, yuci_);
  EXPECT_FALSE(MayReadPartyPii(*conn_, no_permission, registered_here));
  // A party of one of the agency's cases, though registered elsewhere, is the agency's too.
  conn_->Exec("INSERT INTO case_parties (case_id, party_id, role, ordinal) VALUES (?, ?, ?, 0)",
              yuci_case_, elsewhere, "plaintiff");
  EXPECT_TRUE(MayReadPartyPii(*conn_, clerk, elsewhere));

  const SqlCondition s = PartyScope(Of(DataScope::kAgency, taigu_));
  auto r = conn_->QueryV("SELECT COUNT(*) FROM parties p WHERE " + s.sql, s.params);
  ASSERT_TRUE(r.Next());
  EXPECT_EQ(r.Int(0), 0) << "taigu sees neither party";
}

}  // namespace
}  // namespace sg::auth
