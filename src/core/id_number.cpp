#include "core/id_number.h"

#include <array>
#include <cstddef>
#include <string>

#include "core/text_normalize.h"

namespace sg::core {
namespace {

constexpr std::size_t kIdLength = 18;
constexpr std::size_t kLegacyIdLength = 15;  // GB 11643-1989 form, superseded in 1999
constexpr std::size_t kMaskedPrefix = 6;
constexpr std::size_t kMaskedSuffix = 4;
constexpr std::size_t kMaskedStars = 8;

// GB 11643-1999 §7.2: weight of position i is 2^(18-i) mod 11.
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int ParseDigits(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

char IdNumberCheckChar(std::string_view first17) {
  if (first17.size() != kWeights.size()) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < first17.size(); ++i) {
    if (!IsDigit(first17[i])) return '\0';
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckChars[static_cast<std::size_t>(sum % 11)];
}

ValidationResult ValidateIdNumber(std::string_view input, const CivilDate& today) {
  ValidationResult result;
  result.normalized = CompactCode(input);
  const std::string& id = result.normalized;
  if (id.size() == kLegacyIdLength) {
    result.reason = "这是旧版15位身份证号码，请填写现行的18位号码";
    return result;
  }
  if (id.size() != kIdLength) {
    result.reason = "身份证号码应为18位，当前为" + std::to_string(id.size()) + "位，请核对号码";
    return result;
  }
  for (std::size_t i = 0; i + 1 < id.size(); ++i) {
    if (!IsDigit(id[i])) {
      result.reason =
          "身份证号码前17位应全为数字，第" + std::to_string(i + 1) + "位不是数字，请核对号码";
      return result;
    }
  }
  if (!IsDigit(id[17]) && id[17] != 'X') {
    result.reason = "身份证号码最后一位应为数字或 X，请核对号码";
    return result;
  }
  result.parts.emplace_back("address_code", id.substr(0, 6));

  const CivilDate birth{ParseDigits(std::string_view(id).substr(6, 4)),
                        ParseDigits(std::string_view(id).substr(10, 2)),
                        ParseDigits(std::string_view(id).substr(12, 2))};
  if (!IsValidCivilDate(birth)) {
    result.reason = "出生日期 " + id.substr(6, 8) + " 不是真实存在的日期，请核对号码";
    return result;
  }
  if (birth > today) {
    result.reason = "出生日期 " + id.substr(6, 8) + " 晚于今天，请核对号码";
    return result;
  }
  result.parts.emplace_back("birth_date",
                            id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2));
  result.parts.emplace_back("sequence", id.substr(14, 3));
  // GB 11643-1999 §6.3: the sequence is odd for men and even for women.
  result.parts.emplace_back("sex", (id[16] - '0') % 2 == 1 ? "male" : "female");

  const char expected = IdNumberCheckChar(std::string_view(id).substr(0, 17));
  if (id[17] != expected) {
    result.reason =
        "校验位应为 " + std::string(1, expected) + "，当前为 " + id.substr(17) + "，请核对号码";
    return result;
  }
  result.valid = true;
  return result;
}

std::string MaskIdNumber(std::string_view id_number) {
  const std::string id = CompactCode(id_number);
  if (id.size() != kIdLength) return std::string(id.size(), '*');
  return id.substr(0, kMaskedPrefix) + std::string(kMaskedStars, '*') +
         id.substr(kIdLength - kMaskedSuffix);
}

}  // namespace sg::core
