#include "base/params.h"

#include <gtest/gtest.h>

namespace sg {
namespace {

TEST(ParamsTest, DecodesPercentAndPlus) {
  auto p = Params::Parse("q=%E5%BC%A0%E4%BC%9F&kind=civil_first&x=a+b&empty=&flag");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->Get("q"), "张伟");
  EXPECT_EQ(p->Get("x"), "a b");
  EXPECT_EQ(p->Get("empty"), "");
  EXPECT_EQ(p->Get("flag"), "");
  EXPECT_FALSE(p->Get("missing"));
}

TEST(ParamsTest, RefusesBrokenEscapes) {
  EXPECT_FALSE(Params::Parse("q=%E5%B"));
  EXPECT_FALSE(Params::Parse("q=%ZZ"));
  EXPECT_FALSE(Params::Parse("q=%"));
}

TEST(ParamsTest, EncodesRoundTrip) {
  EXPECT_EQ(PercentDecode(PercentEncode("（2024）晋07知民初15号 &="), false),
            "（2024）晋07知民初15号 &=");
}

}  // namespace
}  // namespace sg
