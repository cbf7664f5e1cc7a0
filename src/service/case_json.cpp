#include "service/case_json.h"

#include <boost/json/parse.hpp>

#include "base/civil_time.h"

namespace sg::svc {

boost::json::value TextOrNull(store::Rows& r, int col) {
  if (r.IsNull(col)) return nullptr;
  return boost::json::string(r.Text(col));
}

boost::json::value IntOrNull(store::Rows& r, int col) {
  if (r.IsNull(col)) return nullptr;
  return r.Int(col);
}

boost::json::value JsonOrNull(store::Rows& r, int col) {
  if (r.IsNull(col)) return nullptr;
  boost::system::error_code ec;
  auto v = boost::json::parse(r.Text(col), ec);
  return ec ? boost::json::value(nullptr) : v;
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() < 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

namespace {

// Appends one JSON object's members as text. Strings are escaped per RFC 8259 (quote, backslash,
// control characters); UTF-8 passes through, as Boost.JSON writes it.
class ObjectText {
 public:
  explicit ObjectText(std::string& out) : out_(out) { out_.push_back('{'); }
  void Str(std::string_view key, std::string_view v) {
    Key(key);
    Quote(v);
  }
  void Int(std::string_view key, int64_t v) {
    Key(key);
    out_ += std::to_string(v);
  }
  void Null(std::string_view key) {
    Key(key);
    out_ += "null";
  }
  void Raw(std::string_view key, std::string_view json) {
    Key(key);
    out_ += json;
  }
  void OptStr(std::string_view key, store::Rows& r, int col) {
    if (r.IsNull(col)) return Null(key);
    Str(key, r.Text(col));
  }
  void OptInt(std::string_view key, store::Rows& r, int col) {
    if (r.IsNull(col)) return Null(key);
    Int(key, r.Int(col));
  }
  // Appends the members of another object's text ("{...}") to this one.
  void Merge(std::string_view object_json) {
    if (object_json.size() <= 2) return;
    out_.push_back(',');
    out_.append(object_json.substr(1, object_json.size() - 2));
  }
  void Close() { out_.push_back('}'); }

 private:
  void Key(std::string_view key) {
    if (!first_) out_.push_back(',');
    first_ = false;
    Quote(key);
    out_.push_back(':');
  }
  void Quote(std::string_view v) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_.push_back('"');
    for (const char ch : v) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '"' || c == '\\') {
        out_.push_back('\\');
        out_.push_back(ch);
      } else if (c < 0x20) {
        out_ += "\\u00";
        out_.push_back(kHex[c >> 4]);
        out_.push_back(kHex[c & 0xF]);
      } else {
        out_.push_back(ch);
      }
    }
    out_.push_back('"');
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace

void AppendCaseRowText(store::Rows& r, std::string& out) {
  ObjectText o(out);
  o.Int("id", r.Int(0));
  o.Str("uid", r.Text(1));
  o.Str("kind", r.Text(2));
  o.OptStr("procedure", r, 3);
  o.Int("agency_id", r.Int(4));
  o.Str("agency_name", r.Text(5));
  o.OptInt("handler_id", r, 6);
  o.OptStr("handler_name", r, 7);
  o.Str("title", r.Text(8));
  o.OptStr("case_number", r, 9);
  o.Str("status", r.Text(10));
  o.Str("received_on", r.Text(11));
  o.OptStr("filed_on", r, 12);
  o.OptStr("closed_on", r, 13);
  o.OptInt("claim_amount_fen", r, 14);
  // tags and detail are JSON the writer stored (register/records.cpp); they are spliced as is.
  o.Raw("tags", r.Text(15));
  o.OptStr("summary", r, 16);
  o.OptStr("area_code", r, 17);
  std::string deadline;
  {
    ObjectText d(deadline);
    d.OptStr("due", r, 18);
    d.OptStr("level", r, 19);
    d.Close();
  }
  o.Raw("deadline", deadline);
  o.OptStr("source_system", r, 20);
  o.OptStr("external_id", r, 21);
  o.Int("version", r.Int(22));
  o.Str("created_at", FormatTimestamp(r.Int(23)));
  o.Str("updated_at", FormatTimestamp(r.Int(24)));
  // The read model holds parties, ip_rights and panel_ids (register/records.h).
  o.Merge(r.Text(25));
  o.Close();
}

boost::json::object CaseRowJson(store::Rows& r) {
  std::string text;
  AppendCaseRowText(r, text);
  return boost::json::parse(text).as_object();
}

}  // namespace sg::svc
