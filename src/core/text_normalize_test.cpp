#include "core/text_normalize.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sg::core {
namespace {

TEST(ToHalfWidthTest, MapsFullWidthAsciiAndIdeographicSpace) {
  EXPECT_EQ(ToHalfWidth("ＣＮ２０１７１０６０１８６２．３"), "CN201710601862.3");
  EXPECT_EQ(ToHalfWidth("ａｂｃ　（１）"), "abc (1)");
  EXPECT_EQ(ToHalfWidth("晋07知民初"), "晋07知民初");  // CJK untouched
  EXPECT_EQ(ToHalfWidth("\xff"), "\xff");              // malformed bytes copied through
}

TEST(CompactCodeTest, StripsSpacesAndUpperCases) {
  EXPECT_EQ(CompactCode("  zl 2017 1 0601862.3\t"), "ZL201710601862.3");
  EXPECT_EQ(CompactCode("９１ｘ　ｇ"), "91XG");
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc"));
  EXPECT_TRUE(IsValidUtf8("深圳市腾讯计算机系统有限公司"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600, four bytes
}

TEST(IsValidUtf8Test, RejectsMalformedText) {
  EXPECT_FALSE(IsValidUtf8("\xff"));              // never valid in UTF-8
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE4\xB8"));          // truncated 3-byte sequence
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("a\x80z"));            // stray continuation byte
}

struct SameNameCase {
  const char* a;
  const char* b;
  const char* why;
};

TEST(NormalizeNameTest, TreatsVariantsOfOneNameAsEqual) {
  const SameNameCase kCases[] = {
      {"ＡＢＣ科技有限公司", "abc科技有限公司", "full-width Latin, case"},
      {"北京某某科技有限责任公司", "北京某某科技有限公司", "公司法: two spellings of one form"},
      {"北京 某某　科技 有限公司", "北京某某科技有限公司", "ASCII and U+3000 spaces"},
      {"某某（北京）科技有限公司", "某某(北京)科技有限公司", "full-width vs ASCII brackets"},
      {"某某【北京】科技有限公司", "某某北京科技有限公司", "lenticular brackets dropped"},
      {"约翰·史密斯", "约翰・史密斯", "middle dots dropped"},
      {"Apple Inc.", "APPLE INC", "case and trailing dot"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(NormalizeName(c.a), NormalizeName(c.b)) << c.why;
  }
}

TEST(NormalizeNameTest, KeepsDifferentCompanyFormsApart) {
  EXPECT_NE(NormalizeName("某某科技股份有限公司"), NormalizeName("某某科技有限公司"));
  EXPECT_EQ(NormalizeName("某某科技股份有限公司"), "某某科技股份有限公司");
}

TEST(NormalizeNameTest, ProducesExpectedKey) {
  EXPECT_EQ(NormalizeName(" ＡＢＣ（中国）有限责任公司 "), "abc中国有限公司");
}

TEST(BigramsTest, SplitsIntoAdjacentPairs) {
  EXPECT_EQ(Bigrams("张伟"), (std::vector<std::string>{"张伟"}));
  EXPECT_EQ(Bigrams("张伟明"), (std::vector<std::string>{"张伟", "伟明"}));
  EXPECT_EQ(Bigrams("ab1"), (std::vector<std::string>{"ab", "b1"}));
}

TEST(BigramsTest, DeduplicatesInFirstAppearanceOrder) {
  EXPECT_EQ(Bigrams("哈哈哈"), (std::vector<std::string>{"哈哈"}));
  EXPECT_EQ(Bigrams("abab"), (std::vector<std::string>{"ab", "ba"}));
}

TEST(BigramsTest, ReturnsNothingForShortOrMalformedInput) {
  EXPECT_TRUE(Bigrams("").empty());
  EXPECT_TRUE(Bigrams("张").empty());
  EXPECT_TRUE(Bigrams("张\xff伟").empty());
}

TEST(ValidUtf8PrefixTest, NeverCutsACharacterNorKeepsMalformedBytes) {
  EXPECT_EQ(ValidUtf8Prefix("Mozilla/5.0", 256), "Mozilla/5.0");
  EXPECT_EQ(ValidUtf8Prefix("审管", 4), "审") << "the second character would be cut";
  EXPECT_EQ(ValidUtf8Prefix("ab\xff\xfe", 10), "ab");
  EXPECT_EQ(ValidUtf8Prefix("", 10), "");
}

}  // namespace
}  // namespace sg::core
