// The cryptography behind sign-in: password hashes and the password policy, TOTP second factors,
// and random secrets for sessions and API tokens. Everything here is a plain function with no
// I/O besides the system's random source, and every function is thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sg::auth {

// ---- Passwords ----

// Returns an argon2id hash of `password` in the PHC string form ("$argon2id$v=19$m=...") with a
// fresh random salt, at libsodium's interactive limits. Throws std::runtime_error if libsodium
// cannot run (initialisation failed, or the hash could not get its memory).
std::string HashPassword(std::string_view password);

// True when `password` matches `hash` as made by HashPassword. False on a mismatch and on a
// malformed, truncated or empty hash; never throws for bad input.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Checks a new password against the rules of 等保 level 3 (GB/T 22239-2019, 身份鉴别):
//   - valid UTF-8 of at most 128 bytes;
//   - at least 10 characters, counted as Unicode code points;
//   - at least three of four classes: ASCII lower case, ASCII upper case, ASCII digit, and
//     anything else (symbols, and every non-ASCII character);
//   - not containing `username` (so not equal to it either), compared ASCII-case-insensitively.
//     An empty username is not checked.
// Returns nullopt when the password is acceptable, otherwise a Simplified Chinese message fit
// for the API's error body.
std::optional<std::string> PasswordPolicyError(std::string_view username,
                                               std::string_view password);

// ---- TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, T0 = 0) ----

// The parameters authenticator apps assume when the URI leaves them out (RFC 6238 §4, §5.2).
inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
// Steps of clock drift accepted on either side of the current one.
inline constexpr int64_t kTotpDriftSteps = 1;

// A new shared secret: 20 random bytes (the HMAC-SHA1 block-size recommendation of RFC 4226
// §4), base32-encoded, so 32 upper-case characters.
std::string NewTotpSecret();

// RFC 4648 base32: upper case, no '=' padding.
std::string Base32Encode(std::span<const uint8_t> bytes);

// Decodes RFC 4648 base32. Accepts lower case and ignores spaces and '=' anywhere (secrets are
// often shown in groups). Returns nullopt on any other character and on a length that no byte
// string encodes to (1, 3 or 6 characters left over after the last full group of 8).
std::optional<std::vector<uint8_t>> Base32Decode(std::string_view text);

// The 6-digit code, zero-padded, for the 30-second step holding `unix_seconds`. Throws
// std::invalid_argument when `base32_secret` does not decode to at least one byte, or when
// `unix_seconds` is negative.
std::string TotpCode(std::string_view base32_secret, int64_t unix_seconds);

// Checks `code` against the steps unix_seconds/30 - 1, + 0 and + 1 (one step of clock drift
// either way, RFC 6238 §5.2). Returns the matched step, which the caller must store as the new
// `last_used_step`: a step <= last_used_step is refused so that a code is never accepted twice
// (RFC 6238 §5.2). Returns nullopt on no match and when `code` is not exactly 6 ASCII digits.
// Codes are compared in constant time. Throws std::invalid_argument on a bad secret or a negative
// time, as TotpCode does: a stored secret that does not decode is a bug, not a wrong code.
std::optional<int64_t> VerifyTotp(std::string_view base32_secret, std::string_view code,
                                  int64_t unix_seconds, int64_t last_used_step);

// The provisioning URI that authenticator apps read from a QR code:
//   otpauth://totp/ISSUER:ACCOUNT?secret=SECRET&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
// Issuer, account and secret are percent-encoded as UTF-8 bytes (RFC 3986: only unreserved
// characters are left as they are), so "审管" becomes "%E5%AE%A1%E7%AE%A1".
std::string TotpUri(std::string_view issuer, std::string_view account,
                    std::string_view base32_secret);

// ---- Secrets for sessions and API tokens ----

// `bytes` random bytes as URL-safe base64 without padding: 32 bytes give 43 characters.
std::string RandomToken(size_t bytes = 32);

// SHA-256 of `data` as 64 lower-case hex digits. Tokens are stored as this, never as themselves.
std::string Sha256Hex(std::string_view data);

// True when `a` and `b` are equal, in time that depends only on their lengths. Different
// lengths compare unequal at once (lengths of tokens and digests are not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sg::auth
