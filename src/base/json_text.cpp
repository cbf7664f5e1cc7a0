#include "base/json_text.h"

namespace sg {

void AppendJsonString(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  // Runs of bytes that need no escape are appended whole.
  size_t run = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(v.data() + run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(v.data() + run, v.size() - run);
  out.push_back('"');
}

void JsonObjectText::Merge(std::string_view object_json) {
  if (object_json.size() <= 2) return;
  if (!first_) out_.push_back(',');
  first_ = false;
  out_.append(object_json.substr(1, object_json.size() - 2));
}

}  // namespace sg
