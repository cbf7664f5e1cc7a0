#include "service/case_json.h"

#include <boost/json/parse.hpp>
#include <unordered_map>

#include "base/civil_time.h"

namespace sg::svc {
namespace {

constexpr std::string_view kPartiesOne =
    "SELECT cp.case_id, cp.party_id, cp.role, p.type, p.name FROM case_parties cp "
    "JOIN parties p ON p.id = cp.party_id WHERE cp.case_id = ? ORDER BY cp.ordinal";
constexpr std::string_view kIpOne =
    "SELECT ci.case_id, r.id, r.type, r.number, r.title FROM case_ip_rights ci "
    "JOIN ip_rights r ON r.id = ci.ip_right_id WHERE ci.case_id = ? ORDER BY r.id";
constexpr std::string_view kPanelOne =
    "SELECT case_id, user_id FROM case_panel WHERE case_id = ? ORDER BY user_id";

// Runs `sql_one` for a single case, or its IN-list form for a page of cases.
store::Rows QueryForCases(store::Connection& conn, std::string_view sql_one,
                          const std::vector<boost::json::object*>& cases, std::string& sql_many) {
  if (cases.size() == 1) return conn.Query(sql_one, (*cases[0]).at("id").as_int64());
  std::string s(sql_one);
  const size_t pos = s.find("= ?");
  std::string in = "IN (";
  std::vector<store::Param> params;
  for (size_t i = 0; i < cases.size(); ++i) {
    in += i ? ", ?" : "?";
    params.emplace_back(cases[i]->at("id").as_int64());
  }
  in += ")";
  s.replace(pos, 3, in);
  sql_many = std::move(s);
  return conn.QueryV(sql_many, params);
}

}  // namespace

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
  return o;
}

void AttachCaseDetails(store::Connection& conn, std::vector<boost::json::object*>& cases) {
  if (cases.empty()) return;
  std::unordered_map<int64_t, boost::json::object*> by_id;
  for (auto* c : cases) {
    by_id[c->at("id").as_int64()] = c;
    (*c)["parties"] = boost::json::array();
    (*c)["ip_rights"] = boost::json::array();
    (*c)["panel_ids"] = boost::json::array();
  }
  std::string sql;
  {
    auto r = QueryForCases(conn, kPartiesOne, cases, sql);
    while (r.Next()) {
      boost::json::object p;
      p["party_id"] = r.Int(1);
      p["role"] = r.Text(2);
      p["type"] = r.Text(3);
      p["name"] = r.Text(4);
      by_id[r.Int(0)]->at("parties").as_array().emplace_back(std::move(p));
    }
  }
  {
    auto r = QueryForCases(conn, kIpOne, cases, sql);
    while (r.Next()) {
      boost::json::object ip;
      ip["ip_right_id"] = r.Int(1);
      ip["type"] = r.Text(2);
      ip["number"] = TextOrNull(r, 3);
      ip["title"] = r.Text(4);
      by_id[r.Int(0)]->at("ip_rights").as_array().emplace_back(std::move(ip));
    }
  }
  {
    auto r = QueryForCases(conn, kPanelOne, cases, sql);
    while (r.Next()) by_id[r.Int(0)]->at("panel_ids").as_array().emplace_back(r.Int(1));
  }
}

}  // namespace sg::svc
