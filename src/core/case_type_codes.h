// The case-type codes (类型代字) that may appear in a court case number.
//
// Source: SPC 关于人民法院案件案号的若干规定 (2015) and its attached 人民法院案件类型及其代字标准,
// as amended by 法〔2018〕335号. The specialised-trial character (知) is not part of a type
// code: 知民初 is 知 + 民初. Thread-safe: the table is immutable.
#pragma once

#include <span>
#include <string_view>

namespace sg::core {

// Every type code a modern (2016 onwards) case number may carry, in table order.
std::span<const std::string_view> CaseTypeCodes();

// Returns true when `code` is in CaseTypeCodes().
bool IsKnownCaseTypeCode(std::string_view code);

// Returns true when `code` may appear in a pre-2016 case number: the modern codes plus the
// old retrial codes 民提 and 行提, which the 2015 rule replaced with 民再 and 行再.
bool IsKnownLegacyCaseTypeCode(std::string_view code);

}  // namespace sg::core
