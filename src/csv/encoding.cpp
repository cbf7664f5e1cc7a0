#include "csv/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

namespace sg::csv {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";
constexpr std::uint64_t kHighBits = 0x8080808080808080u;

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// This thread's converter for `name` ("GB18030" or "UTF-8"), opened once and set to stop at the
// first illegal or unmappable sequence instead of substituting. Null if ICU lacks it.
UConverter* ThreadConverter(const char* name) {
  thread_local ConverterPtr gb18030;
  thread_local ConverterPtr utf8;
  ConverterPtr& slot = std::strcmp(name, "GB18030") == 0 ? gb18030 : utf8;
  if (!slot) {
    UErrorCode status = U_ZERO_ERROR;
    ConverterPtr converter(ucnv_open(name, &status));
    if (U_FAILURE(status)) return nullptr;
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                        &status);
    ucnv_setFromUCallBack(converter.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                          &status);
    if (U_FAILURE(status)) return nullptr;
    slot = std::move(converter);
  }
  return slot.get();
}

// Converts all of `input` from the charset of `from` to that of `to`, appending to `out`.
// Returns nullopt on success, or the input offset of the first sequence `from` cannot decode.
std::optional<std::size_t> Convert(UConverter* to, UConverter* from, std::string_view input,
                                   std::string& out) {
  std::array<UChar, 1024> pivot{};
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  const char* source = input.data();
  const char* const source_limit = input.data() + input.size();
  // Enough for GB18030 to UTF-8 (at most 3 bytes out per 2 in); UTF-8 to GB18030 can need up
  // to twice the input, and then the buffer grows below.
  std::size_t written = out.size();
  out.resize(written + input.size() + input.size() / 2 + 16);
  for (bool reset = true;; reset = false) {
    char* target = out.data() + written;
    UErrorCode status = U_ZERO_ERROR;
    ucnv_convertEx(to, from, &target, out.data() + out.size(), &source, source_limit, pivot.data(),
                   &pivot_source, &pivot_target, pivot.data() + pivot.size(), reset, /*flush=*/true,
                   &status);
    written = static_cast<std::size_t>(target - out.data());
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      out.resize(out.size() * 2);
      continue;
    }
    out.resize(written);
    if (U_SUCCESS(status)) return std::nullopt;
    // The source pointer stops just past the bad sequence; ICU tells its length.
    std::array<char, 32> bad{};
    auto bad_length = static_cast<std::int8_t>(bad.size());
    UErrorCode ignored = U_ZERO_ERROR;
    ucnv_getInvalidChars(from, bad.data(), &bad_length, &ignored);
    const auto consumed = static_cast<std::size_t>(source - input.data());
    return consumed - std::min(consumed, static_cast<std::size_t>(std::max<int>(bad_length, 0)));
  }
}

// The 1-based physical line of `offset`: CRLF, LF and a lone CR each end a line. In GB18030,
// bytes 0x0A and 0x0D only ever stand for themselves, so this holds before decoding too.
std::size_t LineAt(std::string_view bytes, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n')))
      ++line;
  }
  return line;
}

CsvError ErrorAt(std::string_view bytes, std::size_t offset, std::string_view what) {
  const std::size_t line = LineAt(bytes, offset);
  return CsvError{line, offset,
                  "第 " + std::to_string(line) + " 行（文件第 " + std::to_string(offset + 1) +
                      " 字节）" + std::string(what)};
}

CsvError MissingConverter() {
  return CsvError{0, 0, "服务器的 ICU 缺少 GB18030 转换器，无法处理该文件，请联系管理员"};
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "UTF-8";
    case Encoding::kUtf8WithBom:
      return "UTF-8 (BOM)";
    case Encoding::kGb18030:
      return "GB18030";
  }
  return "UTF-8";
}

