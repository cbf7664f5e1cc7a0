#include "core/patent_number.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace sg::core {
namespace {

constexpr CivilDate kToday{2024, 6, 1};

struct PatentCase {
  const char* input;
  bool valid;
  const char* normalized;
  const char* source;
};

TEST(PatentNumberTest, ValidatesTable) {
  const PatentCase kCases[] = {
      {"201710601862.3", true, "201710601862.3", "identifiers.md valid example"},
      {"200710308494.X", true, "200710308494.X", "identifiers.md valid example"},
      {"95115608.X", true, "95115608.X", "identifiers.md valid example, pre-2003 form"},
      {"ZL 2017 1 0601862.3", true, "201710601862.3", "identifiers.md: ZL prefix, spaces"},
      {"CN201710601862.3", true, "201710601862.3", "identifiers.md: CN prefix"},
      {"2017106018623", true, "201710601862.3", "identifiers.md: dot left out"},
      {"zl201710601862.3", true, "201710601862.3", "lower-case prefix"},
      {"cn 200710308494.x", true, "200710308494.X", "lower-case x"},
      {"ＺＬ２０１７１０６０１８６２．３", true, "201710601862.3", "full-width"},
      {"95115608X", true, "95115608.X", "pre-2003 form without dot"},
      {"02112345.4", true, "02112345.4", "synthetic: pre-2003 form, year 2002"},
      {"200310000001.8", true, "200310000001.8", "synthetic: first year of current form"},
      {"201710601862.4", false, "201710601862.4", "near miss: wrong check char"},
      {"201710601863.3", false, "201710601863.3", "near miss: one digit changed"},
      {"201740601862.X", false, "201740601862.X", "synthetic: type digit 4 does not exist"},
      {"20171060186.3", false, "20171060186.3", "near miss: 11 digits"},
      {"200210601862.7", false, "200210601862.7", "synthetic: 12-digit form before 2003"},
      {"04112345.X", false, "04112345.X", "synthetic: 8-digit form after 2003"},
      {"84112345.4", false, "84112345.4", "synthetic: before 专利法 took effect in 1985"},
      {"202630000001.X", false, "202630000001.X", "synthetic: filing year after today"},
      {"201710601862.", false, "201710601862.", "check char missing"},
      {"", false, "", "empty input"},
  };
  for (const auto& c : kCases) {
    const ValidationResult r = ValidatePatentNumber(c.input, kToday);
    EXPECT_EQ(r.valid, c.valid) << c.source << ": " << r.reason;
    EXPECT_EQ(r.normalized, c.normalized) << c.source;
    EXPECT_EQ(r.reason.empty(), c.valid) << c.source;
  }
}

TEST(PatentNumberTest, FillsParts) {
  using Parts = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(
      ValidatePatentNumber("201710601862.3", kToday).parts,
      (Parts{{"year", "2017"}, {"type", "invention"}, {"serial", "0601862"}, {"check", "3"}}));
  EXPECT_EQ(ValidatePatentNumber("95115608.X", kToday).parts,
            (Parts{{"year", "1995"}, {"type", "invention"}, {"serial", "15608"}, {"check", "X"}}));
}

TEST(PatentNumberTest, ExplainsErrors) {
  EXPECT_EQ(ValidatePatentNumber("201710601862.4", kToday).reason,
            "校验位应为 3，当前为 4，请核对号码");
  const ValidationResult bad_type = ValidatePatentNumber("201740601862.X", kToday);
  EXPECT_EQ(bad_type.reason, "申请种类号应为 1、2、3、8 或 9，当前为 4，请核对号码");
  EXPECT_EQ(bad_type.parts.size(), 1u);  // the year was read before the type failed
}

TEST(PatentNumberTest, ParseAndFormatRoundTrip) {
  for (const char* text : {"201710601862.3", "200710308494.X", "95115608.X", "02112345.4"}) {
    const std::optional<PatentNumber> parsed = ParsePatentNumber(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(FormatPatentNumber(*parsed), text);
  }
  const std::optional<PatentNumber> p = ParsePatentNumber("ZL 2007 1 0308494.X");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->year, 2007);
  EXPECT_EQ(p->type, PatentType::kInvention);
  EXPECT_FALSE(p->legacy);
  EXPECT_FALSE(ParsePatentNumber("201710601862.4").has_value());
}

TEST(PatentNumberTest, CheckCharHelper) {
  EXPECT_EQ(PatentCheckChar("201710601862"), '3');
  EXPECT_EQ(PatentCheckChar("200710308494"), 'X');
  EXPECT_EQ(PatentCheckChar("95115608"), 'X');
  EXPECT_EQ(PatentCheckChar("2017106018"), '\0');
  EXPECT_EQ(PatentCheckChar("20171060186A"), '\0');
}

TEST(PatentNumberTest, TermsFollowPatentLaw2020Art42) {
  EXPECT_EQ(PatentTermYears(PatentType::kInvention), 20);
  EXPECT_EQ(PatentTermYears(PatentType::kUtilityModel), 10);
  EXPECT_EQ(PatentTermYears(PatentType::kDesign), 15);
  EXPECT_EQ(PatentTermYears(PatentType::kPctInvention), 20);
  EXPECT_EQ(PatentTermYears(PatentType::kPctUtilityModel), 10);
  // Designs filed before the 2020 amendment took effect (2021-06-01) keep 10 years.
  EXPECT_EQ(PatentTermYears(PatentType::kDesign, {2021, 5, 31}), 10);
  EXPECT_EQ(PatentTermYears(PatentType::kDesign, {2021, 6, 1}), 15);
  EXPECT_EQ(PatentTermYears(PatentType::kInvention, {2010, 1, 1}), 20);
}

TEST(PatentNumberTest, TypeNames) {
  EXPECT_EQ(PatentTypeName(PatentType::kUtilityModel), "utility_model");
  EXPECT_EQ(PatentTypeName(PatentType::kPctUtilityModel), "pct_utility_model");
}

}  // namespace
}  // namespace sg::core
