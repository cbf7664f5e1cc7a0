// UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Sorts by creation time,
// which keeps the uid indexes append-mostly.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "base/civil_time.h"

namespace sg {

// Formats a UUIDv7 from a timestamp and 10 random bytes (only 74 bits are used).
std::string MakeUuidV7(TimestampMs ms, const std::array<uint8_t, 10>& random);
// A UUIDv7 with random bits from libsodium. Thread-safe.
std::string NewUuidV7(TimestampMs ms);
// True for the canonical lowercase 8-4-4-4-12 hex form.
bool IsUuid(std::string_view text);

}  // namespace sg
