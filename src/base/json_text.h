// Writing JSON as text without building an object tree, for hot paths (reading a case, bulk
// loads). Strings are escaped per RFC 8259 (quote, backslash, control characters); UTF-8 passes
// through unchanged, as Boost.JSON writes it, so the text parses to the same value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sg {

// Appends `v` as a quoted JSON string.
void AppendJsonString(std::string& out, std::string_view v);

// Appends one JSON object member by member; Close() ends it. Not thread-safe.
class JsonObjectText {
 public:
  explicit JsonObjectText(std::string& out) : out_(out) { out_.push_back('{'); }
  void Str(std::string_view key, std::string_view v) {
    Key(key);
    AppendJsonString(out_, v);
  }
  void Int(std::string_view key, int64_t v) {
    Key(key);
    out_ += std::to_string(v);
  }
  void Null(std::string_view key) {
    Key(key);
    out_ += "null";
  }
  // A member whose value is JSON text already.
  void Raw(std::string_view key, std::string_view json) {
    Key(key);
    out_ += json;
  }
  // Appends the members of another object's text ("{...}").
  void Merge(std::string_view object_json);
  void Close() { out_.push_back('}'); }

 private:
  void Key(std::string_view key) {
    if (!first_) out_.push_back(',');
    first_ = false;
    AppendJsonString(out_, key);
    out_.push_back(':');
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace sg
