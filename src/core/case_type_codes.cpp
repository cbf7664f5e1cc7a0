#include "core/case_type_codes.h"

#include <algorithm>
#include <array>

namespace sg::core {
namespace {

// Grouped as in the SPC standard. Every code listed in identifiers.md is here; the others
// are codes of the same standard as seen in published judgments, not yet checked line by line
// against the standard's text. Unknown codes are rejected, so a missing one blocks users:
// add it here (with its group) rather than loosening the parser.
constexpr std::array<std::string_view, 58> kCodes = {
    // 民事 civil
    "民初", "民终", "民申", "民再", "民监", "民抗", "民撤", "民特", "民督", "民催", "民破", "民他",
    "民算", "民辖", "民辖终", "民辖监",
    // 行政 administrative
    "行初", "行终", "行申", "行再", "行审", "行赔初", "行赔终", "行赔申", "行抗", "行监", "行他",
    "行审复",
    // 刑事 criminal
    "刑初", "刑终", "刑申", "刑再", "刑抗", "刑核", "刑更", "刑医", "刑没", "刑他",
    // 执行 enforcement
    "执", "执恢", "执保", "执异", "执复", "执监", "执协", "执他",
    // 保全 preservation
    "财保", "证保", "行保",
    // 破产与强制清算 bankruptcy and compulsory liquidation
    "破申", "破", "强清",
    // 国家赔偿与司法救助 state compensation and judicial aid
    "法赔", "委赔", "委赔监", "司救民", "司救刑", "司救行"};

constexpr std::array<std::string_view, 2> kLegacyOnlyCodes = {"民提", "行提"};

}  // namespace

std::span<const std::string_view> CaseTypeCodes() { return kCodes; }

bool IsKnownCaseTypeCode(std::string_view code) {
  return std::find(kCodes.begin(), kCodes.end(), code) != kCodes.end();
}

bool IsKnownLegacyCaseTypeCode(std::string_view code) {
  return IsKnownCaseTypeCode(code) || std::find(kLegacyOnlyCodes.begin(), kLegacyOnlyCodes.end(),
                                                code) != kLegacyOnlyCodes.end();
}

}  // namespace sg::core
