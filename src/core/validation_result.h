// The shape every identifier validator in core returns, and that GET /api/v1/validate/{type}
// serialises unchanged.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sg::core {

struct ValidationResult {
  // True only when every rule for the identifier type holds.
  bool valid = false;
  // The canonical spelling when valid; otherwise the input cleaned as far as possible
  // (half-width, trimmed, upper-cased), so the user can see what was checked.
  std::string normalized;
  // Named components in a fixed order per type; when invalid, only those parsed before the
  // first failure are present.
  std::vector<std::pair<std::string, std::string>> parts;
  // Empty when valid; otherwise one Simplified Chinese sentence saying what is wrong and what
  // to do about it, fit to show the user as is.
  std::string reason;
};

}  // namespace sg::core
