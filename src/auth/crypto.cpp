#include "auth/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace sg::auth {
namespace {

constexpr size_t kMaxPasswordBytes = 128;
constexpr size_t kMinPasswordCodePoints = 10;
constexpr int kMinPasswordClasses = 3;
constexpr size_t kTotpSecretBytes = 20;
constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// sodium_init() is itself safe to call repeatedly; the static just makes the check cheap.
void EnsureSodium() {
  static const int rc = sodium_init();
  if (rc < 0) throw std::runtime_error("libsodium could not be initialised");
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Number of code points in well-formed UTF-8 (no overlongs, surrogates or values past
// U+10FFFF), or nullopt when `s` is not well-formed.
std::optional<size_t> CountCodePoints(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    const auto lead = static_cast<unsigned char>(s[i]);
    size_t extra = 0;  // continuation bytes after the lead byte
    char32_t cp = 0;
    char32_t min = 0;  // the smallest code point this length may carry (no overlongs)
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      cp = lead & 0x1Fu;
      min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      cp = lead & 0x0Fu;
      min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      cp = lead & 0x07u;
      min = 0x10000;
    } else {
      return std::nullopt;
    }
    if (s.size() - i - 1 < extra) return std::nullopt;
    for (size_t k = 1; k <= extra; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cont & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += extra + 1;
  }
  return count;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool ContainsIgnoringAsciiCase(std::string_view haystack, std::string_view needle) {
  const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                              [](char a, char b) { return AsciiLower(a) == AsciiLower(b); });
  return it != haystack.end();
}

// RFC 4226 §5.3: HMAC-SHA1 over the big-endian counter, dynamic truncation, last 6 digits.
std::string HotpCode(std::span<const uint8_t> key, uint64_t counter) {
  std::array<unsigned char, 8> message{};
  for (size_t i = 0; i < message.size(); ++i) {
    message[i] = static_cast<unsigned char>(counter >> (56 - 8 * i));
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message.data(), message.size(),
           mac.data(), &mac_len) == nullptr ||
      mac_len != 20) {
    throw std::runtime_error("HMAC-SHA1 failed");
  }
  const size_t offset = mac[19] & 0x0Fu;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7Fu) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  std::string code(kTotpDigits, '0');
  uint32_t rest = binary;
  for (size_t i = code.size(); i-- > 0; rest /= 10) code[i] = static_cast<char>('0' + rest % 10);
  return code;
}

std::vector<uint8_t> DecodeSecretOrThrow(std::string_view base32_secret) {
  auto key = Base32Decode(base32_secret);
  if (!key || key->empty()) throw std::invalid_argument("TOTP secret is not base32");
  return *std::move(key);
}

int64_t StepOrThrow(int64_t unix_seconds) {
  if (unix_seconds < 0) throw std::invalid_argument("TOTP time is before 1970");
  return unix_seconds / kTotpStepSeconds;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

}  // namespace

std::string HashPassword(std::string_view password) {
  EnsureSodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  // libsodium wants a NUL-terminated string shorter than crypto_pwhash_STRBYTES.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::optional<std::string> PasswordPolicyError(std::string_view username,
                                               std::string_view password) {
  if (password.size() > kMaxPasswordBytes) return "密码过长，最多 128 字节";
  const std::optional<size_t> code_points = CountCodePoints(password);
  if (!code_points) return "密码含有无效字符";
  bool lower = false, upper = false, digit = false, other = false;
  for (const char c : password) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;  // symbols, and every byte of a non-ASCII character
    }
  }
  const int classes = int{lower} + int{upper} + int{digit} + int{other};
  if (*code_points < kMinPasswordCodePoints || classes < kMinPasswordClasses) {
    return "密码至少 10 个字符，且须包含大写字母、小写字母、数字、符号中的至少三类";
  }
  if (!username.empty() && ContainsIgnoringAsciiCase(password, username)) {
    return "密码不能包含用户名";
  }
  return std::nullopt;
}

std::string NewTotpSecret() {
  EnsureSodium();
  std::array<uint8_t, kTotpSecretBytes> key{};
  randombytes_buf(key.data(), key.size());
  std::string secret = Base32Encode(key);
  sodium_memzero(key.data(), key.size());
  return secret;
}

std::string Base32Encode(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (const uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(buffer >> bits) & 0x1Fu]);
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1Fu]);
  return out;
}

std::optional<std::vector<uint8_t>> Base32Decode(std::string_view text) {
  std::vector<uint8_t> out;
  out.reserve(text.size() * 5 / 8);
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  for (const char c : text) {
    if (c == ' ' || c == '=') continue;
    uint32_t value = 0;
    if (c >= 'A' && c <= 'Z') {
      value = static_cast<uint32_t>(c - 'A');
    } else if (c >= 'a' && c <= 'z') {
      value = static_cast<uint32_t>(c - 'a');
    } else if (c >= '2' && c <= '7') {
      value = static_cast<uint32_t>(c - '2' + 26);
    } else {
      return std::nullopt;
    }
    ++symbols;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(buffer >> bits));
    }
  }
  // A final group of 1, 3 or 6 symbols does not end on a byte boundary (RFC 4648 §6).
  const size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;
  return out;
}

std::string TotpCode(std::string_view base32_secret, int64_t unix_seconds) {
  const int64_t step = StepOrThrow(unix_seconds);
  std::vector<uint8_t> key = DecodeSecretOrThrow(base32_secret);
  std::string code = HotpCode(key, static_cast<uint64_t>(step));
  sodium_memzero(key.data(), key.size());
  return code;
}

std::optional<int64_t> VerifyTotp(std::string_view base32_secret, std::string_view code,
                                  int64_t unix_seconds, int64_t last_used_step) {
  EnsureSodium();
  const int64_t now_step = StepOrThrow(unix_seconds);
  std::vector<uint8_t> key = DecodeSecretOrThrow(base32_secret);
  const bool well_formed =
      code.size() == static_cast<size_t>(kTotpDigits) &&
      std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  std::optional<int64_t> matched;
  if (well_formed) {
    for (int64_t step = now_step - kTotpDriftSteps; step <= now_step + kTotpDriftSteps; ++step) {
      if (step < 0 || step <= last_used_step) continue;
      const std::string expected = HotpCode(key, static_cast<uint64_t>(step));
      if (sodium_memcmp(expected.data(), code.data(), expected.size()) == 0) {
        matched = step;
        break;
      }
    }
  }
  sodium_memzero(key.data(), key.size());
  return matched;
}

std::string TotpUri(std::string_view issuer, std::string_view account,
                    std::string_view base32_secret) {
  const std::string encoded_issuer = PercentEncode(issuer);
  return "otpauth://totp/" + encoded_issuer + ":" + PercentEncode(account) +
         "?secret=" + PercentEncode(base32_secret) + "&issuer=" + encoded_issuer +
         "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

std::string RandomToken(size_t bytes) {
  EnsureSodium();
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), kVariant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string Sha256Hex(std::string_view data) {
  EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), Bytes(data), data.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.resize(digest.size() * 2);
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  EnsureSodium();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sg::auth
