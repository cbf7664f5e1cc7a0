#include "register/records.h"

#include <gtest/gtest.h>

#include "register/search.h"
#include "store/migrations.h"
#include "store/testing/test_db.h"

namespace sg::reg {
namespace {

class RecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = db_.Connect();
    city_ = InsertAgency(*conn_, 0,
                         {"a1", std::nullopt, "晋中市中级人民法院", "晋中中院", "court",
                          "intermediate", "晋07", "140700", std::nullopt});
    county_ = InsertAgency(*conn_, 0,
                           {"a2", city_, "榆次区人民法院", "榆次法院", "court", "basic", "晋0702",
                            "140702", std::nullopt});
  }
  // Case ids matching free text q, in id order; the clause's three forms must agree.
  std::vector<int64_t> Search(const std::string& q) {
    auto clause = BuildSearchClause(q);
    if (!clause) return {};
    const auto ids = [&](const std::string& sql, const std::vector<std::string>& values) {
      std::vector<store::Param> params(values.begin(), values.end());
      auto rows = conn_->QueryV(sql, params);
      std::vector<int64_t> out;
      while (rows.Next()) out.push_back(rows.Int(0));
      return out;
    };
    auto matched =
        ids("SELECT c.id FROM cases c WHERE " + clause->sql + " ORDER BY c.id", clause->params);
    EXPECT_EQ(ids("SELECT c.id FROM cases c WHERE " + clause->probe + " ORDER BY c.id",
                  clause->probe_params),
              matched)
        << q;
    EXPECT_EQ(ids("SELECT case_id FROM (" + clause->cases + ") AS m ORDER BY case_id",
                  clause->cases_params),
              matched)
        << q;
    return matched;
  }
  int64_t AddCase(const std::string& title, std::vector<CaseParty> parties) {
    NewCase c;
    c.uid = "c" + std::to_string(++n_);
    c.kind = "civil_first";
    c.agency_id = county_;
    c.title = title;
    c.status = "received";
    c.received_on = "2024-01-02";
    c.parties = std::move(parties);
    return InsertCase(*conn_, c);
  }
  store::testing::TestDb db_;
  std::unique_ptr<store::Connection> conn_;
  int64_t city_ = 0, county_ = 0;
  int n_ = 0;
};

TEST_F(RecordsTest, AgencyPathsNestUnderTheirParent) {
  auto rows = conn_->Query("SELECT path FROM agencies WHERE id = ?", county_);
  ASSERT_TRUE(rows.Next());
  EXPECT_EQ(rows.Str(0), "/" + std::to_string(city_) + "/" + std::to_string(county_) + "/");
}

TEST_F(RecordsTest, FreeTextFindsTwoCharacterNamesAndAnySubstring) {
  const int64_t zhang =
      InsertParty(*conn_, 0, {"p1", "person", "张伟", {}, {}, {}, {}, {}, {}, {}});
  const int64_t firm = InsertParty(
      *conn_, 0, {"p2", "organization", "山西寿阳小米有限责任公司", {}, {}, {}, {}, {}, {}, {}});
  const int64_t a =
      AddCase("侵害商标权纠纷", {{zhang, "plaintiff", {}, {}}, {firm, "defendant", {}, {}}});
  const int64_t b = AddCase("侵害发明专利权纠纷", {{firm, "plaintiff", {}, {}}});
  EXPECT_EQ(Search("张伟"), std::vector<int64_t>{a});
  EXPECT_EQ(Search("小米"), (std::vector<int64_t>{a, b}));
  EXPECT_EQ(Search("寿阳小米有限公司"), (std::vector<int64_t>{a, b}))
      << "有限责任公司 and 有限公司 are one company form";
  EXPECT_EQ(Search("专利权"), std::vector<int64_t>{b});
  EXPECT_TRUE(Search("纠纷张伟").empty()) << "no match across field boundaries";
  EXPECT_FALSE(BuildSearchClause("张"));
}

