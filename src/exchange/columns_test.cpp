// The text forms of the column mapping: headers, dates, list cells.
#include "exchange/columns.h"

#include <gtest/gtest.h>

namespace sg::exch {
namespace {

TEST(ColumnsTest, HeadersMatchInChineseEnglishAndAliases) {
  const auto& cols = Columns(Entity::kCases);
  EXPECT_EQ(FindColumn(cols, "案号"), ColumnIndex(Entity::kCases, "case_number"));
  EXPECT_EQ(FindColumn(cols, "case_number"), ColumnIndex(Entity::kCases, "case_number"));
  EXPECT_EQ(FindColumn(cols, " Case_Number "), ColumnIndex(Entity::kCases, "case_number"));
  EXPECT_EQ(FindColumn(cols, "标的额 (分)"), ColumnIndex(Entity::kCases, "claim_amount_fen"));
  EXPECT_EQ(FindColumn(cols, "受理日期"), ColumnIndex(Entity::kCases, "received_on"));
  EXPECT_FALSE(FindColumn(cols, "备注"));
  EXPECT_EQ(FindHotlineField("工单编号"), HotlineField::kOrderId);
  EXPECT_EQ(FindHotlineField("被投诉单位"), HotlineField::kRespondent);
  EXPECT_FALSE(FindHotlineField("回访结果"));
}

TEST(ColumnsTest, DatesInTheSpellingsFilesUse) {
  const Date want{2024, 5, 20};
  for (const char* text : {"2024-05-20", "2024/5/20", "2024年5月20日", "2024.5.20", "20240520",
                           "2024-05-20 10:31:00", " 2024-5-20 "}) {
    EXPECT_EQ(ParseDateText(text), want) << text;
  }
  for (const char* text : {"2024-02-30", "2024/13/1", "5/20/2024", "二〇二四年", "", "2024-05"}) {
    EXPECT_FALSE(ParseDateText(text)) << text;
  }
}

TEST(ColumnsTest, PartyItemsKeepNamesWithColonsAndBrackets) {
  auto p = ParsePartyItem("原告:山西太行科技有限公司（晋中分公司）:91440300MA5F0T2K5H");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->role, "原告");
  EXPECT_EQ(p->name, "山西太行科技有限公司（晋中分公司）");
  EXPECT_EQ(p->identifier, "91440300MA5F0T2K5H");
  p = ParsePartyItem("被告：张三");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "张三");
  EXPECT_EQ(p->identifier, "");
  p = ParsePartyItem("第三人:某某:工作室");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "某某:工作室");
  EXPECT_FALSE(ParsePartyItem("张三"));
  EXPECT_EQ(FormatPartyItem("原告", "张三", "11010519491231002X"), "原告:张三:11010519491231002X");
}

TEST(ColumnsTest, ListsSplitOnLineBreaksAndSemicolons) {
  EXPECT_EQ(SplitList("a\r\nb；c;;d", false), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(SplitList("小米，华为,OPPO", true), (std::vector<std::string>{"小米", "华为", "OPPO"}));
  EXPECT_EQ(ParseDictValue("case_kind", "民事一审"), "civil_first");
  EXPECT_EQ(ParseDictValue("case_kind", "civil_first"), "civil_first");
  EXPECT_FALSE(ParseDictValue("case_kind", "民事三审"));
}

}  // namespace
}  // namespace sg::exch
