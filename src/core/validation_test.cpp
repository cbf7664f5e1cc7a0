#include "core/validation.h"

#include <gtest/gtest.h>

namespace sg::core {
namespace {

constexpr CivilDate kToday{2024, 6, 1};

struct DispatchCase {
  const char* type;
  const char* value;
  bool valid;
  const char* source;
};

TEST(ValidateTest, DispatchesEachType) {
  const DispatchCase kCases[] = {
      {"uscc", "9144030071526726XG", true, "identifiers.md"},
      {"uscc", "9144030071526726XH", false, "wrong check char"},
      {"id_number", "11010519491231002X", true, "identifiers.md"},
      {"id_number", "110105194912310021", false, "wrong check char"},
      {"patent_number", "ZL 2017 1 0601862.3", true, "identifiers.md"},
      {"patent_number", "201710601862.4", false, "wrong check char"},
      {"case_number", "（2024）晋07知民初15号", true, "identifiers.md"},
      {"case_number", "（2024）晋07知民初15", false, "missing 号"},
  };
  for (const auto& c : kCases) {
    const std::optional<ValidationResult> r = Validate(c.type, c.value, kToday);
    ASSERT_TRUE(r.has_value()) << c.type;
    EXPECT_EQ(r->valid, c.valid) << c.type << " " << c.source << ": " << r->reason;
  }
}

TEST(ValidateTest, UnknownTypeIsNullopt) {
  EXPECT_FALSE(Validate("trademark", "12345678", kToday).has_value());
  EXPECT_FALSE(Validate("USCC", "9144030071526726XG", kToday).has_value());  // case-sensitive
  EXPECT_FALSE(Validate("", "", kToday).has_value());
}

TEST(ValidateTest, EveryAdvertisedTypeIsServed) {
  for (const std::string_view type : kValidationTypes) {
    EXPECT_TRUE(Validate(type, "", kToday).has_value()) << type;
  }
}

TEST(ValidateTest, UsesTheGivenDateNotTheClock) {
  // Synthetic ID for a child born 2024-05-06: valid on that day, invalid the day before.
  EXPECT_TRUE(Validate("id_number", "440304202405060036", {2024, 5, 6})->valid);
  EXPECT_FALSE(Validate("id_number", "440304202405060036", {2024, 5, 5})->valid);
}

}  // namespace
}  // namespace sg::core
