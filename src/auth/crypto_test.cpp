#include "auth/crypto.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace sg::auth {
namespace {

std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// The shared secret of RFC 4226 Appendix D and RFC 6238 Appendix B, ASCII "12345678901234567890",
// in base32 (checked by TotpTest.RfcSecretEncoding).
constexpr std::string_view kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

// ---- Base32 ----

TEST(Base32Test, Rfc4648Vectors) {
  struct Row {
    std::string_view plain;
    std::string_view encoded;
  };
  // RFC 4648 §10, without the '=' padding we never write.
  const Row rows[] = {{"", ""},
                      {"f", "MY"},
                      {"fo", "MZXQ"},
                      {"foo", "MZXW6"},
                      {"foob", "MZXW6YQ"},
                      {"fooba", "MZXW6YTB"},
                      {"foobar", "MZXW6YTBOI"}};
  for (const Row& row : rows) {
    SCOPED_TRACE(row.plain);
    EXPECT_EQ(Base32Encode(AsBytes(row.plain)), row.encoded);
    const auto decoded = Base32Decode(row.encoded);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(std::string(decoded->begin(), decoded->end()), row.plain);
  }
}

TEST(Base32Test, RoundTripsEveryLength) {
  std::vector<uint8_t> bytes;
  for (int n = 0; n <= 41; ++n) {
    const auto decoded = Base32Decode(Base32Encode(bytes));
    ASSERT_TRUE(decoded.has_value()) << n;
    EXPECT_EQ(*decoded, bytes) << n;
    bytes.push_back(static_cast<uint8_t>(n * 37 + 200));
  }
}

TEST(Base32Test, AcceptsLowerCaseSpacesAndPadding) {
  const std::vector<uint8_t> foobar = {'f', 'o', 'o', 'b', 'a', 'r'};
  EXPECT_EQ(Base32Decode("mzxw6ytboi"), foobar);
  EXPECT_EQ(Base32Decode("MZXW 6YTB OI======"), foobar);
}

TEST(Base32Test, RejectsOtherCharactersAndImpossibleLengths) {
  for (const std::string_view bad : {"MZXW1", "MZXW8", "MZXW6!", "MZ-XW", "MZ\tXW", "MZ\nXW",
                                     "审管", "M", "MZX", "MZXW6YTBM", "MZXW6Y"}) {
    EXPECT_FALSE(Base32Decode(bad).has_value()) << bad;
  }
}

// ---- TOTP ----

TEST(TotpTest, RfcSecretEncoding) {
  EXPECT_EQ(Base32Encode(AsBytes("12345678901234567890")), kRfcSecret);
}

TEST(TotpTest, Rfc6238AppendixBSha1) {
  struct Row {
    int64_t unix_seconds;
    std::string_view code;  // the last 6 of the RFC's 8 digits
  };
  const Row rows[] = {{59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
                      {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"}};
  for (const Row& row : rows) {
    EXPECT_EQ(TotpCode(kRfcSecret, row.unix_seconds), row.code) << row.unix_seconds;
  }
}

TEST(TotpTest, Rfc4226AppendixDCounters) {
  // HOTP counter c is the TOTP step starting at 30 * c.
  const std::string_view codes[] = {"755224", "287082", "359152", "969429", "338314",
                                    "254676", "287922", "162583", "399871", "520489"};
  for (int64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(TotpCode(kRfcSecret, counter * 30), codes[counter]) << counter;
    EXPECT_EQ(TotpCode(kRfcSecret, counter * 30 + 29), codes[counter]) << counter;
  }
}

TEST(TotpTest, CodeRefusesBadSecretAndTime) {
  for (const std::string_view bad : {"", "  ", "not base32!", "M"}) {
    EXPECT_THROW(TotpCode(bad, 0), std::invalid_argument) << bad;
  }
  EXPECT_THROW(TotpCode(kRfcSecret, -1), std::invalid_argument);
}

TEST(TotpTest, NewSecretIs20RandomBytes) {
  const std::string a = NewTotpSecret();
  EXPECT_EQ(a.size(), 32u);
  const auto key = Base32Decode(a);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->size(), 20u);
  EXPECT_NE(a, NewTotpSecret());
}

class VerifyTotpTest : public ::testing::Test {
 protected:
  static constexpr int64_t kNow = 1111111111;
  static constexpr int64_t kStep = kNow / 30;
  static constexpr int64_t kNeverUsed = -1;
};

TEST_F(VerifyTotpTest, AcceptsOneStepOfDriftEitherWay) {
  struct Row {
    int64_t code_time;
    std::optional<int64_t> step;
  };
  const Row rows[] = {{kNow - 60, std::nullopt},
                      {kNow - 30, kStep - 1},
                      {kNow, kStep},
                      {kNow + 30, kStep + 1},
                      {kNow + 60, std::nullopt}};
  for (const Row& row : rows) {
    const std::string code = TotpCode(kRfcSecret, row.code_time);
    EXPECT_EQ(VerifyTotp(kRfcSecret, code, kNow, kNeverUsed), row.step) << row.code_time;
  }
}

TEST_F(VerifyTotpTest, NeverAcceptsACodeTwice) {
  const std::string code = TotpCode(kRfcSecret, kNow);
  const std::optional<int64_t> used = VerifyTotp(kRfcSecret, code, kNow, kNeverUsed);
  ASSERT_EQ(used, kStep);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, kNow, *used), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, kNow + 30, *used), std::nullopt);
  // A code older than the last one used is refused even inside the window.
  const std::string previous = TotpCode(kRfcSecret, kNow - 30);
  EXPECT_EQ(VerifyTotp(kRfcSecret, previous, kNow, *used), std::nullopt);
  // The next step's code is still good.
  const std::string next = TotpCode(kRfcSecret, kNow + 30);
  EXPECT_EQ(VerifyTotp(kRfcSecret, next, kNow + 30, *used), kStep + 1);
}

