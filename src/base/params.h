// Decoded query-string parameters, in order, as the HTTP layer parsed them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg {

class Params {
 public:
  Params() = default;
  // Parses "a=1&b=%E5%BC%A0" (percent-decoding and '+' as space). Returns nullopt for malformed
  // percent escapes.
  static std::optional<Params> Parse(std::string_view query);

  // The first value of `name`, if present.
  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  void Add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
  }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Percent-decodes `in` (and '+' as space when `plus_is_space`). nullopt for malformed escapes.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string PercentEncode(std::string_view in);

}  // namespace sg
