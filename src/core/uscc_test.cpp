#include "core/uscc.h"

#include <gtest/gtest.h>

#include <string>

namespace sg::core {
namespace {

struct UsccCase {
  const char* input;
  bool valid;
  const char* normalized;
  const char* source;
};

TEST(UsccTest, ValidatesTable) {
  const UsccCase kCases[] = {
      {"9144030071526726XG", true, "9144030071526726XG", "identifiers.md valid example"},
      {"91110000802100433B", true, "91110000802100433B", "identifiers.md valid example"},
      {"91440300MA5F0T2K5H", true, "91440300MA5F0T2K5H", "synthetic: letters in org body"},
      {" 9144030071526726xg ", true, "9144030071526726XG", "lower case, surrounding spaces"},
      {"９１４４０３００７１５２６７２６ＸＧ", true, "9144030071526726XG", "full-width"},
      {"9144030071526727XG", false, "9144030071526727XG", "near miss: one digit changed"},
      {"9144030071526726XH", false, "9144030071526726XH", "near miss: wrong check char"},
      {"9144030071526726X", false, "9144030071526726X", "near miss: 17 characters"},
      {"9144030071526726XGG", false, "9144030071526726XGG", "near miss: 19 characters"},
      {"91440300I1526726XG", false, "91440300I1526726XG", "letter I not in alphabet"},
      {"91440300O1526726XG", false, "91440300O1526726XG", "letter O not in alphabet"},
      {"91440300S1526726XG", false, "91440300S1526726XG", "letter S not in alphabet"},
      {"91440300V1526726XG", false, "91440300V1526726XG", "letter V not in alphabet"},
      {"91440300Z1526726XG", false, "91440300Z1526726XG", "letter Z not in alphabet"},
      {"91110000802100434E", false, "91110000802100434E",
       "synthetic: USCC check right, GB 11714 org check wrong"},
      {"", false, "", "empty input"},
  };
  for (const auto& c : kCases) {
    const ValidationResult r = ValidateUscc(c.input);
    EXPECT_EQ(r.valid, c.valid) << c.source << ": " << r.reason;
    EXPECT_EQ(r.normalized, c.normalized) << c.source;
    EXPECT_EQ(r.reason.empty(), c.valid) << c.source;
  }
}

TEST(UsccTest, FillsPartsInOrder) {
  const ValidationResult r = ValidateUscc("9144030071526726XG");
  ASSERT_EQ(r.parts.size(), 4u);
  EXPECT_EQ(r.parts[0], (std::pair<std::string, std::string>{"registration_authority", "9"}));
  EXPECT_EQ(r.parts[1], (std::pair<std::string, std::string>{"entity_type", "1"}));
  EXPECT_EQ(r.parts[2], (std::pair<std::string, std::string>{"area_code", "440300"}));
  EXPECT_EQ(r.parts[3], (std::pair<std::string, std::string>{"organization_code", "71526726X"}));
}

TEST(UsccTest, ExplainsWrongCheckCharInChinese) {
  const ValidationResult r = ValidateUscc("9144030071526726XH");
  EXPECT_EQ(r.reason, "校验位应为 G，当前为 H，请核对号码");
  EXPECT_EQ(r.parts.size(), 4u);  // parsed before the check failed
}

TEST(UsccTest, ExplainsOrganizationCodeMismatch) {
  const ValidationResult r = ValidateUscc("91110000802100434E");
  EXPECT_EQ(r.reason, "第17位（组织机构代码校验位）应为 3，当前为 4，请核对号码");
}

TEST(UsccTest, CheckCharHelpersGenerateValidCodes) {
  EXPECT_EQ(UsccCheckChar("9144030071526726X"), 'G');
  EXPECT_EQ(UsccCheckChar("91110000802100433"), 'B');
  EXPECT_EQ(UsccCheckChar("9144030071526726"), '\0');     // too short
  EXPECT_EQ(UsccCheckChar("91440300I1526726X"), '\0');    // I not in alphabet
  EXPECT_EQ(OrganizationCodeCheckChar("71526726"), 'X');  // from 9144030071526726XG
  EXPECT_EQ(OrganizationCodeCheckChar("80210043"), '3');  // from 91110000802100433B
  EXPECT_EQ(OrganizationCodeCheckChar("MA5F0T2K"), '5');  // synthetic
  EXPECT_EQ(OrganizationCodeCheckChar("8021004"), '\0');
  EXPECT_EQ(OrganizationCodeCheckChar("8021004-"), '\0');
}

}  // namespace
}  // namespace sg::core
