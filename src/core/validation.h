// The single entry point behind GET /api/v1/validate/{type}.
//
// Pure and thread-safe; "today" is passed in because core never reads the clock.
#pragma once

#include <optional>
#include <string_view>

#include "core/civil_date.h"
#include "core/validation_result.h"

namespace sg::core {

// The identifier types Validate() knows, as they appear in the URL.
inline constexpr std::string_view kValidationTypes[] = {"uscc", "id_number", "patent_number",
                                                        "case_number"};

// Validates `value` as an identifier of `type` (one of kValidationTypes) and returns the
// result, or nullopt when `type` is unknown (the handler answers 404). Dates in `value` are
// judged against `today`: a birth date or a filing year after it is invalid.
std::optional<ValidationResult> Validate(std::string_view type, std::string_view value,
                                         const CivilDate& today);

}  // namespace sg::core
