// Unified social credit code (统一社会信用代码), GB 32100-2015.
//
// Layout (18 characters): registration authority (1), entity type (1), area code (6), the
// GB 11714 organisation code (9, ending in its own check character) and a check character (1).
// All functions are pure and thread-safe.
#pragma once

#include <string_view>

#include "core/validation_result.h"

namespace sg::core {

// The 31-character code alphabet of GB 32100-2015 §4.2; a character's value is its index.
// It has no I, O, S, V or Z.
inline constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// Returns the check character (position 18) for the first 17 characters of a USCC, per
// GB 32100-2015 §5. `first17` must be 17 upper-case characters of kUsccAlphabet; otherwise
// returns '\0'.
char UsccCheckChar(std::string_view first17);

// Returns the check character of a GB 11714-1997 organisation code for its 8-character body
// (digits or upper-case letters): '0'..'9' or 'X'. Returns '\0' for any other input.
// A generated USCC must also keep its body inside kUsccAlphabet.
char OrganizationCodeCheckChar(std::string_view body8);

// Validates a USCC. Accepts lower case, full-width characters and white space anywhere (all
// removed); `normalized` is the 18 upper-case characters. Both the GB 32100 check character
// and the embedded GB 11714 check character must match: GB 32100-2015 §4.3 makes positions
// 9-17 a GB 11714 organisation code, so a code whose organisation part fails its own check
// cannot have been issued. Parts, in order: registration_authority, entity_type, area_code,
// organization_code.
ValidationResult ValidateUscc(std::string_view input);

}  // namespace sg::core
