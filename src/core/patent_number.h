// Chinese patent application number (专利申请号).
//
// Current form (from 2003-10-01): year (4) type (1) serial (7) "." check, e.g. 201710601862.3.
// Older form (1985 to 2003-09-30): year (2) type (1) serial (5) "." check, e.g. 95115608.X.
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "core/validation_result.h"

namespace sg::core {

// The type digit of an application number.
enum class PatentType {
  kInvention,        // 1
  kUtilityModel,     // 2
  kDesign,           // 3
  kPctInvention,     // 8: PCT application for an invention entering China
  kPctUtilityModel,  // 9: PCT application for a utility model entering China
};

struct PatentNumber {
  int year;  // filing year, four digits (95 in the older form becomes 1995)
  PatentType type;
  std::string serial;  // 7 digits, or 5 in the older form
  char check;          // '0'..'9' or 'X'
  bool legacy;         // true for the 8-digit form used before 2003-10-01
};

// Returns the check character for the 12 digits of the current form or the 8 digits of the
// older one: sum(d[i] * w[i]) mod 11 with w = 2,3,4,5,6,7,8,9,2,3,4,5; 10 is written 'X'.
// Returns '\0' for anything else.
char PatentCheckChar(std::string_view digits);

// Parses an application number. Accepts a "CN" or "ZL" prefix in any case, white space
// anywhere, a missing dot and full-width characters. Returns nullopt unless the form, the
// type digit, the year range and the check character are all right. Does not compare the
// year with today; ValidatePatentNumber does.
std::optional<PatentNumber> ParsePatentNumber(std::string_view input);

// Returns the canonical spelling without prefix: "201710601862.3" or "95115608.X".
// Precondition: `number` came from ParsePatentNumber or holds digits of the right length.
std::string FormatPatentNumber(const PatentNumber& number);

// Validates as ParsePatentNumber does and also rejects a filing year after today's year.
// Parts, in order: year, type, serial, check.
ValidationResult ValidatePatentNumber(std::string_view input, const CivilDate& today);

// Returns "invention", "utility_model", "design", "pct_invention" or "pct_utility_model".
std::string_view PatentTypeName(PatentType type);

// Returns the term in years counted from the filing date under 专利法 (2020) Art. 42:
// invention 20, utility model 10, design 15. PCT types follow their national counterpart.
int PatentTermYears(PatentType type);

// As above, for an application filed on `filing_date`. Designs filed before 2021-06-01, when
// the 2020 amendment took effect, keep the 10-year term of 专利法 (2008) Art. 42. Terms
// before the 1992 amendment (in force 1993-01-01) are not modelled.
int PatentTermYears(PatentType type, const CivilDate& filing_date);

}  // namespace sg::core
