#include "core/id_number.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace sg::core {
namespace {

constexpr CivilDate kToday{2024, 6, 1};

struct IdCase {
  const char* input;
  bool valid;
  const char* normalized;
  const char* source;
};

TEST(IdNumberTest, ValidatesTable) {
  const IdCase kCases[] = {
      {"11010519491231002X", true, "11010519491231002X", "identifiers.md valid example"},
      {"11010519491231002x", true, "11010519491231002X", "lower-case x normalised"},
      {" 110105 19491231 002X ", true, "11010519491231002X", "spaces anywhere"},
      {"１１０１０５１９４９１２３１００２Ｘ", true, "11010519491231002X", "full-width digits"},
      {"110105200002290013", true, "110105200002290013", "synthetic: 2000-02-29, leap year"},
      {"110105202402290011", true, "110105202402290011", "synthetic: 2024-02-29, leap year"},
      {"11010519491231003X", false, "11010519491231003X", "near miss: one digit changed"},
      {"110105194912310021", false, "110105194912310021", "near miss: wrong check char"},
      {"11010519491231002", false, "11010519491231002", "near miss: 17 characters"},
      {"110105491231002", false, "110105491231002", "old 15-digit form"},
      {"110105202302290014", false, "110105202302290014", "synthetic: Feb 29 2023, not leap"},
      {"110105190002290017", false, "110105190002290017", "synthetic: Feb 29 1900, not leap"},
      {"110105194912320025", false, "110105194912320025", "synthetic: Dec 32"},
      {"440304202406020036", false, "440304202406020036", "synthetic: born after today"},
      {"1101051949123100AX", false, "1101051949123100AX", "letter in the digits"},
  };
  for (const auto& c : kCases) {
    const ValidationResult r = ValidateIdNumber(c.input, kToday);
    EXPECT_EQ(r.valid, c.valid) << c.source << ": " << r.reason;
    EXPECT_EQ(r.normalized, c.normalized) << c.source;
    EXPECT_EQ(r.reason.empty(), c.valid) << c.source;
  }
}

TEST(IdNumberTest, BirthDateMayBeTodayButNotTomorrow) {
  // Synthetic number for a child born 2024-05-06.
  EXPECT_TRUE(ValidateIdNumber("440304202405060036", {2024, 5, 6}).valid);
  const ValidationResult r = ValidateIdNumber("440304202405060036", {2024, 5, 5});
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.reason, "出生日期 20240506 晚于今天，请核对号码");
}

TEST(IdNumberTest, FillsPartsInOrder) {
  const ValidationResult r = ValidateIdNumber("11010519491231002X", kToday);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"address_code", "110105"},
      {"birth_date", "1949-12-31"},
      {"sequence", "002"},
      {"sex", "female"}};  // GB 11643-1999 §6.3: even sequence
  EXPECT_EQ(r.parts, expected);
  EXPECT_EQ(ValidateIdNumber("440304202405060036", kToday).parts[3].second, "male");
}

TEST(IdNumberTest, ExplainsWrongCheckChar) {
  const ValidationResult r = ValidateIdNumber("110105194912310021", kToday);
  EXPECT_EQ(r.reason, "校验位应为 X，当前为 1，请核对号码");
  EXPECT_EQ(r.parts.size(), 4u);
}

TEST(IdNumberTest, CheckCharHelper) {
  EXPECT_EQ(IdNumberCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(IdNumberCheckChar("11010520000229001"), '3');
  EXPECT_EQ(IdNumberCheckChar("1101051949123100"), '\0');
  EXPECT_EQ(IdNumberCheckChar("1101051949123100A"), '\0');
}

TEST(IdNumberTest, MasksForSharedViews) {
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110105********002X");  // identifiers.md
  EXPECT_EQ(MaskIdNumber("11010519491231002x"), "110105********002X");
  EXPECT_EQ(MaskIdNumber("110105491231002"), "***************");  // never leak malformed
  EXPECT_EQ(MaskIdNumber(""), "");
}

}  // namespace
}  // namespace sg::core
