#include "core/case_number.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/case_type_codes.h"
#include "core/text_normalize.h"

namespace sg::core {
namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

// High-court codes: the attachment to the 2015 rule gives each provincial-level high court a
// one-character code, plus 兵 for the 新疆生产建设兵团 branch of the Xinjiang high court.
constexpr std::array<std::string_view, 32> kProvinceCodes = {
    "京", "津", "冀", "晋", "内", "辽", "吉", "黑", "沪", "苏", "浙", "皖", "闽", "赣", "鲁", "豫",
    "鄂", "湘", "粤", "桂", "琼", "渝", "川", "黔", "云", "藏", "陕", "甘", "青", "宁", "新", "兵"};
constexpr std::string_view kSupremeCourt = "最高法";
constexpr std::string_view kIpCharacter = "知";
constexpr std::string_view kLegacyMarker = "字第";
constexpr std::string_view kSuffix = "号";
constexpr std::size_t kMaxSequenceDigits = 18;  // keeps the value inside int64_t

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Byte length of the UTF-8 sequence starting with `lead`; input is already known valid.
std::size_t CodePointLength(char lead) {
  const auto byte = static_cast<unsigned char>(lead);
  if (byte < 0x80) return 1;
  if (byte >= 0xF0) return 4;
  return byte >= 0xE0 ? 3 : 2;
}

// True when every code point is a CJK ideograph (U+3400..U+9FFF); legacy court abbreviations
// are made of place-name characters only.
bool IsAllIdeographs(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); i += 3) {
    if (CodePointLength(text[i]) != 3 || i + 3 > text.size()) return false;
    const auto b = [&](std::size_t k) { return static_cast<unsigned>(text[i + k]) & 0xFFu; };
    const unsigned cp = ((b(0) & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
    if (cp < 0x3400 || cp > 0x9FFF) return false;
  }
  return true;
}

// Turns "(2013)..." into "（2013）..." for display.
std::string WithFullWidthBrackets(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '(') {
      out += "（";
    } else if (c == ')') {
      out += "）";
    } else {
      out += c;
    }
  }
  return out;
}

std::string ParseSequence(std::string_view digits, CaseNumber& out) {
  if (digits.empty() || digits.size() > kMaxSequenceDigits ||
      !std::all_of(digits.begin(), digits.end(), IsAsciiDigit)) {
    return "案号中的序号应为阿拉伯数字，请核对案号";
  }
  out.sequence = 0;
  for (const char c : digits) out.sequence = out.sequence * 10 + (c - '0');
  if (out.sequence < 1) return "案号中的序号应从 1 开始，请核对案号";
  return "";
}

// Modern body: court code, optional 知, type code, sequence (号 already removed).
std::string ParseModern(std::string_view body, CaseNumber& out, Parts& parts) {
  std::size_t pos = 0;
  if (body.starts_with(kSupremeCourt)) {
    pos = kSupremeCourt.size();
  } else {
    const std::string_view province = body.substr(0, body.empty() ? 0 : CodePointLength(body[0]));
    if (std::find(kProvinceCodes.begin(), kProvinceCodes.end(), province) == kProvinceCodes.end()) {
      return "无法识别的法院代字“" + std::string(province) +
             "”，应为“最高法”或省级简称（如“晋”），"
             "请核对案号";
    }
    pos = province.size();
    std::size_t digits = 0;
    while (pos + digits < body.size() && IsAsciiDigit(body[pos + digits])) ++digits;
    // 2 digits: intermediate or specialised court; 4 digits: basic court.
    if (digits != 0 && digits != 2 && digits != 4) {
      return "法院代字后应为 2 位（中级或专门法院）或 4 位（基层法院）数字，请核对案号";
    }
    pos += digits;
  }
  out.court_code = std::string(body.substr(0, pos));
  parts.emplace_back("court_code", out.court_code);

  if (body.substr(pos).starts_with(kIpCharacter)) {
    out.specialized = std::string(kIpCharacter);
    pos += kIpCharacter.size();
  }
  parts.emplace_back("specialized", out.specialized);

  std::size_t type_end = pos;
  while (type_end < body.size() && !IsAsciiDigit(body[type_end])) ++type_end;
  out.type_code = std::string(body.substr(pos, type_end - pos));
  if (!IsKnownCaseTypeCode(out.type_code)) {
    return "无法识别的案件类型代字“" + out.type_code + "”，请核对案号";
  }
  parts.emplace_back("type_code", out.type_code);
  return ParseSequence(body.substr(type_end), out);
}

