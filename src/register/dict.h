// The dictionary: every enum of the API with its Chinese label. GET /api/v1/dict serves it, the
// web UI takes every label from it, and request validation takes the allowed values from it, so
// an enum is defined in exactly one place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sg::reg {

struct DictEntry {
  std::string_view value;
  std::string_view label;
};

struct DictEnum {
  std::string_view name;
  std::vector<DictEntry> entries;
};

// All enums, in a stable order.
const std::vector<DictEnum>& Dictionary();
// The values of one enum (empty for an unknown name).
const std::vector<std::string>& DictValues(std::string_view name);
bool InDict(std::string_view name, std::string_view value);
// The Chinese label, or the value itself when unknown.
std::string_view DictLabel(std::string_view name, std::string_view value);

// Case kinds heard by courts (court case numbers, procedure field).
bool IsCourtKind(std::string_view kind);
// The agency types that may own a case of `kind`.
bool AgencyMayOwn(std::string_view agency_type, std::string_view court_level,
                  std::string_view kind);

}  // namespace sg::reg
