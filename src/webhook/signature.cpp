#include "webhook/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <charconv>
#include <stdexcept>

#include "auth/crypto.h"

namespace sg::webhook {
namespace {

std::string Hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0F];
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string NewSecret() {
  // RandomToken gives URL-safe base64; hash it into hex so the secret is plain [0-9a-f].
  return "whsec_" + auth::Sha256Hex(auth::RandomToken(32));
}

std::string SignatureHex(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  std::string message = std::to_string(unix_seconds);
  message += '.';
  message += body;
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
           &len) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return Hex(mac.data(), len);
}

std::string SignatureHeaderValue(std::string_view secret, int64_t unix_seconds,
                                 std::string_view body) {
  return "v1=" + SignatureHex(secret, unix_seconds, body);
}

std::string_view VerdictCode(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return "valid";
    case Verdict::kMissing:
      return "missing_headers";
    case Verdict::kMalformed:
      return "malformed";
    case Verdict::kStale:
      return "stale_timestamp";
    case Verdict::kBadSignature:
      return "bad_signature";
  }
  return "malformed";
}

Verdict Verify(std::string_view secret, std::string_view timestamp_header,
               std::string_view signature_header, std::string_view body, int64_t now_unix_seconds,
               int64_t tolerance_seconds) {
  timestamp_header = Trim(timestamp_header);
  if (timestamp_header.empty() || Trim(signature_header).empty()) return Verdict::kMissing;
  int64_t ts = 0;
  const auto [end, ec] = std::from_chars(timestamp_header.data(),
                                         timestamp_header.data() + timestamp_header.size(), ts);
  if (ec != std::errc() || end != timestamp_header.data() + timestamp_header.size()) {
    return Verdict::kMalformed;
  }
  const std::string expected = SignatureHex(secret, ts, body);
  bool any_v1 = false;
  bool match = false;
  while (!signature_header.empty()) {
    const size_t comma = signature_header.find(',');
    const std::string_view part = Trim(signature_header.substr(0, comma));
    signature_header.remove_prefix(comma == std::string_view::npos ? signature_header.size()
                                                                   : comma + 1);
    if (part.substr(0, 3) != "v1=") continue;
    any_v1 = true;
    // Every candidate is compared, so the time does not tell which one matched.
    if (auth::ConstantTimeEquals(part.substr(3), expected)) match = true;
  }
  if (!any_v1) return Verdict::kMalformed;
  if (!match) return Verdict::kBadSignature;
  const int64_t skew = now_unix_seconds > ts ? now_unix_seconds - ts : ts - now_unix_seconds;
  if (skew > tolerance_seconds) return Verdict::kStale;
  return Verdict::kValid;
}

}  // namespace sg::webhook
