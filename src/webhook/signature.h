// Signing webhook deliveries (shared/API.md "Webhooks", docs/data-exchange.md):
//
//   X-Shenguan-Timestamp: <unix seconds>
//   X-Shenguan-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
//
// The key is the subscription's secret exactly as shown to its owner ("whsec_…", its ASCII
// bytes); the hex is lower case. A receiver recomputes the HMAC over the raw body it got, compares
// in constant time, and refuses timestamps more than kTimestampTolerance away from its clock, so
// that a captured delivery cannot be replayed later. All functions are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sg::webhook {

inline constexpr std::string_view kTimestampHeader = "X-Shenguan-Timestamp";
inline constexpr std::string_view kSignatureHeader = "X-Shenguan-Signature";
inline constexpr std::string_view kIdempotencyHeader = "Idempotency-Key";
inline constexpr int64_t kTimestampToleranceSeconds = 5 * 60;

// A new subscription secret: "whsec_" and 32 random bytes as 64 hex digits.
std::string NewSecret();

// hex(HMAC-SHA256(secret, timestamp + "." + body)), 64 lower-case hex digits.
std::string SignatureHex(std::string_view secret, int64_t unix_seconds, std::string_view body);

// The value of X-Shenguan-Signature: "v1=" + SignatureHex(...).
std::string SignatureHeaderValue(std::string_view secret, int64_t unix_seconds,
                                 std::string_view body);

enum class Verdict {
  kValid,
  kMissing,       // no timestamp or no signature header
  kMalformed,     // a timestamp that is not a decimal number, a signature without "v1="
  kStale,         // the timestamp is more than the tolerance away from now
  kBadSignature,  // the HMAC does not match
};
// "valid", "missing_headers", "malformed", "stale_timestamp", "bad_signature".
std::string_view VerdictCode(Verdict v);

// Checks one delivery as a receiver does. `signature_header` may hold several comma-separated
// "v1=…" values (as during a secret rotation); one match is enough.
Verdict Verify(std::string_view secret, std::string_view timestamp_header,
               std::string_view signature_header, std::string_view body, int64_t now_unix_seconds,
               int64_t tolerance_seconds = kTimestampToleranceSeconds);

}  // namespace sg::webhook
