#include "base/json_text.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sg {
namespace {

TEST(JsonTextTest, ParsesBackToTheSameValues) {
  std::string out;
  JsonObjectText o(out);
  o.Str("title", "引号\" 反斜杠\\ 换行\n 制表\t \x01");
  o.Int("id", -42);
  o.Null("closed_on");
  o.Raw("tags", "[\"重点\"]");
  o.Merge("{\"parties\":[],\"panel_ids\":[1]}");
  o.Close();
  const auto v = boost::json::parse(out);
  EXPECT_EQ(v.at("title"), "引号\" 反斜杠\\ 换行\n 制表\t \x01");
  EXPECT_EQ(v.at("id"), -42);
  EXPECT_TRUE(v.at("closed_on").is_null());
  EXPECT_EQ(v.at("tags").at(0), "重点");
  EXPECT_EQ(v.at("panel_ids").at(0), 1);
}

TEST(JsonTextTest, EscapesAtEitherEndAndBetweenRuns) {
  std::string out;
  AppendJsonString(out, "\"晋中\\\x1f");
  EXPECT_EQ(out, "\"\\\"晋中\\\\\\u001f\"");
  out.clear();
  AppendJsonString(out, "");
  EXPECT_EQ(out, "\"\"");
}

TEST(JsonTextTest, EmptyObjectsMergeToNothing) {
  std::string out;
  JsonObjectText o(out);
  o.Merge("{}");
  o.Int("a", 1);
  o.Close();
  EXPECT_EQ(out, "{\"a\":1}");
}

}  // namespace
}  // namespace sg
