#include "service/case_json.h"

#include <boost/json/parse.hpp>

#include "base/civil_time.h"
#include "base/json_text.h"

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
void OptStr(JsonObjectText& o, std::string_view key, store::Rows& r, int col) {
  if (r.IsNull(col)) {
    o.Null(key);
  } else {
    o.Str(key, r.Text(col));
  }
}
void OptInt(JsonObjectText& o, std::string_view key, store::Rows& r, int col) {
  if (r.IsNull(col)) {
    o.Null(key);
  } else {
    o.Int(key, r.Int(col));
  }
}
}  // namespace

void AppendCaseRowText(store::Rows& r, std::string& out, Date today) {
  JsonObjectText o(out);
  o.Int("id", r.Int(0));
  o.Str("uid", r.Text(1));
  o.Str("kind", r.Text(2));
  OptStr(o, "procedure", r, 3);
  o.Int("agency_id", r.Int(4));
  o.Str("agency_name", r.Text(5));
  OptInt(o, "handler_id", r, 6);
  OptStr(o, "handler_name", r, 7);
  o.Str("title", r.Text(8));
  OptStr(o, "case_number", r, 9);
  o.Str("status", r.Text(10));
  o.Str("received_on", r.Text(11));
  OptStr(o, "filed_on", r, 12);
  OptStr(o, "closed_on", r, 13);
  OptInt(o, "claim_amount_fen", r, 14);
  // tags and detail are JSON the writer stored (register/records.cpp); they are spliced as is.
  o.Raw("tags", r.Text(15));
  OptStr(o, "summary", r, 16);
  OptStr(o, "area_code", r, 17);
  OptStr(o, "stage", r, 26);
  // The earliest running deadline (service/deadlines.h), its level as of today.
  std::string deadline;
  {
    JsonObjectText d(deadline);
    OptStr(d, "due", r, 18);
    OptStr(d, "near_on", r, 27);
    if (r.IsNull(18)) {
      d.Null("level");
    } else {
      const std::string t = today.ToString();
      d.Str("level", r.Text(18) < t                       ? "overdue"
                     : (!r.IsNull(27) && r.Text(27) <= t) ? "near"
                                                          : "normal");
    }
    d.Close();
  }
  o.Raw("deadline", deadline);
  OptStr(o, "outcome", r, 28);
  OptStr(o, "appeal_result", r, 29);
  OptStr(o, "document_number", r, 30);
  OptInt(o, "awarded_amount_fen", r, 31);
  OptInt(o, "enforce_amount_fen", r, 32);
  OptInt(o, "recovered_amount_fen", r, 33);
  OptInt(o, "fine_fen", r, 34);
  OptStr(o, "source_system", r, 20);
  OptStr(o, "external_id", r, 21);
  o.Int("version", r.Int(22));
  o.Str("created_at", FormatTimestamp(r.Int(23)));
  o.Str("updated_at", FormatTimestamp(r.Int(24)));
  // The read model holds parties, ip_rights and panel_ids (register/records.h).
  o.Merge(r.Text(25));
  o.Close();
}

boost::json::object CaseRowJson(store::Rows& r, Date today) {
  std::string text;
  AppendCaseRowText(r, text, today);
  return boost::json::parse(text).as_object();
}

}  // namespace sg::svc