// Legacy body: court abbreviation, optional 知, type code, 字第, sequence.
std::string ParseLegacy(std::string_view body, CaseNumber& out, Parts& parts) {
  const std::size_t marker = body.find(kLegacyMarker);
  const std::string_view head = body.substr(0, marker);
  // The court abbreviation has no delimiter, so take the longest known type code at the end.
  std::size_t type_start = head.size();
  for (std::size_t i = 0; i < head.size(); i += CodePointLength(head[i])) {
    if (IsKnownLegacyCaseTypeCode(head.substr(i))) {
      type_start = i;
      break;
    }
  }
  if (type_start == head.size()) {
    return "无法识别旧式案号“字第”前的案件类型代字，请核对案号";
  }
  std::string_view court = head.substr(0, type_start);
  if (court.ends_with(kIpCharacter)) {
    out.specialized = std::string(kIpCharacter);
    court.remove_suffix(kIpCharacter.size());
  }
  if (!IsAllIdeographs(court)) return "旧式案号中的法院简称应为汉字，请核对案号";
  out.court_code = std::string(court);
  out.type_code = std::string(head.substr(type_start));
  parts.emplace_back("court_code", out.court_code);
  parts.emplace_back("specialized", out.specialized);
  parts.emplace_back("type_code", out.type_code);
  return ParseSequence(body.substr(marker + kLegacyMarker.size()), out);
}

// Parses the text cleaned by CompactCode. Returns "" or the reason it failed.
std::string Analyze(const std::string& text, CaseNumber& out, Parts& parts) {
  if (!IsValidUtf8(text)) return "案号含有无法识别的字符编码，请重新输入";
  if (text.size() < 6 || text[0] != '(' || text[5] != ')' ||
      !std::all_of(text.begin() + 1, text.begin() + 5, IsAsciiDigit)) {
    return "案号应以括号括起的四位年份开头，如“（2024）”，请核对案号";
  }
  out.year = std::stoi(text.substr(1, 4));
  if (out.year < kFirstCaseYear || out.year > kLastCaseYear) {
    return "案号年份 " + std::to_string(out.year) + " 不在合理范围内，请核对案号";
  }
  parts.emplace_back("year", std::to_string(out.year));

  std::string_view body = std::string_view(text).substr(6);
  if (!body.ends_with(kSuffix)) return "案号应以“号”结尾，请补全案号";
  body.remove_suffix(kSuffix.size());
  out.legacy = body.find(kLegacyMarker) != std::string_view::npos;
  std::string reason = out.legacy ? ParseLegacy(body, out, parts) : ParseModern(body, out, parts);
  if (!reason.empty()) return reason;
  parts.emplace_back("sequence", std::to_string(out.sequence));
  parts.emplace_back("legacy", out.legacy ? "true" : "false");
  return "";
}

}  // namespace

std::optional<CaseNumber> ParseCaseNumber(std::string_view input) {
  CaseNumber number{};
  Parts parts;
  if (!Analyze(CompactCode(input), number, parts).empty()) return std::nullopt;
  return number;
}

std::string FormatCaseNumber(const CaseNumber& number) {
  return "（" + std::to_string(number.year) + "）" + number.court_code + number.specialized +
         number.type_code + std::to_string(number.sequence) + std::string(kSuffix);
}

ValidationResult ValidateCaseNumber(std::string_view input, const CivilDate& today) {
  ValidationResult result;
  const std::string text = CompactCode(input);
  result.normalized = WithFullWidthBrackets(text);
  CaseNumber number{};
  result.reason = Analyze(text, number, result.parts);
  if (result.reason.empty() && number.year > today.year) {
    result.reason = "案号年份 " + std::to_string(number.year) + " 晚于今年，请核对案号";
  }
  if (!result.reason.empty()) return result;
  result.valid = true;
  if (number.legacy) {
    result.normalized = "（" + std::to_string(number.year) + "）" + number.court_code +
                        number.specialized + number.type_code + std::string(kLegacyMarker) +
                        std::to_string(number.sequence) + std::string(kSuffix);
  } else {
    result.normalized = FormatCaseNumber(number);
  }
  return result;
}

}  // namespace sg::core
