#include "webhook/signature.h"

#include <gtest/gtest.h>

namespace sg::webhook {
namespace {

constexpr const char* kSecret = "whsec_test_secret";
constexpr int64_t kTs = 1717376400;  // 2024-06-03T09:00:00+08:00
constexpr const char* kBody =
    R"({"seq":1,"type":"created","entity":"case","uid":"01900000-0000-7000-8000-000000000001",)"
    R"("at":"2024-06-03T09:00:00+08:00","data":{}})";

// The expected hex comes from OpenSSL, independent of our code (one shell line):
// clang-format off
//   printf '%s' '1717376400.{"seq":1,"type":"created","entity":"case","uid":"01900000-0000-7000-8000-000000000001","at":"2024-06-03T09:00:00+08:00","data":{}}' | openssl dgst -sha256 -hmac 'whsec_test_secret'
// clang-format on
constexpr const char* kExpected =
    "0839b7d07b2f19c6f8a6a7d28e8c9f17e17cce9218bc3a5341954321733cc100";

TEST(WebhookSignatureTest, MatchesOpensslOverTimestampDotBody) {
  EXPECT_EQ(SignatureHex(kSecret, kTs, kBody), kExpected);
  EXPECT_EQ(SignatureHeaderValue(kSecret, kTs, kBody), std::string("v1=") + kExpected);
  // printf '%s' '1717376400.' | openssl dgst -sha256 -hmac 'whsec_test_secret'
  EXPECT_EQ(SignatureHex(kSecret, kTs, ""),
            "e6c12d559a326cfd937c9026ef7459b1cca6f28f7af2e15e0f5fc7754c122bcc");
}

// The worked example of docs/data-exchange.md ("Verifying a delivery"), computed there with
//   printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac "$secret" -r
TEST(WebhookSignatureTest, MatchesTheWorkedExampleOfTheDocs) {
  const std::string secret =
      "whsec_5f0c3a9e2b7d4c1f8a6e0d3b9c2a7f4e1d8b5c0a3f6e9d2c7b4a1f8e5d0c3b6a";
  const std::string body =
      R"({"seq":42,"type":"created","entity":"case","uid":"01900a3c-5a00-7c3e-9f1a-2b4c6d8e0f12",)"
      R"("at":"2024-06-03T09:00:05+08:00","data":{"kind":"civil_first","agency_id":3,)"
      R"("status":"filed","version":1}})";
  EXPECT_EQ(body.size(), 194u);
  EXPECT_EQ(SignatureHex(secret, 1717376405, body),
            "06e7c38f896912a10a32f7abab683360a27ec9f8a38a6e64822cc4590a5cf4d0");
}

TEST(WebhookSignatureTest, VerifiesWithinToleranceOnly) {
  const std::string sig = SignatureHeaderValue(kSecret, kTs, kBody);
  const std::string ts = std::to_string(kTs);
  EXPECT_EQ(Verify(kSecret, ts, sig, kBody, kTs), Verdict::kValid);
  EXPECT_EQ(Verify(kSecret, ts, sig, kBody, kTs + 300), Verdict::kValid);
  EXPECT_EQ(Verify(kSecret, ts, sig, kBody, kTs - 300), Verdict::kValid);
  EXPECT_EQ(Verify(kSecret, ts, sig, kBody, kTs + 301), Verdict::kStale);
  EXPECT_EQ(Verify(kSecret, ts, sig, kBody, kTs - 301), Verdict::kStale);
}

TEST(WebhookSignatureTest, RefusesTamperingAndMalformedHeaders) {
  const std::string sig = SignatureHeaderValue(kSecret, kTs, kBody);
  const std::string ts = std::to_string(kTs);
  std::string body = kBody;
  body[body.size() - 2] = ' ';
  EXPECT_EQ(Verify(kSecret, ts, sig, body, kTs), Verdict::kBadSignature);
  EXPECT_EQ(Verify("whsec_other", ts, sig, kBody, kTs), Verdict::kBadSignature);
  EXPECT_EQ(Verify(kSecret, std::to_string(kTs + 1), sig, kBody, kTs), Verdict::kBadSignature)
      << "the timestamp is signed too";
  EXPECT_EQ(Verify(kSecret, "", sig, kBody, kTs), Verdict::kMissing);
  EXPECT_EQ(Verify(kSecret, ts, "", kBody, kTs), Verdict::kMissing);
  EXPECT_EQ(Verify(kSecret, "17x", sig, kBody, kTs), Verdict::kMalformed);
  EXPECT_EQ(Verify(kSecret, ts, sig.substr(3), kBody, kTs), Verdict::kMalformed);
  EXPECT_EQ(Verify(kSecret, ts, "v1=00, " + sig, kBody, kTs), Verdict::kValid)
      << "one of several v1 values may match";
}

TEST(WebhookSignatureTest, SecretsAreFreshAndPlain) {
  const std::string a = NewSecret();
  const std::string b = NewSecret();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("whsec_", 0), 0u);
  EXPECT_EQ(a.size(), 6u + 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef", 6), std::string::npos);
}

}  // namespace
}  // namespace sg::webhook
