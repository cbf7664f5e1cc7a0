#include "core/text_normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <cstddef>
#include <cstdint>
#include <unordered_set>

namespace sg::core {
namespace {

constexpr char32_t kFullWidthFirst = 0xFF01;
constexpr char32_t kFullWidthLast = 0xFF5E;
constexpr char32_t kFullWidthOffset = 0xFEE0;
constexpr char32_t kIdeographicSpace = 0x3000;

// Decodes one code point at `pos`, strictly per RFC 3629. Returns the number of bytes
// consumed, or 0 when the sequence there is malformed.
std::size_t DecodeUtf8(std::string_view text, std::size_t pos, char32_t& out) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(pos);
  std::size_t length = 0;
  char32_t min_value = 0;
  if (lead < 0x80) {
    out = lead;
    return 1;
  }
  if ((lead & 0xE0) == 0xC0) {
    length = 2, min_value = 0x80, out = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, min_value = 0x800, out = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, min_value = 0x10000, out = lead & 0x07u;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return 0;
    out = (out << 6) | (byte(pos + i) & 0x3Fu);
  }
  if (out < min_value || out > 0x10FFFF || (out >= 0xD800 && out <= 0xDFFF)) return 0;
  return length;
}

// NFKC_Casefold does NFKC and full case folding in one pass. ICU owns the instance; the
// function-local static makes the one-time lookup thread-safe. Null if ICU data is missing.
const icu::Normalizer2* NfkcCasefold() {
  static const icu::Normalizer2* const instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return instance;
}

bool IsDroppedFromName(UChar32 c) {
  switch (c) {
    case u'(':
    case u')':
    case u'（':
    case u'）':
    case u'[':
    case u']':
    case u'【':
    case u'】':
    case u'·':
    case u'・':
    case u'.':
      return true;
    default:
      return u_isUWhiteSpace(c) || c == kIdeographicSpace;
  }
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  char32_t cp = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = DecodeUtf8(text, pos, cp);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::string ValidUtf8Prefix(std::string_view text, size_t max_bytes) {
  char32_t cp = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = DecodeUtf8(text, pos, cp);
    if (length == 0 || pos + length > max_bytes) break;
    pos += length;
  }
  return std::string(text.substr(0, pos));
}

std::string ToHalfWidth(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = DecodeUtf8(text, pos, cp);
    if (length == 0) {
      out += text[pos++];
      continue;
    }
    if (cp >= kFullWidthFirst && cp <= kFullWidthLast) {
      out += static_cast<char>(cp - kFullWidthOffset);
    } else if (cp == kIdeographicSpace) {
      out += ' ';
    } else {
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
  return out;
}

std::string CompactCode(std::string_view text) {
  std::string out;
  for (const char c : ToHalfWidth(text)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

std::string NormalizeName(std::string_view utf8) {
  const icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString folded;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = NfkcCasefold();
  if (normalizer != nullptr) folded = normalizer->normalize(source, status);
  if (normalizer == nullptr || U_FAILURE(status)) folded = icu::UnicodeString(source).foldCase();

  icu::UnicodeString kept;
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    const UChar32 c = folded.char32At(i);
    if (!IsDroppedFromName(c)) kept.append(c);
  }
  std::string out;
  kept.toUTF8String(out);
  ReplaceAll(out, "有限责任公司", "有限公司");
  return out;
}

bool CodePointStarts(std::string_view utf8, std::vector<std::size_t>& starts) {
  starts.clear();
  char32_t cp = 0;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const std::size_t length = DecodeUtf8(utf8, pos, cp);
    if (length == 0) {
      starts.clear();
      return false;
    }
    starts.push_back(pos);
    pos += length;
  }
  starts.push_back(utf8.size());
  return true;
}

std::vector<std::string> Bigrams(std::string_view normalized_utf8) {
  std::vector<std::size_t> starts;
  if (!CodePointStarts(normalized_utf8, starts)) return {};

  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i + 2 < starts.size(); ++i) {
    const std::string_view pair = normalized_utf8.substr(starts[i], starts[i + 2] - starts[i]);
    if (seen.insert(pair).second) out.emplace_back(pair);
  }
  return out;
}

}  // namespace sg::core
