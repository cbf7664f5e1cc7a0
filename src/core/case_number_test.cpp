#include "core/case_number.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/case_type_codes.h"

namespace sg::core {
namespace {

constexpr CivilDate kToday{2024, 6, 1};

struct CaseNumberCase {
  const char* input;
  bool valid;
  const char* normalized;
  const char* source;
};

TEST(CaseNumberTest, ValidatesTable) {
  const CaseNumberCase kCases[] = {
      {"（2024）晋07知民初15号", true, "（2024）晋07知民初15号", "identifiers.md example"},
      {"（2024）沪73知民初164号", true, "（2024）沪73知民初164号", "identifiers.md example"},
      {"(2024)晋07知民初15号", true, "（2024）晋07知民初15号", "identifiers.md: ASCII brackets"},
      {"  （2024）晋07知民初15号 ", true, "（2024）晋07知民初15号", "surrounding spaces"},
      {"（２０２４）晋０７知民初１５号", true, "（2024）晋07知民初15号", "full-width digits"},
      {"(2013)江宁知民初字第127号", true, "（2013）江宁知民初字第127号",
       "identifiers.md legacy example"},
      {"（2024）最高法知民终1号", true, "（2024）最高法知民终1号", "synthetic: SPC court code"},
      {"（2024）晋民终3号", true, "（2024）晋民终3号", "synthetic: high court, no 知"},
      {"（2024）晋0702民初8号", true, "（2024）晋0702民初8号", "synthetic: basic court 榆次区"},
      {"（2024）兵08执12号", true, "（2024）兵08执12号", "synthetic: 兵团 court, 执"},
      {"（2023）京73行赔初2号", true, "（2023）京73行赔初2号", "synthetic: three-char type"},
      {"（2024）晋07知民初015号", true, "（2024）晋07知民初15号", "leading zero dropped"},
      {"（2024）晋07知民X初15号", false, "（2024）晋07知民X初15号", "unknown type code"},
      {"（2024）晋07知民初0号", false, "（2024）晋07知民初0号", "zero sequence"},
      {"（2024）晋07知民初15", false, "（2024）晋07知民初15", "missing 号"},
      {"（2024）晋07知民初号", false, "（2024）晋07知民初号", "missing sequence"},
      {"（2024）晋7知民初15号", false, "（2024）晋7知民初15号", "court code with 1 digit"},
      {"（2024）山07知民初15号", false, "（2024）山07知民初15号", "not a court code"},
      {"2024晋07知民初15号", false, "2024晋07知民初15号", "no brackets around year"},
      {"（1900）晋07知民初15号", false, "（1900）晋07知民初15号", "implausible year"},
      {"（2025）晋07知民初15号", false, "（2025）晋07知民初15号", "year after today"},
      {"(2013)江宁知民X字第127号", false, "（2013）江宁知民X字第127号", "legacy, unknown type"},
      {"", false, "", "empty input"},
  };
  for (const auto& c : kCases) {
    const ValidationResult r = ValidateCaseNumber(c.input, kToday);
    EXPECT_EQ(r.valid, c.valid) << c.source << ": " << r.reason;
    EXPECT_EQ(r.normalized, c.normalized) << c.source;
    EXPECT_EQ(r.reason.empty(), c.valid) << c.source;
  }
}

TEST(CaseNumberTest, ExplainsErrors) {
  EXPECT_EQ(ValidateCaseNumber("（2024）晋07知民X初15号", kToday).reason,
            "无法识别的案件类型代字“民X初”，请核对案号");
  EXPECT_EQ(ValidateCaseNumber("（2024）晋07知民初0号", kToday).reason,
            "案号中的序号应从 1 开始，请核对案号");
  EXPECT_EQ(ValidateCaseNumber("（2024）晋07知民初15", kToday).reason,
            "案号应以“号”结尾，请补全案号");
}

TEST(CaseNumberTest, ParsesModernForm) {
  const std::optional<CaseNumber> n = ParseCaseNumber("（2024）沪73知民初164号");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, (CaseNumber{2024, "沪73", "知", "民初", 164, false}));
}

TEST(CaseNumberTest, ParsesLegacyForm) {
  // identifiers.md legacy example.
  const std::optional<CaseNumber> n = ParseCaseNumber("(2013)江宁知民初字第127号");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, (CaseNumber{2013, "江宁", "知", "民初", 127, true}));
  // Synthetic: an SPC legacy number has no court abbreviation; 民提 is a legacy-only code.
  const std::optional<CaseNumber> spc = ParseCaseNumber("(2011)民提字第1号");
  ASSERT_TRUE(spc.has_value());
  EXPECT_EQ(*spc, (CaseNumber{2011, "", "", "民提", 1, true}));
  EXPECT_FALSE(ParseCaseNumber("（2024）晋07民提1号").has_value());  // not a modern code
}

