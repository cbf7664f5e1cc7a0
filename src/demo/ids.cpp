#include "demo/ids.h"

#include <array>

#include "core/id_number.h"
#include "core/patent_number.h"
#include "core/uscc.h"

namespace sg::demo {
namespace {

// Mobile prefixes of the three carriers (移动, 联通, 电信).
constexpr std::array<std::string_view, 20> kMobilePrefixes = {
    "139", "138", "137", "136", "135", "134", "150", "151", "152", "157",
    "158", "159", "182", "187", "130", "131", "155", "186", "133", "189"};

void AppendDigits(Rng& rng, std::string& out, int n) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + rng.Range(0, 9)));
}

}  // namespace

std::string MakeUscc(Rng& rng, std::string_view authority_and_type, std::string_view area_code) {
  std::string body;
  if (rng.Percent(70)) {
    // Codes issued since the 2015 reform begin with "MA"; the rest is drawn from the USCC
    // alphabet so that the whole code stays inside it.
    body = "MA";
    for (int i = 0; i < 6; ++i) {
      body.push_back(core::kUsccAlphabet[static_cast<size_t>(rng.Range(0, 30))]);
    }
  } else {
    AppendDigits(rng, body, 8);
  }
  std::string code(authority_and_type);
  code += area_code;
  code += body;
  code.push_back(core::OrganizationCodeCheckChar(body));
  code.push_back(core::UsccCheckChar(code));
  return code;
}

std::string MakeIdNumber(Rng& rng, std::string_view area_code, const Date& birth, bool male) {
  std::string id(area_code);
  const std::string ymd = birth.ToString();  // YYYY-MM-DD
  id += ymd.substr(0, 4);
  id += ymd.substr(5, 2);
  id += ymd.substr(8, 2);
  // The sequence: two free digits, then an odd digit for men and an even one for women.
  AppendDigits(rng, id, 2);
  id.push_back(static_cast<char>('0' + rng.Range(0, 4) * 2 + (male ? 1 : 0)));
  id.push_back(core::IdNumberCheckChar(id));
  return id;
}

std::string MakePatentNumber(Rng& rng, int year, char type_digit) {
  std::string digits = std::to_string(year);
  digits.push_back(type_digit);
  // Real serials start from 0 each year; a leading digit below 6 keeps them plausible.
  digits.push_back(static_cast<char>('0' + rng.Range(0, 5)));
  AppendDigits(rng, digits, 6);
  std::string out = digits;
  out.push_back('.');
  out.push_back(core::PatentCheckChar(digits));
  return out;
}

std::string MakeMobile(Rng& rng) {
  std::string out(rng.Pick(kMobilePrefixes));
  AppendDigits(rng, out, 8);
  return out;
}

}  // namespace sg::demo