TEST_F(RecordsTest, TheReadModelShowsPartiesIpRightsAndPanel) {
  const int64_t firm = InsertParty(
      *conn_, 0,
      {"p1", "organization", "太重集团榆次液压工业有限公司", {}, {}, {}, {}, {}, {}, {}});
  NewIpRight right;
  right.uid = "r1";
  right.type = "patent_invention";
  right.number = "201710601862.3";
  right.title = "一种液压阀";
  right.owner_party_id = firm;
  const int64_t patent = InsertIpRight(*conn_, 0, right);
  NewCase c;
  c.uid = "c-detail";
  c.kind = "civil_first";
  c.agency_id = county_;
  c.title = "侵害发明专利权纠纷";
  c.status = "received";
  c.received_on = "2024-01-02";
  c.parties = {{firm, "plaintiff", {}, {}}};
  c.ip_rights = {{patent, {}, {}, {}}};
  const int64_t id = InsertCase(*conn_, c);
  auto detail = [&] {
    auto rows = conn_->Query("SELECT detail FROM cases WHERE id = ?", id);
    rows.Next();
    return rows.Str(0);
  };
  const std::string at_insert = detail();
  EXPECT_NE(at_insert.find("\"name\":\"太重集团榆次液压工业有限公司\""), std::string::npos)
      << at_insert;
  EXPECT_NE(at_insert.find("\"number\":\"201710601862.3\""), std::string::npos) << at_insert;
  EXPECT_NE(at_insert.find("\"panel_ids\":[]"), std::string::npos) << at_insert;
  // Refreshing from the link tables gives the same text, and picks up a new panel member.
  RefreshCaseDetail(*conn_, id);
  EXPECT_EQ(detail(), at_insert);
  const int64_t judge = InsertUser(*conn_, 0, {"u1", "judge1", "王法官", county_, "审判员"});
  conn_->Exec("INSERT INTO case_panel (case_id, user_id) VALUES (?, ?)", id, judge);
  RefreshCaseDetail(*conn_, id);
  EXPECT_NE(detail().find("\"panel_ids\":[" + std::to_string(judge) + "]"), std::string::npos);
}

TEST_F(RecordsTest, ReindexPicksUpNewTitles) {
  const int64_t a = AddCase("旧标题", {});
  conn_->Exec("UPDATE cases SET title = ? WHERE id = ?", "左权连翘地理标志纠纷", a);
  ReindexCase(*conn_, a);
  EXPECT_EQ(Search("连翘"), std::vector<int64_t>{a});
  EXPECT_TRUE(Search("旧标题").empty());
}

TEST_F(RecordsTest, BatchedTermsAreTheTermsOfOneCaseAtATime) {
  // A bulk writer's TermBatch must store exactly the rows InsertCase stores alone: each bigram
  // once per case (here 张伟 is in the title and the party), 4-byte code points (𠮷) included.
  const int64_t zhang =
      InsertParty(*conn_, 0, {"p1", "person", "张伟", {}, {}, {}, {}, {}, {}, {}});
  const auto terms_of = [&](int64_t case_id) {
    std::vector<std::string> terms;
    auto rows =
        conn_->Query("SELECT term FROM case_terms WHERE case_id = ? ORDER BY term", case_id);
    while (rows.Next()) terms.push_back(rows.Str(0));
    return terms;
  };
  const std::vector<std::string> titles = {"张伟诉𠮷野家商标纠纷张伟", "ab ab abc", "侵害"};
  TermBatch batch;
  for (const auto& title : titles) {
    const int64_t alone = AddCase(title, {{zhang, "plaintiff", {}, {}}});
    NewCase c;
    c.uid = "batched-" + std::to_string(alone);
    c.kind = "civil_first";
    c.agency_id = county_;
    c.title = title;
    c.status = "received";
    c.received_on = "2024-01-02";
    c.parties = {{zhang, "plaintiff", {}, {}}};
    const int64_t batched = InsertCase(*conn_, c, &batch);
    EXPECT_TRUE(terms_of(batched).empty()) << "nothing is written before Flush";
    batch.Flush(*conn_);
    EXPECT_EQ(terms_of(batched), terms_of(alone)) << title;
    EXPECT_FALSE(terms_of(alone).empty());
  }
  EXPECT_EQ(Search("𠮷野").size(), 2U);
}

TEST_F(RecordsTest, PatentNumbersMatchWhateverTheSpelling) {
  EXPECT_EQ(IpNumberKey("patent_invention", "ZL 2017 1 0601862.3"), "201710601862.3");
  EXPECT_EQ(IpNumberKey("patent_invention", "CN2017106018623"), "201710601862.3");
}

}  // namespace
}  // namespace sg::reg
