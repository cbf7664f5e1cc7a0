// Court case numbers (案号), SPC 关于人民法院案件案号的若干规定 (2015, in force 2016-01-01;
// amended by 法〔2018〕335号).
//
// Modern form: （year）court code [specialised-trial character] type code sequence 号,
// e.g. （2024）晋07知民初15号. Legacy form (before 2016), parsed but never issued:
// (2013)江宁知民初字第127号. All functions are pure and thread-safe; none reads the clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "core/validation_result.h"

namespace sg::core {

struct CaseNumber {
  int year;
  // Modern: 最高法, a provincial abbreviation (晋), or one followed by 2 digits (intermediate
  // or specialised court, 沪73) or 4 digits (basic court, 晋0702). Legacy: the court's old
  // place abbreviation (江宁); empty for the SPC's own legacy numbers, which carried none.
  std::string court_code;
  std::string specialized;  // "知" for IP cases, otherwise empty
  std::string type_code;    // one of CaseTypeCodes(), e.g. 民初
  std::int64_t sequence;    // from 1, per court, year, specialised character and type
  bool legacy;              // parsed from the pre-2016 "字第…号" form

  friend bool operator==(const CaseNumber&, const CaseNumber&) = default;
};

// Earliest and latest years accepted in a case number.
inline constexpr int kFirstCaseYear = 1949;
inline constexpr int kLastCaseYear = 2100;

// Parses a case number in either form. Accepts full-width （） or ASCII () brackets,
// full-width digits and white space anywhere. Returns nullopt when the court code, the
// specialised character, the type code (see case_type_codes.h), the sequence (>= 1), the
// year (kFirstCaseYear..kLastCaseYear) or the closing 号 is wrong. Legacy numbers are
// parsed only in the shape court [知] type 字第 sequence 号.
std::optional<CaseNumber> ParseCaseNumber(std::string_view input);

// Returns the modern form with full-width brackets U+FF08/U+FF09, whatever `number.legacy`
// says: {2024, "晋07", "知", "民初", 15} -> "（2024）晋07知民初15号". Does not validate.
std::string FormatCaseNumber(const CaseNumber& number);

// The name the module brief used; identical to FormatCaseNumber.
inline std::string Format(const CaseNumber& number) { return FormatCaseNumber(number); }

// Validates as ParseCaseNumber does and also rejects a year after today's year.
// `normalized` is FormatCaseNumber of the parse for modern numbers; legacy numbers keep their
// legacy text with full-width brackets. Parts, in order: year, court_code, specialized,
// type_code, sequence, legacy ("true"/"false").
ValidationResult ValidateCaseNumber(std::string_view input, const CivilDate& today);

}  // namespace sg::core