TEST(CaseNumberTest, FillsPartsInOrder) {
  using Parts = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(ValidateCaseNumber("（2024）晋07知民初15号", kToday).parts,
            (Parts{{"year", "2024"},
                   {"court_code", "晋07"},
                   {"specialized", "知"},
                   {"type_code", "民初"},
                   {"sequence", "15"},
                   {"legacy", "false"}}));
  EXPECT_EQ(ValidateCaseNumber("(2013)江宁知民初字第127号", kToday).parts.back(),
            (std::pair<std::string, std::string>{"legacy", "true"}));
  // Parsed as far as the unknown type code.
  EXPECT_EQ(ValidateCaseNumber("（2024）晋07知民X初15号", kToday).parts.size(), 3u);
}

TEST(CaseNumberTest, FormatIssuesModernFullWidthForm) {
  EXPECT_EQ(FormatCaseNumber({2024, "晋07", "知", "民初", 15, false}), "（2024）晋07知民初15号");
  EXPECT_EQ(Format(CaseNumber{2024, "沪73", "知", "民初", 164, false}), "（2024）沪73知民初164号");
  // A legacy number is never issued in the legacy form.
  EXPECT_EQ(FormatCaseNumber({2013, "江宁", "知", "民初", 127, true}), "（2013）江宁知民初127号");
}

TEST(CaseNumberTest, FormatThenParseRoundTrips) {
  const CaseNumber kNumbers[] = {
      {2024, "晋07", "知", "民初", 15, false},    // identifiers.md
      {2024, "沪73", "知", "民初", 164, false},   // identifiers.md
      {2024, "最高法", "知", "民终", 1, false},   // synthetic
      {2023, "晋0781", "", "执恢", 9999, false},  // synthetic: 介休市 basic court
  };
  for (const CaseNumber& n : kNumbers) {
    const std::optional<CaseNumber> parsed = ParseCaseNumber(FormatCaseNumber(n));
    ASSERT_TRUE(parsed.has_value()) << FormatCaseNumber(n);
    EXPECT_EQ(*parsed, n);
  }
}

TEST(CaseTypeCodesTest, ContainsEveryCodeListedInIdentifiersMd) {
  for (const char* code :
       {"民初", "民终", "民申", "民再", "民监", "民抗",  "民撤", "民特", "民督",
        "民催", "民破", "民他", "行初", "行终", "行申",  "行再", "行审", "行赔初",
        "刑初", "刑终", "刑申", "刑再", "执",   "执恢",  "执保", "执异", "执复",
        "执监", "财保", "证保", "行保", "民辖", "民辖终"}) {
    EXPECT_TRUE(IsKnownCaseTypeCode(code)) << code;
  }
  EXPECT_FALSE(IsKnownCaseTypeCode("知民初"));  // 知 is the specialised character
  EXPECT_FALSE(IsKnownCaseTypeCode("民提"));    // replaced by 民再 in 2016
  EXPECT_TRUE(IsKnownLegacyCaseTypeCode("民提"));
}

}  // namespace
}  // namespace sg::core
