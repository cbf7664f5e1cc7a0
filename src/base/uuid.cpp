#include "base/uuid.h"

#include <sodium.h>

namespace sg {

std::string MakeUuidV7(TimestampMs ms, const std::array<uint8_t, 10>& random) {
  std::array<uint8_t, 16> b{};
  const auto t = static_cast<uint64_t>(ms);
  for (int i = 0; i < 6; ++i) b[static_cast<size_t>(i)] = static_cast<uint8_t>(t >> (40 - 8 * i));
  for (size_t i = 0; i < 10; ++i) b[6 + i] = random[i];
  b[6] = static_cast<uint8_t>(0x70 | (b[6] & 0x0F));  // version 7
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3F));  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0x0F]);
  }
  return out;
}

std::string NewUuidV7(TimestampMs ms) {
  std::array<uint8_t, 10> random{};
  randombytes_buf(random.data(), random.size());
  return MakeUuidV7(ms, random);
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace sg
