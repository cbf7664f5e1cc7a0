#include "core/patent_number.h"

#include <cstddef>
#include <string>

#include "core/text_normalize.h"

namespace sg::core {
namespace {

constexpr std::size_t kCurrentDigits = 12;
constexpr std::size_t kLegacyDigits = 8;
constexpr int kFirstCurrentYear = 2003;  // current form issued from 2003-10-01
constexpr int kFirstLegacyYear = 1985;   // 专利法 in force 1985-04-01
constexpr int kDesignTermChange = 2021;  // 2020 amendment in force 2021-06-01

bool IsDigits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int ParseDigits(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::optional<PatentType> TypeFromDigit(char digit) {
  switch (digit) {
    case '1':
      return PatentType::kInvention;
    case '2':
      return PatentType::kUtilityModel;
    case '3':
      return PatentType::kDesign;
    case '8':
      return PatentType::kPctInvention;
    case '9':
      return PatentType::kPctUtilityModel;
    default:
      return std::nullopt;
  }
}

char TypeDigit(PatentType type) {
  switch (type) {
    case PatentType::kInvention:
      return '1';
    case PatentType::kUtilityModel:
      return '2';
    case PatentType::kDesign:
      return '3';
    case PatentType::kPctInvention:
      return '8';
    case PatentType::kPctUtilityModel:
      return '9';
  }
  return '?';
}

// Cleans the input: half-width, no spaces, upper case, no CN/ZL prefix, and the dot put back
// before the check character when the length says one was left out.
std::string Clean(std::string_view input) {
  std::string text = CompactCode(input);
  if (text.starts_with("CN") || text.starts_with("ZL")) text.erase(0, 2);
  const bool dotless_length = text.size() == kCurrentDigits + 1 || text.size() == kLegacyDigits + 1;
  if (text.find('.') == std::string::npos && dotless_length) text.insert(text.size() - 1, ".");
  return text;
}

// Parses the cleaned text. On failure returns the reason and leaves in `parts` what was read.
std::string Analyze(const std::string& text, PatentNumber& out,
                    std::vector<std::pair<std::string, std::string>>& parts) {
  const std::size_t dot = text.find('.');
  const std::string_view digits = std::string_view(text).substr(0, dot);
  const std::string_view check =
      dot == std::string::npos ? std::string_view() : std::string_view(text).substr(dot + 1);
  if (!IsDigits(digits) || check.size() != 1 ||
      (digits.size() != kCurrentDigits && digits.size() != kLegacyDigits)) {
    return "专利申请号应为12位数字加“.”和校验位（如 201710601862.3），或2003年10月前的8位数字加"
           "校验位（如 95115608.X），请核对号码";
  }
  out.legacy = digits.size() == kLegacyDigits;
  if (out.legacy) {
    // The older form writes the year in two digits: 85..99 are 1985..1999, 00..03 are
    // 2000..2003 (the form was used until 2003-09-30).
    const int yy = ParseDigits(digits.substr(0, 2));
    out.year = yy >= kFirstLegacyYear % 100 ? 1900 + yy : 2000 + yy;
    if (out.year < kFirstLegacyYear || out.year > kFirstCurrentYear) {
      return "8位旧式申请号的年份应在1985至2003年之间，请核对号码";
    }
  } else {
    out.year = ParseDigits(digits.substr(0, 4));
    if (out.year < kFirstCurrentYear) {
      return "12位申请号自2003年起使用，年份 " + std::to_string(out.year) +
             " 不可能出现，请核对号码";
    }
  }
  parts.emplace_back("year", std::to_string(out.year));

  const std::size_t type_pos = out.legacy ? 2 : 4;
  const std::optional<PatentType> type = TypeFromDigit(digits[type_pos]);
  if (!type) {
    return "申请种类号应为 1、2、3、8 或 9，当前为 " + std::string(1, digits[type_pos]) +
           "，请核对号码";
  }
  out.type = *type;
  out.serial = std::string(digits.substr(type_pos + 1));
  out.check = check[0];
  parts.emplace_back("type", std::string(PatentTypeName(out.type)));
  parts.emplace_back("serial", out.serial);
  parts.emplace_back("check", std::string(check));

  const char expected = PatentCheckChar(digits);
  if (out.check != expected) {
    return "校验位应为 " + std::string(1, expected) + "，当前为 " + std::string(check) +
           "，请核对号码";
  }
  return "";
}

}  // namespace

char PatentCheckChar(std::string_view digits) {
  if ((digits.size() != kCurrentDigits && digits.size() != kLegacyDigits) || !IsDigits(digits)) {
    return '\0';
  }
  // Weights run 2..9 and then start again at 2.
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    sum += (digits[i] - '0') * static_cast<int>(2 + i % 8);
  }
  const int check = sum % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

std::optional<PatentNumber> ParsePatentNumber(std::string_view input) {
  PatentNumber number{};
  std::vector<std::pair<std::string, std::string>> parts;
  if (!Analyze(Clean(input), number, parts).empty()) return std::nullopt;
  return number;
}

std::string FormatPatentNumber(const PatentNumber& number) {
  const int year_digits = number.legacy ? number.year % 100 : number.year;
  std::string year = std::to_string(year_digits);
  if (number.legacy && year.size() < 2) year.insert(0, "0");
  return year + TypeDigit(number.type) + number.serial + "." + number.check;
}

ValidationResult ValidatePatentNumber(std::string_view input, const CivilDate& today) {
  ValidationResult result;
  result.normalized = Clean(input);
  PatentNumber number{};
  result.reason = Analyze(result.normalized, number, result.parts);
  if (result.reason.empty() && number.year > today.year) {
    result.reason = "申请年份 " + std::to_string(number.year) + " 晚于今年，请核对号码";
  }
  if (result.reason.empty()) {
    result.normalized = FormatPatentNumber(number);
    result.valid = true;
  }
  return result;
}

std::string_view PatentTypeName(PatentType type) {
  switch (type) {
    case PatentType::kInvention:
      return "invention";
    case PatentType::kUtilityModel:
      return "utility_model";
    case PatentType::kDesign:
      return "design";
    case PatentType::kPctInvention:
      return "pct_invention";
    case PatentType::kPctUtilityModel:
      return "pct_utility_model";
  }
  return "";
}

int PatentTermYears(PatentType type) {
  switch (type) {
    case PatentType::kInvention:
    case PatentType::kPctInvention:
      return 20;
    case PatentType::kUtilityModel:
    case PatentType::kPctUtilityModel:
      return 10;
    case PatentType::kDesign:
      return 15;
  }
  return 0;
}

int PatentTermYears(PatentType type, const CivilDate& filing_date) {
  if (type == PatentType::kDesign && filing_date < CivilDate{kDesignTermChange, 6, 1}) return 10;
  return PatentTermYears(type);
}

}  // namespace sg::core
