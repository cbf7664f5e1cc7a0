#include "core/uscc.h"

#include <array>
#include <cstddef>
#include <string>

#include "core/text_normalize.h"

namespace sg::core {
namespace {

constexpr std::size_t kUsccLength = 18;
constexpr std::size_t kOrgBodyLength = 8;
constexpr int kUsccModulus = 31;
constexpr int kOrgModulus = 11;

// GB 32100-2015 §5: weight of position i is 3^(i-1) mod 31.
constexpr std::array<int, 17> kUsccWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                              29, 25, 13, 8,  24, 10, 30, 28};
// GB 11714-1997 §5: weights of the 8 body characters.
constexpr std::array<int, kOrgBodyLength> kOrgWeights = {3, 7, 9, 10, 5, 8, 4, 2};

// GB 11714-1997: a digit is worth itself, a letter A..Z is worth 10..35. -1 if neither.
int OrgCharValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

std::string Quote(char c) { return std::string("“") + c + "”"; }

}  // namespace

char UsccCheckChar(std::string_view first17) {
  if (first17.size() != kUsccWeights.size()) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < first17.size(); ++i) {
    const std::size_t value = kUsccAlphabet.find(first17[i]);
    if (value == std::string_view::npos) return '\0';
    sum += static_cast<int>(value) * kUsccWeights[i];
  }
  return kUsccAlphabet[static_cast<std::size_t>((kUsccModulus - sum % kUsccModulus) %
                                                kUsccModulus)];
}

char OrganizationCodeCheckChar(std::string_view body8) {
  if (body8.size() != kOrgBodyLength) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < body8.size(); ++i) {
    const int value = OrgCharValue(body8[i]);
    if (value < 0) return '\0';
    sum += value * kOrgWeights[i];
  }
  // GB 11714-1997 §5: C9 = 11 - (sum mod 11); 10 is written X and 11 is written 0.
  const int check = kOrgModulus - sum % kOrgModulus;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

ValidationResult ValidateUscc(std::string_view input) {
  ValidationResult result;
  result.normalized = CompactCode(input);
  const std::string& code = result.normalized;
  if (code.size() != kUsccLength) {
    result.reason =
        "统一社会信用代码应为18位，当前为" + std::to_string(code.size()) + "位，请核对号码";
    return result;
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (kUsccAlphabet.find(code[i]) == std::string_view::npos) {
      result.reason = "第" + std::to_string(i + 1) + "位字符" + Quote(code[i]) +
                      "不是统一社会信用代码的合法字符（代码不含 I、O、S、V、Z），请核对号码";
      return result;
    }
  }
  result.parts = {{"registration_authority", code.substr(0, 1)},
                  {"entity_type", code.substr(1, 1)},
                  {"area_code", code.substr(2, 6)},
                  {"organization_code", code.substr(8, 9)}};

  const char expected = UsccCheckChar(std::string_view(code).substr(0, 17));
  if (code[17] != expected) {
    result.reason =
        "校验位应为 " + std::string(1, expected) + "，当前为 " + code.substr(17) + "，请核对号码";
    return result;
  }
  const char org_expected = OrganizationCodeCheckChar(std::string_view(code).substr(8, 8));
  if (code[16] != org_expected) {
    result.reason = "第17位（组织机构代码校验位）应为 " + std::string(1, org_expected) +
                    "，当前为 " + code.substr(16, 1) + "，请核对号码";
    return result;
  }
  result.valid = true;
  return result;
}

}  // namespace sg::core
