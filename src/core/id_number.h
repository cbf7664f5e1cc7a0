// Resident identity number (公民身份号码), GB 11643-1999.
//
// Layout (18): address code (6), date of birth YYYYMMDD (8), sequence (3, odd for men) and a
// check character (1). All functions are pure and thread-safe; none reads the clock.
#pragma once

#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "core/validation_result.h"

namespace sg::core {

// Returns the check character ('0'..'9' or 'X') for the first 17 digits, per GB 11643-1999
// §7 (ISO 7064 MOD 11-2). Returns '\0' unless `first17` is exactly 17 ASCII digits.
char IdNumberCheckChar(std::string_view first17);

// Validates an 18-character ID number against `today` (the caller's date; a birth date after
// it is rejected). Accepts white space, full-width digits and a lower-case x; `normalized`
// uses an upper-case X. The birth date must be a real Gregorian date. The address code is
// not checked against GB/T 2260: codes are retired over time and old numbers stay valid.
// Parts, in order: address_code, birth_date (YYYY-MM-DD), sequence, sex (male|female).
ValidationResult ValidateIdNumber(std::string_view input, const CivilDate& today);

// Returns the form safe for shared views: the first 6 and last 4 characters with 8 stars
// between, "110105********002X". Input is cleaned as in ValidateIdNumber; anything that is
// not 18 characters long comes back as stars only, so a malformed number never leaks.
std::string MaskIdNumber(std::string_view id_number);

}  // namespace sg::core
