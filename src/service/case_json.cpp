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

boost::json::object CaseRowJson(store::Rows& r) {
  boost::json::object o;
  o.reserve(28);
  o["id"] = r.Int(0);
  o["uid"] = r.Text(1);
  o["kind"] = r.Text(2);
  o["procedure"] = TextOrNull(r, 3);
  o["agency_id"] = r.Int(4);
  o["agency_name"] = r.Text(5);
  o["handler_id"] = IntOrNull(r, 6);
  o["handler_name"] = TextOrNull(r, 7);
  o["title"] = r.Text(8);
  o["case_number"] = TextOrNull(r, 9);
  o["status"] = r.Text(10);
  o["received_on"] = r.Text(11);
  o["filed_on"] = TextOrNull(r, 12);
  o["closed_on"] = TextOrNull(r, 13);
  o["claim_amount_fen"] = IntOrNull(r, 14);
  boost::system::error_code ec;
  auto tags = boost::json::parse(r.Text(15), ec);
  o["tags"] = ec ? boost::json::value(boost::json::array()) : std::move(tags);
  o["summary"] = TextOrNull(r, 16);
  o["area_code"] = TextOrNull(r, 17);
  boost::json::object deadline;
  deadline["due"] = TextOrNull(r, 18);
  deadline["level"] = TextOrNull(r, 19);
  o["deadline"] = std::move(deadline);
  o["source_system"] = TextOrNull(r, 20);
  o["external_id"] = TextOrNull(r, 21);
  o["version"] = r.Int(22);
  o["created_at"] = FormatTimestamp(r.Int(23));
  o["updated_at"] = FormatTimestamp(r.Int(24));
  // The read model holds parties, ip_rights and panel_ids (register/records.h).
  boost::json::value detail = JsonOrNull(r, 25);
  if (detail.is_object()) {
    for (auto& kv : detail.as_object()) o[kv.key()] = std::move(kv.value());
  }
  return o;
}

}  // namespace sg::svc
