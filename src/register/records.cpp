#include "register/records.h"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "base/json_text.h"
#include "core/patent_number.h"
#include "core/text_normalize.h"
#include "register/search.h"

namespace sg::reg {
namespace {

constexpr std::string_view kInsertAgency =
    "INSERT INTO agencies (uid, parent_id, path, name, abbr, type, court_level, court_code, "
    "area_code, case_number_template, created_at) VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kParentPath = "SELECT path FROM agencies WHERE id = ?";
constexpr std::string_view kSetPath = "UPDATE agencies SET path = ? WHERE id = ?";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (uid, username, display_name, agency_id, title, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertParty =
    "INSERT INTO parties (uid, type, name, name_norm, uscc, id_number, phone, address, "
    "source_system, external_id, created_at, updated_at, agency_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertIpRight =
    "INSERT INTO ip_rights (uid, type, number, number_norm, title, owner_party_id, nice_class, "
    "filed_on, granted_on, status, area_code, source_system, external_id, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertCase =
    "INSERT INTO cases (uid, kind, procedure, agency_id, handler_id, title, case_number, status, "
    "received_on, filed_on, closed_on, claim_amount_fen, tags, summary, area_code, "
    "source_system, external_id, created_at, updated_at, detail, outcome, appeal_result, "
    "document_number, awarded_amount_fen, enforce_amount_fen, recovered_amount_fen, fine_fen) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kPartyDisplay = "SELECT type, name FROM parties WHERE id = ?";
constexpr std::string_view kIpDisplay = "SELECT type, number, title FROM ip_rights WHERE id = ?";
constexpr std::string_view kDetailParties =
    "SELECT cp.party_id, cp.role, p.type, p.name FROM case_parties cp "
    "JOIN parties p ON p.id = cp.party_id WHERE cp.case_id = ? ORDER BY cp.ordinal";
constexpr std::string_view kDetailIpRights =
    "SELECT r.id, r.type, r.number, r.title FROM case_ip_rights ci "
    "JOIN ip_rights r ON r.id = ci.ip_right_id WHERE ci.case_id = ? ORDER BY r.id";
constexpr std::string_view kDetailPanel =
    "SELECT user_id FROM case_panel WHERE case_id = ? ORDER BY user_id";
constexpr std::string_view kSetDetail = "UPDATE cases SET detail = ? WHERE id = ?";
constexpr std::string_view kInsertPanel = "INSERT INTO case_panel (case_id, user_id) VALUES (?, ?)";
constexpr std::string_view kInsertCaseParty =
    "INSERT INTO case_parties (case_id, party_id, role, ordinal) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertCaseIp =
    "INSERT INTO case_ip_rights (case_id, ip_right_id) VALUES (?, ?)";
constexpr std::string_view kInsertLink =
    "INSERT INTO case_links (from_case_id, to_case_id, type, created_at) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertEvent =
    "INSERT INTO case_events (uid, case_id, type, actor_id, at, effective_on, before, after, "
    "note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr std::string_view kCaseSearchFields = "SELECT title, case_number FROM cases WHERE id = ?";

std::string TagsJson(const std::vector<std::string>& tags) {
  boost::json::array arr;
  for (const auto& t : tags) arr.emplace_back(t);
  return boost::json::serialize(arr);
}

}  // namespace

int64_t InsertAgency(store::Connection& conn, TimestampMs now, const NewAgency& a) {
  const int64_t id =
      conn.Insert(kInsertAgency, a.uid, a.parent_id, a.name, a.abbr, a.type, a.court_level,
                  a.court_code, a.area_code, a.case_number_template, now);
  std::string path = "/";
  if (a.parent_id) {
    auto rows = conn.Query(kParentPath, *a.parent_id);
    if (!rows.Next()) throw store::DbError("parent agency not found", true);
    path = rows.Str(0);
  }
  conn.Exec(kSetPath, path + std::to_string(id) + "/", id);
  return id;
}

int64_t InsertUser(store::Connection& conn, TimestampMs now, const NewUser& u) {
  return conn.Insert(kInsertUser, u.uid, u.username, u.display_name, u.agency_id, u.title, now);
}

int64_t InsertParty(store::Connection& conn, TimestampMs now, const NewParty& p) {
  return conn.Insert(kInsertParty, p.uid, p.type, p.name, core::NormalizeName(p.name), p.uscc,
                     p.id_number, p.phone, p.address, p.source_system, p.external_id, now, now,
                     p.agency_id);
}

std::string IpNumberKey(const std::string& type, const std::string& number) {
  if (type.rfind("patent_", 0) == 0) {
    if (auto parsed = core::ParsePatentNumber(number)) return core::FormatPatentNumber(*parsed);
  }
  return core::CompactCode(number);
}

int64_t InsertIpRight(store::Connection& conn, TimestampMs now, const NewIpRight& r) {
  std::optional<std::string> key;
  if (r.number) key = IpNumberKey(r.type, *r.number);
  return conn.Insert(kInsertIpRight, r.uid, r.type, r.number, key, r.title, r.owner_party_id,
                     r.nice_class, r.filed_on, r.granted_on, r.status, r.area_code, r.source_system,
                     r.external_id, now, now);
}

namespace {

// The read model's JSON: {"parties": [...], "ip_rights": [...], "panel_ids": [...]}, in the
// shape GET /api/v1/cases/{id} shows.
std::string DetailJson(const std::vector<CaseParty>& parties, const std::vector<CaseIpRight>& ips,
                       const std::vector<int64_t>& panel) {
  std::string out = "{\"parties\":[";
  for (size_t i = 0; i < parties.size(); ++i) {
    if (i) out.push_back(',');
    JsonObjectText o(out);
    o.Int("party_id", parties[i].party_id);
    o.Str("role", parties[i].role);
    o.Str("type", parties[i].type);
    o.Str("name", parties[i].name);
    o.Close();
  }
  out += "],\"ip_rights\":[";
  for (size_t i = 0; i < ips.size(); ++i) {
    if (i) out.push_back(',');
    JsonObjectText o(out);
    o.Int("ip_right_id", ips[i].ip_right_id);
    o.Str("type", ips[i].type);
    o.Str("title", ips[i].title);
    if (ips[i].number) {
      o.Str("number", *ips[i].number);
    } else {
      o.Null("number");
    }
    o.Close();
  }
  out += "],\"panel_ids\":[";
  for (size_t i = 0; i < panel.size(); ++i) {
    if (i) out.push_back(',');
    out += std::to_string(panel[i]);
  }
  out += "]}";
  return out;
}

}  // namespace

int64_t InsertCase(store::Connection& conn, const NewCase& c, TermBatch* terms) {
  // Display fields the caller left empty are read; the detail lists IP rights and panel in id
  // order, as RefreshCaseDetail does. Copies are made only when something must change.
  std::vector<CaseParty> parties_copy;
  const std::vector<CaseParty>* parties = &c.parties;
  if (std::any_of(c.parties.begin(), c.parties.end(),
                  [](const CaseParty& p) { return p.name.empty(); })) {
    parties_copy = c.parties;
    for (auto& p : parties_copy) {
      if (!p.name.empty()) continue;
      auto rows = conn.Query(kPartyDisplay, p.party_id);
      if (rows.Next()) {
        p.type = rows.Str(0);
        p.name = rows.Str(1);
      }
    }
    parties = &parties_copy;
  }
  const auto by_id = [](const CaseIpRight& a, const CaseIpRight& b) {
    return a.ip_right_id < b.ip_right_id;
  };
  std::vector<CaseIpRight> ips_copy;
  const std::vector<CaseIpRight>* ips = &c.ip_rights;
  const bool ips_unfilled = std::any_of(c.ip_rights.begin(), c.ip_rights.end(),
                                        [](const CaseIpRight& r) { return r.type.empty(); });
  if (ips_unfilled || !std::is_sorted(c.ip_rights.begin(), c.ip_rights.end(), by_id)) {
    ips_copy = c.ip_rights;
    for (auto& r : ips_copy) {
      if (!r.type.empty()) continue;
      auto rows = conn.Query(kIpDisplay, r.ip_right_id);
      if (rows.Next()) {
        r.type = rows.Str(0);
        r.number = rows.OptStr(1);
        r.title = rows.Str(2);
      }
    }
    std::sort(ips_copy.begin(), ips_copy.end(), by_id);
    ips = &ips_copy;
  }
  std::vector<int64_t> panel_copy;
  const std::vector<int64_t>* panel = &c.panel_ids;
  if (!std::is_sorted(c.panel_ids.begin(), c.panel_ids.end())) {
    panel_copy = c.panel_ids;
    std::sort(panel_copy.begin(), panel_copy.end());
    panel = &panel_copy;
  }
  const int64_t id = conn.Insert(
      kInsertCase, c.uid, c.kind, c.procedure, c.agency_id, c.handler_id, c.title, c.case_number,
      c.status, c.received_on, c.filed_on, c.closed_on, c.claim_amount_fen, TagsJson(c.tags),
      c.summary, c.area_code, c.source_system, c.external_id, c.created_at, c.created_at,
      DetailJson(*parties, *ips, *panel), c.outcome, c.appeal_result, c.document_number,
      c.awarded_amount_fen, c.enforce_amount_fen, c.recovered_amount_fen, c.fine_fen);
  for (int64_t user : *panel) conn.Exec(kInsertPanel, id, user);
  int ordinal = 0;
  for (const auto& p : *parties) conn.Exec(kInsertCaseParty, id, p.party_id, p.role, ordinal++);
  for (const auto& r : *ips) conn.Exec(kInsertCaseIp, id, r.ip_right_id);

  std::vector<std::string> fields{c.title};
  if (c.case_number) fields.push_back(*c.case_number);
  for (const auto& p : *parties) fields.push_back(p.name);
  for (const auto& r : *ips) {
    if (r.number) fields.push_back(*r.number);
  }
  IndexCaseText(conn, id, fields, /*replace=*/false, terms);
  return id;
}

void RefreshCaseDetail(store::Connection& conn, int64_t case_id) {
  std::vector<CaseParty> parties;
  std::vector<CaseIpRight> ips;
  std::vector<int64_t> panel;
  {
    auto r = conn.Query(kDetailParties, case_id);
    while (r.Next()) parties.push_back({r.Int(0), r.Str(1), r.Str(2), r.Str(3)});
  }
  {
    auto r = conn.Query(kDetailIpRights, case_id);
    while (r.Next()) ips.push_back({r.Int(0), r.Str(1), r.OptStr(2), r.Str(3)});
  }
  {
    auto r = conn.Query(kDetailPanel, case_id);
    while (r.Next()) panel.push_back(r.Int(0));
  }
  conn.Exec(kSetDetail, DetailJson(parties, ips, panel), case_id);
}

int64_t InsertCaseLink(store::Connection& conn, TimestampMs now, int64_t from_case_id,
                       int64_t to_case_id, const std::string& type) {
  return conn.Insert(kInsertLink, from_case_id, to_case_id, type, now);
}

int64_t InsertEvent(store::Connection& conn, const NewEvent& e) {
  return conn.Insert(kInsertEvent, e.uid, e.case_id, e.type, e.actor_id, e.at, e.effective_on,
                     e.before, e.after, e.note);
}

void ReindexCase(store::Connection& conn, int64_t case_id) {
  std::vector<std::string> fields;
  {
    auto rows = conn.Query(kCaseSearchFields, case_id);
    if (!rows.Next()) return;
    fields.push_back(rows.Str(0));
    if (!rows.IsNull(1)) fields.push_back(rows.Str(1));
  }
  {
    auto rows = conn.Query(kDetailParties, case_id);
    while (rows.Next()) fields.push_back(rows.Str(3));
  }
  {
    auto rows = conn.Query(kDetailIpRights, case_id);
    while (rows.Next()) {
      if (!rows.IsNull(2)) fields.push_back(rows.Str(2));
    }
  }
  IndexCaseText(conn, case_id, fields, /*replace=*/true);
}

}  // namespace sg::reg
