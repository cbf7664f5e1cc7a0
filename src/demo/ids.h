// Valid identifiers for generated parties and IP rights. Each maker draws from the demo's Rng
// and computes the check characters with core/, so every value passes core validation. They do
// not ensure uniqueness; the pool does (the database has unique indexes on all of them).
#pragma once

#include <string>
#include <string_view>

#include "base/civil_time.h"
#include "demo/rng.h"

namespace sg::demo {

// A unified social credit code: registration authority + entity type ("91" enterprise,
// "92" 个体工商户, "11" government organ), the 6-digit area code, a GB 11714 organisation code
// (post-2015 "MA…" form or an older all-digit one) and the GB 32100 check character.
std::string MakeUscc(Rng& rng, std::string_view authority_and_type, std::string_view area_code);

// An 18-digit resident ID number for someone born on `birth` in `area_code`; odd sequence for
// men (GB 11643-1999).
std::string MakeIdNumber(Rng& rng, std::string_view area_code, const Date& birth, bool male);

// A current-form patent application number "YYYYTNNNNNNN.C": type_digit '1' invention, '2'
// utility model, '3' design.
std::string MakePatentNumber(Rng& rng, int year, char type_digit);

// A mainland mobile number, 11 digits.
std::string MakeMobile(Rng& rng);

}  // namespace sg::demo