TEST_F(VerifyTotpTest, RefusesCodesThatAreNotSixDigits) {
  ASSERT_EQ(TotpCode(kRfcSecret, kNow), "050471");
  for (const std::string_view bad : {"", "50471", "0504710", "05047a", " 50471", "050471 ",
                                     "05 0471", "-50471", "０５０４７１"}) {
    EXPECT_EQ(VerifyTotp(kRfcSecret, bad, kNow, kNeverUsed), std::nullopt) << bad;
  }
}

TEST_F(VerifyTotpTest, RefusesAWrongCodeAndThrowsOnABadSecret) {
  EXPECT_EQ(VerifyTotp(kRfcSecret, "050472", kNow, kNeverUsed), std::nullopt);
  EXPECT_THROW(VerifyTotp("!!", "050471", kNow, kNeverUsed), std::invalid_argument);
}

TEST(TotpUriTest, PercentEncodesIssuerAndAccount) {
  EXPECT_EQ(TotpUri("审管", "li si", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/%E5%AE%A1%E7%AE%A1:li%20si?secret=JBSWY3DPEHPK3PXP"
            "&issuer=%E5%AE%A1%E7%AE%A1&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(TotpUri("Acme", "zhang.san@example.cn", "MZXQ"),
            "otpauth://totp/Acme:zhang.san%40example.cn?secret=MZXQ"
            "&issuer=Acme&algorithm=SHA1&digits=6&period=30");
}

// ---- Passwords ----

TEST(PasswordTest, HashRoundTrips) {
  const std::string hash = HashPassword("Correct-Horse-9");
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(VerifyPassword(hash, "Correct-Horse-9"));
  EXPECT_FALSE(VerifyPassword(hash, "correct-Horse-9"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  // A fresh salt every time.
  EXPECT_NE(hash, HashPassword("Correct-Horse-9"));
}

TEST(PasswordTest, MalformedHashIsRefused) {
  const std::string hash = HashPassword("审管系统Ab12xy");
  EXPECT_TRUE(VerifyPassword(hash, "审管系统Ab12xy"));
  const std::string bad[] = {"",
                             "garbage",
                             "$argon2id$",
                             hash.substr(0, hash.size() / 2),
                             hash + std::string(1, '\0'),
                             std::string(200, 'a')};
  for (const std::string& h : bad) {
    EXPECT_FALSE(VerifyPassword(h, "审管系统Ab12xy")) << h;
  }
}

TEST(PasswordPolicyTest, Rules) {
  const std::string kComposition =
      "密码至少 10 个字符，且须包含大写字母、小写字母、数字、符号中的至少三类";
  struct Row {
    std::string_view why;
    std::string_view username;
    std::string password;
    std::optional<std::string> error;
  };
  const Row rows[] = {
      {"good", "zhangsan", "Correct-Horse-9", std::nullopt},
      {"three classes are enough", "zhangsan", "correcthorse9!", std::nullopt},
      {"too short", "zhangsan", "Ab1!xyz", kComposition},
      {"nine characters", "zhangsan", "Ab1!xyzuv", kComposition},
      {"two classes only", "zhangsan", "abcdefghij12", kComposition},
      {"two classes, long", "zhangsan", "ABCDEFGHIJKL!@#$", kComposition},
      {"10 bytes but 6 code points", "zhangsan", "审管Ab1!", kComposition},
      {"10 code points, Chinese counts as other", "zhangsan", "审管系统Ab12xy", std::nullopt},
      {"Chinese only", "zhangsan", "审管系统审管系统审管", kComposition},
      {"equals the username", "Zhangsan#2024", "Zhangsan#2024", "密码不能包含用户名"},
      {"contains the username", "zhangsan", "Zhangsan#2024", "密码不能包含用户名"},
      {"contains it in another case", "ZhangSan", "x-ZHANGSAN-2024", "密码不能包含用户名"},
      {"128 bytes", "zhangsan", "Aa1!" + std::string(124, 'x'), std::nullopt},
      {"129 bytes", "zhangsan", "Aa1!" + std::string(125, 'x'), "密码过长，最多 128 字节"},
      {"invalid UTF-8", "zhangsan", "Correct-Horse-9\xff", "密码含有无效字符"},
      {"overlong UTF-8", "zhangsan", "Correct-Horse-\xc0\xaf", "密码含有无效字符"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(PasswordPolicyError(row.username, row.password), row.error) << row.why;
  }
}

TEST(PasswordPolicyTest, EmptyUsernameIsNotChecked) {
  EXPECT_EQ(PasswordPolicyError("", "Correct-Horse-9"), std::nullopt);
}

// ---- Tokens ----

TEST(TokenTest, RandomTokensAreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomToken();
    ASSERT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
}

TEST(TokenTest, Sha256Hex) {
  // FIPS 180-2 Appendix B.1, and the digest of the empty string.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(TokenTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(ConstantTimeEquals("token", "tokeN"));
  EXPECT_FALSE(ConstantTimeEquals("token", "token2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

}  // namespace
}  // namespace sg::auth
