#include "register/case_numbers.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/testing/test_db.h"

namespace sg::reg {
namespace {

class CaseNumbersTest : public ::testing::Test {
 protected:
  void SetUp() override { conn_ = db_.Connect(); }
  store::testing::TestDb db_;
  std::unique_ptr<store::Connection> conn_;
};

TEST_F(CaseNumbersTest, CourtNumbersFollowTheSpcRulePerCourtYearAndType) {
  // 关于人民法院案件案号的若干规定 (2015): （2024）晋07知民初15号.
  NumberingAgency court{1, "court", "晋中中院", "晋07", std::nullopt};
  EXPECT_EQ(AssignCaseNumber(*conn_, court, "civil_first", 2024), "（2024）晋07知民初1号");
  EXPECT_EQ(AssignCaseNumber(*conn_, court, "civil_first", 2024), "（2024）晋07知民初2号");
  EXPECT_EQ(AssignCaseNumber(*conn_, court, "civil_second", 2024), "（2024）晋07知民终1号");
  EXPECT_EQ(AssignCaseNumber(*conn_, court, "civil_first", 2025), "（2025）晋07知民初1号");
  EXPECT_EQ(AssignCaseNumber(*conn_, court, "enforcement", 2025), "（2025）晋07执1号");
  NumberingAgency basic{2, "court", "榆次法院", "晋0702", std::nullopt};
  EXPECT_EQ(AssignCaseNumber(*conn_, basic, "civil_first", 2024), "（2024）晋0702知民初1号");
}

TEST_F(CaseNumbersTest, OtherAgenciesUseTheirTemplate) {
  NumberingAgency bureau{7, "market_regulation", "晋中市监", std::nullopt, std::nullopt};
  EXPECT_EQ(AssignCaseNumber(*conn_, bureau, "admin_penalty", 2024), "晋中市监处〔2024〕1号");
  EXPECT_EQ(AssignCaseNumber(*conn_, bureau, "admin_penalty", 2024), "晋中市监处〔2024〕2号");
  EXPECT_EQ(AssignCaseNumber(*conn_, bureau, "complaint", 2024), "晋中市监投〔2024〕1号");
  NumberingAgency arb{8, "arbitration", "晋中仲", std::nullopt,
                      std::string("{agency_abbr}字〔{year}〕第{seq}号")};
  EXPECT_EQ(AssignCaseNumber(*conn_, arb, "arbitration", 2024), "晋中仲字〔2024〕第1号");
}

TEST_F(CaseNumbersTest, RolledBackNumbersAreReused) {
  NumberingAgency court{1, "court", "晋中中院", "晋07", std::nullopt};
  {
    store::Transaction tx(*conn_);
    AssignCaseNumber(*conn_, court, "civil_first", 2024);
  }
  EXPECT_EQ(AssignCaseNumber(*conn_, court, "civil_first", 2024), "（2024）晋07知民初1号");
}

TEST(CaseNumberTemplateTest, RefusesUnknownPlaceholdersAndMissingSequence) {
  EXPECT_FALSE(RenderCaseNumberTemplate("{agency}{seq}", "a", "b", 2024, 1));
  EXPECT_FALSE(RenderCaseNumberTemplate("{agency_abbr}〔{year}〕号", "a", "b", 2024, 1));
  EXPECT_EQ(RenderCaseNumberTemplate("{agency_abbr}{kind_abbr}〔{year}〕{seq}号", "晋中市监", "处",
                                     2024, 12),
            "晋中市监处〔2024〕12号");
}

}  // namespace
}  // namespace sg::reg
