#include "service/case_records.h"

#include <boost/json/array.hpp>

#include "auth/scope.h"
#include "base/errors.h"
#include "register/dict.h"
#include "service/case_json.h"
#include "service/paging.h"
#include "store/conditions.h"

namespace sg::svc {
namespace {

constexpr std::string_view kServices =
    "SELECT s.id, s.party_id, p.name, p.type, s.document, s.served_on, s.method, s.created_by, "
    "u.display_name, s.created_at FROM case_services s JOIN parties p ON p.id = s.party_id "
    "LEFT JOIN users u ON u.id = s.created_by WHERE s.case_id = ? ORDER BY s.served_on, s.id";
constexpr std::string_view kExtensions =
    "SELECT e.id, e.case_id, c.case_number, c.title, c.kind, c.agency_id, a.name, "
    "e.deadline_code, e.length, e.unit, e.reason, e.requested_by, ru.display_name, "
    "e.requested_on, e.late, e.status, e.approver_id, au.display_name, e.decided_on, "
    "e.decision_reason, e.created_at FROM case_extensions e JOIN cases c ON c.id = e.case_id "
    "JOIN agencies a ON a.id = c.agency_id LEFT JOIN users ru ON ru.id = e.requested_by "
    "LEFT JOIN users au ON au.id = e.approver_id";

// The Chinese label of deadline `code` in the definition of `kind`; the code when there is none.
std::string DeadlineLabel(const wf::Registry& workflows, std::string_view kind,
                          std::string_view code) {
  const wf::Definition* def = workflows.Find(kind);
  const wf::Deadline* d = def ? def->FindDeadline(code) : nullptr;
  return d ? d->label : std::string(code);
}

}  // namespace

boost::json::object ListCaseServices(store::Connection& conn, const auth::Principal& p,
                                     int64_t case_id) {
  if (!auth::CaseVisible(conn, p, case_id)) ThrowNotFound("案件不存在或不在您的查看范围内");
  boost::json::array items;
  auto r = conn.Query(kServices, case_id);
  while (r.Next()) {
    items.push_back(boost::json::object{{"id", r.Int(0)},
                                        {"case_id", case_id},
                                        {"party_id", r.Int(1)},
                                        {"party_name", r.Text(2)},
                                        {"party_type", r.Text(3)},
                                        {"document", TextOrNull(r, 4)},
                                        {"served_on", r.Text(5)},
                                        {"method", r.Text(6)},
                                        {"created_by", IntOrNull(r, 7)},
                                        {"created_by_name", TextOrNull(r, 8)},
                                        {"created_at", FormatTimestamp(r.Int(9))}});
  }
  return {{"items", std::move(items)}};
}

boost::json::object ListExtensions(store::Connection& conn, const wf::Registry& workflows,
                                   const auth::Principal& p, const Params& params) {
  store::Conditions f;
  const auth::SqlCondition scope = auth::CaseScope(p);
  f.Add(scope.sql, scope.params);
  if (auto status = params.Get("status")) {
    if (*status != "pending" && *status != "granted" && *status != "refused") {
      ThrowInvalidField("status", "应为 pending、granted 或 refused");
    }
    f.Add("e.status = ?", *status);
  }
  AddHolderFilters(conn, params, f);
  const int64_t limit = ParseLimit(params, 50, 500);
  if (auto cursor = params.Get("cursor")) {
    auto id = DecodeIdCursor(*cursor);
    if (!id) ThrowInvalidField("cursor", "分页游标无效，请从第一页重新查询");
    f.Add("e.id < ?", *id);
  }
  std::vector<store::Param> values = f.params();
  values.emplace_back(limit + 1);
  auto r =
      conn.QueryV(std::string(kExtensions) + f.Where() + " ORDER BY e.id DESC LIMIT ?", values);
  boost::json::array items;
  int64_t last = 0;
  bool more = false;
  while (r.Next()) {
    if (static_cast<int64_t>(items.size()) == limit) {
      more = true;
      break;
    }
    last = r.Int(0);
    boost::json::object o;
    o["id"] = last;
    o["case_id"] = r.Int(1);
    o["case_number"] = TextOrNull(r, 2);
    o["title"] = r.Text(3);
    o["kind"] = r.Text(4);
    o["agency_id"] = r.Int(5);
    o["agency_name"] = r.Text(6);
    o["deadline_code"] = r.Text(7);
    o["deadline_label"] = DeadlineLabel(workflows, r.Text(4), r.Text(7));
    o["length"] = r.Int(8);
    o["unit"] = r.Text(9);
    o["reason"] = r.Text(10);
    o["requested_by"] = IntOrNull(r, 11);
    o["requested_by_name"] = TextOrNull(r, 12);
    o["requested_on"] = r.Text(13);
    o["late"] = r.Int(14) != 0;
    o["status"] = r.Text(15);
    o["approver_id"] = IntOrNull(r, 16);
    o["approver_name"] = TextOrNull(r, 17);
    o["decided_on"] = TextOrNull(r, 18);
    o["decision_reason"] = TextOrNull(r, 19);
    o["created_at"] = FormatTimestamp(r.Int(20));
    items.push_back(std::move(o));
  }
  return {{"items", std::move(items)},
          {"next_cursor", more ? boost::json::value(EncodeIdCursor(last)) : nullptr}};
}

}  // namespace sg::svc
