#include "base/uuid.h"

#include <gtest/gtest.h>

namespace sg {
namespace {

TEST(UuidTest, V7CarriesTimeVersionAndVariant) {
  std::array<uint8_t, 10> zero{};
  const std::string u = MakeUuidV7(0x017F22E279B0, zero);
  EXPECT_EQ(u, "017f22e2-79b0-7000-8000-000000000000");
  EXPECT_TRUE(IsUuid(u));
}

TEST(UuidTest, NewUuidsSortByTimeAndDiffer) {
  const std::string a = NewUuidV7(1700000000000);
  const std::string b = NewUuidV7(1700000000001);
  EXPECT_LT(a, b);
  EXPECT_NE(NewUuidV7(1), NewUuidV7(1));
  EXPECT_EQ(a[14], '7');
}

TEST(UuidTest, RecognisesOnlyCanonicalForm) {
  EXPECT_FALSE(IsUuid("017F22E2-79B0-7000-8000-000000000000"));
  EXPECT_FALSE(IsUuid("017f22e279b070008000000000000000"));
}

}  // namespace
}  // namespace sg