std::optional<std::size_t> FindInvalidUtf8(std::string_view bytes) {
  const std::size_t size = bytes.size();
  const auto at = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
  std::size_t i = 0;
  while (i < size) {
    // Most CSV text is ASCII: skip it eight bytes at a time.
    if (i + 8 <= size) {
      std::uint64_t word = 0;
      std::memcpy(&word, bytes.data() + i, sizeof word);
      if ((word & kHighBits) == 0) {
        i += 8;
        continue;
      }
    }
    const std::uint8_t lead = at(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // Well-formed sequences per the Unicode Standard, table 3-7.
    std::size_t length = 0;
    std::uint8_t low = 0x80;
    std::uint8_t high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;  // no UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
    } else {
      return i;
    }
    if (i + length > size || at(i + 1) < low || at(i + 1) > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if ((at(i + k) & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::optional<CsvError> DecodeToUtf8(std::string_view bytes, DecodedText& out) {
  out = DecodedText();
  if (bytes.starts_with(kUtf8Bom)) {
    const std::string_view rest = bytes.substr(kUtf8Bom.size());
    if (const auto bad = FindInvalidUtf8(rest)) {
      return ErrorAt(bytes, *bad + kUtf8Bom.size(),
                     "不是有效的 UTF-8：文件以 UTF-8 标记（BOM）开头，内容却混有其他编码，"
                     "请在 Excel 中重新另存为“CSV UTF-8（逗号分隔）”");
    }
    out.encoding_ = Encoding::kUtf8WithBom;
    out.borrowed_ = rest;
    return std::nullopt;
  }
  if (bytes.starts_with(kUtf16LeBom) || bytes.starts_with(kUtf16BeBom)) {
    return CsvError{1, 0,
                    "文件是 UTF-16 编码（Excel 的“Unicode 文本”，以制表符分隔），不是 CSV。"
                    "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重新导入"};
  }
  const auto bad_utf8 = FindInvalidUtf8(bytes);
  if (!bad_utf8) {
    out.encoding_ = Encoding::kUtf8;
    out.borrowed_ = bytes;
    return std::nullopt;
  }
  std::string decoded;
  if (auto error = DecodeGb18030(bytes, decoded)) {
    // Neither decodes. Whichever got further is the likelier intended encoding, so its first
    // failure is the byte the user should look at (one corrupt byte in a UTF-8 file would
    // otherwise be blamed on the first Chinese character).
    if (error->line == 0) return error;
    return ErrorAt(bytes, std::max(*bad_utf8, error->byte_offset),
                   "有无法识别的字节：文件既不是有效的 UTF-8，也不是有效的 GB18030。"
                   "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重新导入");
  }
  out.encoding_ = Encoding::kGb18030;
  out.owned_ = true;
  out.storage_ = std::move(decoded);
  return std::nullopt;
}

std::optional<CsvError> DecodeGb18030(std::string_view bytes, std::string& out) {
  UConverter* const from = ThreadConverter("GB18030");
  UConverter* const to = ThreadConverter("UTF-8");
  if (from == nullptr || to == nullptr) return MissingConverter();
  if (const auto bad = Convert(to, from, bytes, out)) {
    return ErrorAt(bytes, *bad, "不是有效的 GB18030 编码");
  }
  return std::nullopt;
}

std::optional<CsvError> EncodeGb18030(std::string_view utf8, std::string& out) {
  if (const auto bad = FindInvalidUtf8(utf8)) {
    return ErrorAt(utf8, *bad, "不是有效的 UTF-8，无法转换为 GB18030");
  }
  UConverter* const from = ThreadConverter("UTF-8");
  UConverter* const to = ThreadConverter("GB18030");
  if (from == nullptr || to == nullptr) return MissingConverter();
  const std::size_t before = out.size();
  if (const auto bad = Convert(to, from, utf8, out)) {
    out.resize(before);
    return ErrorAt(utf8, *bad, "无法转换为 GB18030");
  }
  return std::nullopt;
}

}  // namespace sg::csv
