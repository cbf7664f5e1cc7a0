// Strict reading of JSON request bodies.
//
// Every write request is read through ObjectReader: each field is taken once with its expected
// type, and Finish() refuses any field that was not taken (shared/API.md: unknown fields are
// refused in requests that write). Errors are ApiErrors naming the JSON path of the field.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/civil_time.h"
#include "base/errors.h"

namespace sg {

// Parses a request body. Refuses malformed JSON and invalid UTF-8 (400 invalid_json), and a body
// that is not an object when `require_object`.
boost::json::value ParseJsonBody(std::string_view body, bool require_object = true);

// Joins a JSON path: JoinPath("parties[0]", "name") == "parties[0].name".
std::string JoinPath(std::string_view base, std::string_view key);

class ObjectReader {
 public:
  // `path` is the JSON path of the object itself ("" for the body).
  ObjectReader(const boost::json::object& obj, std::string path = {});

  bool Has(std::string_view key) const;
  // A present JSON null reads as "absent" for the Opt* accessors except OptNullable*.
  std::optional<std::string> OptString(std::string_view key, size_t max_len = 1000);
  std::string ReqString(std::string_view key, size_t max_len = 1000);
  std::optional<int64_t> OptInt(std::string_view key, int64_t min = INT64_MIN,
                                int64_t max = INT64_MAX);
  int64_t ReqInt(std::string_view key, int64_t min = INT64_MIN, int64_t max = INT64_MAX);
  std::optional<bool> OptBool(std::string_view key);
  std::optional<Date> OptDate(std::string_view key);
  Date ReqDate(std::string_view key);
  // The value must be one of `allowed`.
  std::optional<std::string> OptEnum(std::string_view key, const std::vector<std::string>& allowed);
  std::string ReqEnum(std::string_view key, const std::vector<std::string>& allowed);
  std::optional<std::vector<std::string>> OptStringArray(std::string_view key, size_t max_items,
                                                         size_t max_len = 100);
  std::optional<std::vector<int64_t>> OptIntArray(std::string_view key, size_t max_items);
  // The raw value, or nullptr when absent. Marks the key as taken.
  const boost::json::value* Raw(std::string_view key);
  // True when the key is present with an explicit null (merge patch "remove").
  bool IsNull(std::string_view key) const;

  // Refuses any key not taken so far (400 unknown_field).
  void Finish() const;
  const std::string& path() const { return path_; }
  std::string FieldPath(std::string_view key) const { return JoinPath(path_, key); }

 private:
  const boost::json::value* Take(std::string_view key);
  const boost::json::object& obj_;
  std::string path_;
  std::set<std::string, std::less<>> taken_;
};

}  // namespace sg
