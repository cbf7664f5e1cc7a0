#include "service/transfers.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "auth/scope.h"
#include "base/errors.h"
#include "base/json_util.h"
#include "base/uuid.h"
#include "register/dict.h"
#include "register/records.h"
#include "service/case_log.h"
#include "service/cases.h"
#include "service/counters.h"
#include "service/deadlines.h"
#include "service/paging.h"
#include "store/conditions.h"

namespace sg::svc {
namespace {

constexpr std::string_view kSourceCase =
    "SELECT uid, kind, agency_id, title, status, claim_amount_fen, tags, summary, area_code "
    "FROM cases WHERE id = ?";
constexpr std::string_view kAgency = "SELECT type, court_level FROM agencies WHERE id = ?";
constexpr std::string_view kCaseParties =
    "SELECT party_id, role FROM case_parties WHERE case_id = ? ORDER BY ordinal";
constexpr std::string_view kCaseIps =
    "SELECT ip_right_id FROM case_ip_rights WHERE case_id = ? ORDER BY ip_right_id";
constexpr std::string_view kPendingTwin =
    "SELECT id FROM transfers WHERE from_case_id = ? AND to_agency_id = ? AND status = 'pending'";
constexpr std::string_view kInsertTransfer =
    "INSERT INTO transfers (uid, type, from_case_id, to_case_id, from_agency_id, to_agency_id, "
    "kind, reason, status, created_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)";
constexpr std::string_view kInsertAccess =
    "INSERT INTO case_access (case_id, agency_id, via_case_id, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (case_id, agency_id) DO NOTHING";
constexpr std::string_view kTransfer =
    "SELECT id, uid, type, from_case_id, to_case_id, from_agency_id, to_agency_id, kind, reason, "
    "status, answer_reason, created_by, created_at, answered_by, answered_at FROM transfers t";
constexpr std::string_view kAnswer =
    "UPDATE transfers SET status = ?, answer_reason = ?, answered_by = ?, answered_at = ?, "
    "version = version + 1 WHERE id = ? AND status = 'pending'";
constexpr std::string_view kCloseReturned =
    "UPDATE cases SET status = 'closed', closed_on = ?, stage = ?, outcome = 'returned', "
    "version = version + 1, updated_at = ? WHERE id = ? AND status <> 'closed'";
constexpr std::string_view kStopDeadlines =
    "UPDATE case_deadlines SET status = 'met', stopped_on = ?, updated_at = ? "
    "WHERE case_id = ? AND status IN ('running', 'suspended')";

const std::vector<std::string>& TransferTypes() {
  static const std::vector<std::string> kTypes = {"transfer", "diversion", "appeal"};
  return kTypes;
}

// The link each type writes, in the direction the register uses (demo/plan.h LinkType): a
// transfer or diversion runs from the source to the new case; an appeal from the second instance
// to the first.
std::string_view LinkTypeOf(std::string_view type) {
  if (type == "transfer") return "transferred_to";
  if (type == "diversion") return "diverted_to";
  return "appeal_of";
}

// 民事诉讼法 第171条, 行政诉讼法 第85条, 刑事诉讼法 第227条: the second instance of each first.
std::string_view SecondInstanceOf(std::string_view kind) {
  if (kind == "civil_first") return "civil_second";
  if (kind == "admin_first") return "admin_second";
  if (kind == "criminal_first") return "criminal_second";
  return {};
}

int CourtRank(std::string_view level) {
  if (level == "basic") return 1;
  if (level == "intermediate") return 2;
  if (level == "high") return 3;
  if (level == "supreme") return 4;
  return 0;
}

struct AgencyRow {
  std::string type, court_level;
};
std::optional<AgencyRow> LoadAgencyRow(store::Connection& conn, int64_t id) {
  auto r = conn.Query(kAgency, id);
  if (!r.Next()) return std::nullopt;
  return AgencyRow{r.Str(0), r.OptStr(1).value_or("")};
}

boost::json::object TransferJson(store::Rows& r) {
  boost::json::object t{{"id", r.Int(0)},
                        {"uid", r.Str(1)},
                        {"type", r.Str(2)},
                        {"from_case_id", r.Int(3)},
                        {"receiving_case_id", r.Int(4)},
                        {"from_agency_id", r.Int(5)},
                        {"to_agency_id", r.Int(6)},
                        {"kind", r.Str(7)},
                        {"reason", r.Str(8)},
                        {"status", r.Str(9)},
                        {"created_at", FormatTimestamp(r.Int(12))}};
  t["answer_reason"] = r.IsNull(10) ? boost::json::value(nullptr) : boost::json::value(r.Str(10));
  t["created_by"] = r.IsNull(11) ? boost::json::value(nullptr) : boost::json::value(r.Int(11));
  t["answered_by"] = r.IsNull(13) ? boost::json::value(nullptr) : boost::json::value(r.Int(13));
  t["answered_at"] =
      r.IsNull(14) ? boost::json::value(nullptr) : boost::json::value(FormatTimestamp(r.Int(14)));
  return t;
}

// The feed's record of a hand-over: everything another instance needs to mirror it, with
// records named by uid (docs/data-exchange.md "Federation"): both agencies, the source case in
// brief, the receiving case with its parties (organisations with their public credit code,
// people by name only) and IP rights.
std::string TransferChangeData(store::Connection& conn, const boost::json::object& t) {
  auto agency = [&](int64_t id) {
    auto r = conn.Query(
        "SELECT uid, name, abbr, type, court_level, court_code, area_code FROM agencies "
        "WHERE id = ?",
        id);
    boost::json::object a;
    if (!r.Next()) return a;
    a = {{"uid", r.Str(0)}, {"name", r.Str(1)}, {"abbr", r.Str(2)}, {"type", r.Str(3)}};
    for (int i = 4; i < 7; ++i) {
      static constexpr const char* kNames[] = {"court_level", "court_code", "area_code"};
      a[kNames[i - 4]] = r.IsNull(i) ? boost::json::value(nullptr) : boost::json::value(r.Str(i));
    }
    return a;
  };
  auto brief = [&](int64_t id, bool full) {
    auto r = conn.Query(
        "SELECT uid, kind, title, case_number, status, received_on, claim_amount_fen FROM cases "
        "WHERE id = ?",
        id);
    boost::json::object c;
    if (!r.Next()) return c;
    c = {{"uid", r.Str(0)},
         {"kind", r.Str(1)},
         {"title", r.Str(2)},
         {"case_number", r.IsNull(3) ? boost::json::value(nullptr) : boost::json::value(r.Str(3))},
         {"status", r.Str(4)},
         {"received_on", r.Str(5)},
         {"claim_amount_fen",
          r.IsNull(6) ? boost::json::value(nullptr) : boost::json::value(r.Int(6))}};
    r.Close();
    if (!full) return c;
    boost::json::array parties;
    auto p = conn.Query(
        "SELECT cp.role, p.type, p.name, p.uscc FROM case_parties cp "
        "JOIN parties p ON p.id = cp.party_id WHERE cp.case_id = ? ORDER BY cp.ordinal",
        id);
    while (p.Next()) {
      boost::json::object o{{"role", p.Str(0)}, {"type", p.Str(1)}, {"name", p.Str(2)}};
      if (!p.IsNull(3)) o["uscc"] = p.Str(3);
      parties.push_back(std::move(o));
    }
    p.Close();
    boost::json::array ips;
    auto i = conn.Query(
        "SELECT i.type, i.number, i.title FROM case_ip_rights ci "
        "JOIN ip_rights i ON i.id = ci.ip_right_id WHERE ci.case_id = ? ORDER BY i.id",
        id);
    while (i.Next()) {
      ips.push_back(
          {{"type", i.Str(0)},
           {"number", i.IsNull(1) ? boost::json::value(nullptr) : boost::json::value(i.Str(1))},
           {"title", i.Str(2)}});
    }
    c["parties"] = std::move(parties);
    c["ip_rights"] = std::move(ips);
    return c;
  };
  boost::json::object d{{"type", t.at("type")},
                        {"status", t.at("status")},
                        {"kind", t.at("kind")},
                        {"reason", t.at("reason")},
                        {"answer_reason", t.at("answer_reason")},
                        {"from_agency_id", t.at("from_agency_id")},
                        {"to_agency_id", t.at("to_agency_id")},
                        {"from_agency", agency(t.at("from_agency_id").as_int64())},
                        {"to_agency", agency(t.at("to_agency_id").as_int64())},
                        {"from_case", brief(t.at("from_case_id").as_int64(), false)},
                        {"receiving_case", brief(t.at("receiving_case_id").as_int64(), true)}};
  return boost::json::serialize(d);
}

}  // namespace

TransferRequest ParseTransferRequest(const boost::json::value& body) {
  if (!body.is_object()) ThrowInvalidField("", "请求体应为 JSON 对象");
  ObjectReader r(body.as_object());
  TransferRequest req;
  req.type = r.ReqEnum("type", TransferTypes());
  req.to_agency_id = r.ReqInt("to_agency_id", 1);
  req.kind = r.ReqEnum("kind", reg::DictValues("case_kind"));
  req.reason = r.ReqString("reason", 2000);
  r.Finish();
  if (req.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    ThrowInvalidField("reason", "请填写移送理由");
  }
  return req;
}

boost::json::object CreateTransfer(store::WriteContext& ctx, const Clockwork& clock,
                                   int64_t case_id, const TransferRequest& req,
                                   const auth::Actor& actor) {
  auto& conn = ctx.conn();
  const auth::Principal& who = actor.who();
  // Not visible: not found, before anything about the case is told.
  GetCase(conn, who, case_id, clock.today);
  reg::NewCase c;
  int64_t from_agency = 0;
  std::string source_kind, source_status;
  {
    auto r = conn.Query(kSourceCase, case_id);
    r.Next();
    source_kind = r.Str(1);
    from_agency = r.Int(2);
    c.title = r.Str(3);
    source_status = r.Str(4);
    c.claim_amount_fen = r.OptInt(5);
    const auto tags = boost::json::parse(r.OptStr(6).value_or("[]"));
    if (tags.is_array()) {
      for (const auto& t : tags.as_array()) {
        if (t.is_string()) c.tags.emplace_back(t.as_string());
      }
    }
    c.summary = r.OptStr(7);
    c.area_code = r.OptStr(8);
  }
  // A case seen through another agency's hand-over is not this caller's to hand on.
  if (!who.SeesAgency(from_agency) && who.kind != auth::Principal::Kind::kSystem) {
    throw ApiError(ErrorCode::kForbidden, "只能移送本机构（及下级机构）的案件");
  }
  const auto to = LoadAgencyRow(conn, req.to_agency_id);
  if (!to) ThrowInvalidField("to_agency_id", "接收机构不存在");
  if (req.to_agency_id == from_agency) ThrowInvalidField("to_agency_id", "不能移送给本机构");
  if (!reg::AgencyMayOwn(to->type, to->court_level, req.kind)) {
    ThrowInvalidField(
        "to_agency_id",
        "接收机构不办理“" + std::string(reg::DictLabel("case_kind", req.kind)) + "”类案件");
  }
  if (req.type == "diversion" && req.kind != "mediation" && req.kind != "arbitration" &&
      req.kind != "patent_adjudication") {
    ThrowInvalidField("kind", "分流只能转入调解、仲裁或专利侵权纠纷行政裁决");
  }
  if (req.type == "appeal") {
    const std::string_view second = SecondInstanceOf(source_kind);
    if (second.empty()) ThrowInvalidField("type", "只有一审案件可以上诉");
    if (req.kind != second) {
      ThrowInvalidField("kind",
                        "上诉案件应为“" + std::string(reg::DictLabel("case_kind", second)) + "”");
    }
    if (source_status != "closed") ThrowConflict("一审案件尚未结案，不能上诉", "type");
    const auto from = LoadAgencyRow(conn, from_agency);
    if (CourtRank(to->court_level) <= CourtRank(from ? from->court_level : "")) {
      ThrowInvalidField("to_agency_id", "上诉应由上一级人民法院审理");
    }
  }
  if (conn.QueryInt(kPendingTwin, case_id, req.to_agency_id)) {
    ThrowConflict("该案件已移送该机构，等待对方处理", "to_agency_id");
  }

  // The receiving case: the dispute as it stands, received today by the other agency.
  c.uid = NewUuidV7(ctx.now());
  c.kind = req.kind;
  c.agency_id = req.to_agency_id;
  c.status = "received";
  c.received_on = clock.today.ToString();
  c.created_at = ctx.now();
  {
    auto r = conn.Query(kCaseParties, case_id);
    while (r.Next()) c.parties.push_back({r.Int(0), r.Str(1), {}, {}});
  }
  {
    auto r = conn.Query(kCaseIps, case_id);
    while (r.Next()) c.ip_rights.push_back({r.Int(0), {}, {}, {}});
  }
  const int64_t receiving = reg::InsertCase(conn, c);
  // An agency another instance hosts: the receiving case is that instance's, mirrored here
  // (federation/apply.h creates it there with the same uid).
  conn.Exec("UPDATE cases SET origin = (SELECT origin FROM agencies WHERE id = ?) WHERE id = ?",
            req.to_agency_id, receiving);
  EnterWorkflow(conn, clock.workflows, *clock.calendar, receiving, clock.today);
  const bool appeal = req.type == "appeal";
  reg::InsertCaseLink(conn, ctx.now(), appeal ? receiving : case_id, appeal ? case_id : receiving,
                      std::string(LinkTypeOf(req.type)));
  // From now on each agency sees the other's case (auth/scope.h, "shared" cases).
  conn.Exec(kInsertAccess, case_id, req.to_agency_id, receiving, ctx.now());
  conn.Exec(kInsertAccess, receiving, from_agency, case_id, ctx.now());

  const std::string uid = NewUuidV7(ctx.now());
  const int64_t id = conn.Insert(kInsertTransfer, uid, req.type, case_id, receiving, from_agency,
                                 req.to_agency_id, req.kind, req.reason, who.UserId(), ctx.now());
  // Counted with the hand-over in place: the receiving case by how it came, the source case as
  // appealed (service/counters.h).
  CountCase(conn, clock.workflows, receiving, clock.today);
  CountCase(conn, clock.workflows, case_id, clock.today);
  const boost::json::object received =
      GetCase(conn, auth::SystemPrincipal(), receiving, clock.today);
  const std::optional<int64_t> actor_id = who.UserId();
  boost::json::object note{{"transfer_id", id},
                           {"type", req.type},
                           {"from_case_id", case_id},
                           {"receiving_case_id", receiving},
                           {"to_agency_id", req.to_agency_id},
                           {"reason", req.reason}};
  LogCaseEvent(ctx, receiving, "created", actor_id, c.received_on, nullptr, &received);
  LogCaseEvent(ctx, case_id, "linked", actor_id, c.received_on, nullptr, &note);
  LogCaseChange(ctx, "created", received, actor);
  // The source case as its new viewers may see it: a full snapshot (the feed's rule for a case
  // that becomes visible).
  const boost::json::object snapshot = GetCase(conn, auth::SystemPrincipal(), case_id, clock.today);
  ctx.AppendChange("snapshot", "case", case_id, snapshot.at("uid").as_string(),
                   boost::json::serialize(snapshot));

  boost::json::object out;
  {
    auto r = conn.Query(std::string(kTransfer) + " WHERE id = ?", id);
    r.Next();
    out = TransferJson(r);
  }
  ctx.AppendChange("created", "transfer", id, uid, TransferChangeData(conn, out));
  auto audit = actor.Audit("transfer.create", "transfer", id);
  audit.detail = boost::json::serialize(out);
  ctx.AppendAudit(std::move(audit));
  return out;
}

boost::json::object AnswerTransfer(store::WriteContext& ctx, const Clockwork& clock,
                                   int64_t transfer_id, bool accept,
                                   const std::optional<std::string>& reason,
                                   const auth::Actor& actor) {
  auto& conn = ctx.conn();
  const auth::Principal& who = actor.who();
  boost::json::object t;
  {
    auto r = conn.Query(std::string(kTransfer) + " WHERE id = ?", transfer_id);
    if (!r.Next()) ThrowNotFound("移送记录不存在或不在您的查看范围内");
    t = TransferJson(r);
  }
  const int64_t from_agency = t.at("from_agency_id").as_int64();
  const int64_t to_agency = t.at("to_agency_id").as_int64();
  if (!who.SeesAgency(to_agency)) {
    if (!who.SeesAgency(from_agency)) ThrowNotFound("移送记录不存在或不在您的查看范围内");
    throw ApiError(ErrorCode::kForbidden, "只有接收机构可以接收或退回");
  }
  if (t.at("status").as_string() != "pending") ThrowConflict("该移送已处理", "status");
  if (conn.QueryInt("SELECT 1 FROM agencies WHERE id = ? AND origin IS NOT NULL", to_agency)) {
    ThrowConflict("接收机构在另一平台实例办理，须在该实例上接收或退回", "status");
  }
  std::optional<std::string> why = reason;
  if (why && why->find_first_not_of(" \t\r\n") == std::string::npos) why.reset();
  if (!accept && !why) ThrowInvalidField("reason", "退回须说明理由");

  const int64_t receiving = t.at("receiving_case_id").as_int64();
  conn.Exec(kAnswer, accept ? "accepted" : "returned", why, who.UserId(), ctx.now(), transfer_id);
  const std::string on = clock.today.ToString();
  if (!accept) {
    CloseReturnedCase(conn, clock, receiving, ctx.now());
    CountCase(conn, clock.workflows, t.at("from_case_id").as_int64(), clock.today);  // appealed
  }
  boost::json::object note{{"transfer_id", transfer_id},
                           {"status", accept ? "accepted" : "returned"}};
  if (why) note["reason"] = *why;
  const std::optional<int64_t> actor_id = who.UserId();
  LogCaseEvent(ctx, receiving, accept ? "updated" : "closed", actor_id, on, nullptr, &note);
  LogCaseEvent(ctx, t.at("from_case_id").as_int64(), "linked", actor_id, on, nullptr, &note);
  const boost::json::object after = GetCase(conn, auth::SystemPrincipal(), receiving, clock.today);
  LogCaseChange(ctx, "updated", after, actor, nullptr, &note);

  boost::json::object out;
  {
    auto r = conn.Query(std::string(kTransfer) + " WHERE id = ?", transfer_id);
    r.Next();
    out = TransferJson(r);
  }
  ctx.AppendChange("updated", "transfer", transfer_id, out.at("uid").as_string(),
                   TransferChangeData(conn, out));
  auto audit = actor.Audit(accept ? "transfer.accept" : "transfer.return", "transfer", transfer_id);
  audit.detail = boost::json::serialize(out);
  ctx.AppendAudit(std::move(audit));
  return out;
}

void CloseReturnedCase(store::Connection& conn, const Clockwork& clock, int64_t case_id,
                       TimestampMs now) {
  std::string stage;
  {
    auto r = conn.Query("SELECT kind FROM cases WHERE id = ?", case_id);
    if (!r.Next()) return;
    // Its workflow's not-accepted state when it has one, else the first final state.
    if (const wf::Definition* def = clock.workflows.Find(r.Str(0))) {
      for (const auto& st : def->states) {
        if (st.final && (stage.empty() || st.code == "not_accepted" || st.code == "not_filed")) {
          stage = st.code;
        }
      }
    }
  }
  const std::string on = clock.today.ToString();
  conn.Exec(kCloseReturned, on, stage, now, case_id);
  conn.Exec(kStopDeadlines, on, now, case_id);
  RecomputeDeadlines(conn, *clock.calendar, case_id, clock.today);
  CountCase(conn, clock.workflows, case_id, clock.today);
}

boost::json::object ListTransfers(store::Connection& conn, const auth::Principal& p,
                                  const Params& params) {
  const std::string direction = params.Get("direction").value_or("in");
  if (direction != "in" && direction != "out") {
    ThrowInvalidField("direction", "应为 in（收到的）或 out（发出的）");
  }
  const int64_t limit = ParseLimit(params, 50, 200);
  store::Conditions where;
  const auth::SqlCondition scope =
      auth::AgencyScope(p, direction == "in" ? "t.to_agency_id" : "t.from_agency_id");
  where.Add(scope.sql, scope.params);
  if (auto s = params.Get("status")) {
    if (*s != "pending" && *s != "accepted" && *s != "returned") {
      ThrowInvalidField("status", "应为 pending、accepted 或 returned");
    }
    where.Add("t.status = ?", *s);
  }
  if (auto c = params.Get("cursor")) {
    const auto after = DecodeIdCursor(*c);
    if (!after) ThrowInvalidField("cursor", "游标无效");
    where.Add("t.id < ?", *after);
  }
  std::vector<store::Param> values = where.params();
  values.emplace_back(limit + 1);
  auto r =
      conn.QueryV(std::string(kTransfer) + where.Where() + " ORDER BY t.id DESC LIMIT ?", values);
  boost::json::array items;
  while (r.Next()) items.push_back(TransferJson(r));
  boost::json::value next = nullptr;
  if (static_cast<int64_t>(items.size()) > limit) {
    items.pop_back();
    next = EncodeIdCursor(items.back().as_object().at("id").as_int64());
  }
  return {{"items", std::move(items)}, {"next_cursor", next}};
}

boost::json::object GetCaseChain(store::Connection& conn, const auth::Principal& p, int64_t case_id,
                                 Date today) {
  GetCase(conn, p, case_id, today);  // 404 when not visible
  // The connected component through case_links, both directions (chains are short).
  std::set<int64_t> seen{case_id};
  std::vector<int64_t> frontier{case_id};
  std::map<int64_t, std::tuple<int64_t, int64_t, std::string>> links;
  while (!frontier.empty() && seen.size() < 500) {
    const int64_t at = frontier.back();
    frontier.pop_back();
    auto r = conn.Query(
        "SELECT id, from_case_id, to_case_id, type FROM case_links "
        "WHERE from_case_id = ? OR to_case_id = ?",
        at, at);
    while (r.Next()) {
      links.emplace(r.Int(0), std::make_tuple(r.Int(1), r.Int(2), r.Str(3)));
      for (int64_t next : {r.Int(1), r.Int(2)}) {
        if (seen.insert(next).second) frontier.push_back(next);
      }
    }
  }
  boost::json::array cases;
  std::set<int64_t> visible;
  for (int64_t id : seen) {
    if (!auth::CaseVisible(conn, p, id)) continue;
    visible.insert(id);
    cases.push_back(GetCase(conn, p, id, today));
  }
  boost::json::array out_links;
  for (const auto& [id, l] : links) {
    const auto& [from, to, type] = l;
    if (!visible.count(from) || !visible.count(to)) continue;
    out_links.push_back({{"from", from}, {"to", to}, {"type", type}});
  }
  return {{"cases", std::move(cases)}, {"links", std::move(out_links)}};
}

boost::json::object ListRelatedCases(store::Connection& conn, const auth::Principal& p,
                                     int64_t case_id, Date today) {
  GetCase(conn, p, case_id, today);  // 404 when not visible
  const auth::SqlCondition scope = auth::CaseScope(p);
  // Same party record, same normalised name of a party without identifiers, same IP right.
  std::string sql =
      "SELECT c.id, c.uid, c.kind, c.agency_id, c.case_number, c.title, c.status, "
      "c.received_on, m.via, m.what FROM ("
      " SELECT cp2.case_id AS case_id, 'party' AS via, p1.name AS what"
      " FROM case_parties cp1 JOIN parties p1 ON p1.id = cp1.party_id"
      " JOIN parties p2 ON p2.id = p1.id OR (p1.uscc IS NULL AND p1.id_number IS NULL AND"
      "   p2.uscc IS NULL AND p2.id_number IS NULL AND p2.type = p1.type AND"
      "   p2.name_norm = p1.name_norm)"
      " JOIN case_parties cp2 ON cp2.party_id = p2.id"
      " WHERE cp1.case_id = ?"
      " UNION"
      " SELECT ci2.case_id, 'ip_right', COALESCE(i.number, i.title)"
      " FROM case_ip_rights ci1 JOIN ip_rights i ON i.id = ci1.ip_right_id"
      " JOIN case_ip_rights ci2 ON ci2.ip_right_id = ci1.ip_right_id"
      " WHERE ci1.case_id = ?"
      ") m JOIN cases c ON c.id = m.case_id WHERE c.id <> ?";
  std::vector<store::Param> values{case_id, case_id, case_id};
  if (!scope.empty()) {
    sql += " AND (" + scope.sql + ")";
    values.insert(values.end(), scope.params.begin(), scope.params.end());
  }
  sql += " ORDER BY c.received_on DESC, c.id DESC LIMIT 2000";
  auto r = conn.QueryV(sql, values);
  std::map<int64_t, boost::json::object> by_case;
  std::vector<int64_t> order;
  while (r.Next()) {
    const int64_t id = r.Int(0);
    auto [it, fresh] = by_case.try_emplace(id);
    if (fresh) {
      order.push_back(id);
      it->second = {
          {"id", id},
          {"uid", r.Str(1)},
          {"kind", r.Str(2)},
          {"agency_id", r.Int(3)},
          {"case_number", r.IsNull(4) ? boost::json::value(nullptr) : boost::json::value(r.Str(4))},
          {"title", r.Str(5)},
          {"status", r.Str(6)},
          {"received_on", r.Str(7)},
          {"via", boost::json::array()}};
    }
    it->second["via"].as_array().push_back({{"type", r.Str(8)}, {"name", r.Str(9)}});
  }
  boost::json::array items;
  for (int64_t id : order) {
    if (items.size() >= 200) break;
    items.push_back(std::move(by_case[id]));
  }
  return {{"items", std::move(items)}};
}

}  // namespace sg::svc
