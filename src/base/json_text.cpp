#include "base/json_text.h"

namespace sg {

void AppendJsonString(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

void JsonObjectText::Merge(std::string_view object_json) {
  if (object_json.size() <= 2) return;
  if (!first_) out_.push_back(',');
  first_ = false;
  out_.append(object_json.substr(1, object_json.size() - 2));
}

}  // namespace sg
