// PATCH /api/v1/cases/{id}: a JSON merge patch (RFC 7396) guarded by If-Match.
#include <boost/json/serialize.hpp>

#include "base/errors.h"
#include "base/json_util.h"
#include "register/case_numbers.h"
#include "register/dict.h"
#include "register/records.h"
#include "service/case_actions.h"
#include "service/case_log.h"
#include "service/cases.h"
#include "service/counters.h"
#include "service/deadlines.h"
#include "service/field_checks.h"

namespace sg::svc {
namespace {

constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE id = ?";
constexpr std::string_view kUpdateCase =
    "UPDATE cases SET title = ?, procedure = ?, handler_id = ?, tags = ?, summary = ?, "
    "claim_amount_fen = ?, area_code = ?, status = ?, received_on = ?, filed_on = ?, "
    "closed_on = ?, case_number = ?, version = version + 1, updated_at = ? "
    "WHERE id = ? AND version = ?";
constexpr std::string_view kMoveDeadlineStart =
    "UPDATE case_deadlines SET start_on = ? WHERE case_id = ? AND start_on = ? "
    "AND stopped_on IS NULL AND party_id = 0";
constexpr std::string_view kDeletePanel = "DELETE FROM case_panel WHERE case_id = ?";
constexpr std::string_view kInsertPanel = "INSERT INTO case_panel (case_id, user_id) VALUES (?, ?)";

// Fields a client may never write, with the reason shown.
constexpr std::string_view kImmutable[] = {
    "id",          "uid",       "kind",       "agency_id",     "agency_name",
    "case_number", "version",   "created_at", "updated_at",    "handler_name",
    "parties",     "ip_rights", "deadline",   "source_system", "external_id"};

std::optional<std::string> OptStr(const boost::json::value& v) {
  if (v.is_null()) return std::nullopt;
  return std::string(v.as_string());
}
std::optional<int64_t> OptI(const boost::json::value& v) {
  if (v.is_null()) return std::nullopt;
  return v.as_int64();
}

}  // namespace

boost::json::object PatchCase(store::WriteContext& ctx, int64_t id, const std::string& if_match,
                              const boost::json::object& patch, const Clockwork& clock,
                              const auth::Actor& actor) {
  const Date today = clock.today;
  auto& conn = ctx.conn();
  // Out of scope: not found. The case read after the change is the system's view, since a
  // change (a new handler) may take the case out of the caller's own scope.
  boost::json::object before = GetCase(conn, actor.who(), id, today);
  const std::optional<int64_t> actor_id = actor.who().UserId();
  if (if_match != "*" && if_match != CaseEtag(CaseVersion(before))) {
    throw ApiError(
        ErrorCode::kPreconditionFailed,
        "案件已被他人修改（当前版本 " + CaseEtag(CaseVersion(before)) + "），请刷新后重新编辑");
  }
  for (const auto& kv : patch) {
    for (auto imm : kImmutable) {
      if (kv.key() == imm) {
        ThrowInvalidField(std::string(kv.key()), "此字段不能通过修改接口变更");
      }
    }
  }

  // Start from the stored values and apply the patch through the strict reader.
  boost::json::object next = before;
  ObjectReader r(patch);
  if (r.Has("title")) next["title"] = r.ReqString("title", 600);
  if (r.Has("procedure")) {
    auto p = r.OptEnum("procedure", reg::DictValues("procedure"));
    if (before.at("kind").as_string() != "civil_first") {
      ThrowInvalidField("procedure", "只有民事一审案件区分审理程序");
    }
    if (!p) ThrowInvalidField("procedure", "民事一审案件的审理程序不能为空");
    next["procedure"] = *p;
  }
  if (r.Has("handler_id")) {
    auto h = r.OptInt("handler_id", 1);
    if (h && !conn.QueryInt(kUserExists, *h)) ThrowInvalidField("handler_id", "用户不存在");
    next["handler_id"] = h ? boost::json::value(*h) : nullptr;
  }
  std::optional<std::vector<int64_t>> panel;
  if (r.Has("panel_ids")) {
    panel = r.OptIntArray("panel_ids", 15).value_or(std::vector<int64_t>{});
    for (size_t i = 0; i < panel->size(); ++i) {
      if (!conn.QueryInt(kUserExists, (*panel)[i])) {
        ThrowInvalidField("panel_ids[" + std::to_string(i) + "]", "用户不存在");
      }
    }
    boost::json::array arr;
    for (auto u : *panel) arr.emplace_back(u);
    next["panel_ids"] = std::move(arr);
  }
  if (r.Has("tags")) {
    boost::json::array arr;
    for (auto& t : r.OptStringArray("tags", 20, 60).value_or(std::vector<std::string>{})) {
      arr.emplace_back(t);
    }
    next["tags"] = std::move(arr);
  }
  if (r.Has("summary")) {
    auto s = r.OptString("summary", 8000);
    next["summary"] = s ? boost::json::value(*s) : nullptr;
  }
  if (r.Has("claim_amount_fen")) {
    auto n = r.OptInt("claim_amount_fen", 0, int64_t{1} << 53);
    next["claim_amount_fen"] = n ? boost::json::value(*n) : nullptr;
  }
  if (r.Has("area_code")) {
    auto a = r.OptString("area_code", 6);
    CheckAreaCode(a, "area_code");
    next["area_code"] = a ? boost::json::value(*a) : nullptr;
  }
  auto date_field = [&](const char* name) {
    if (!r.Has(name)) return;
    auto d = r.OptDate(name);
    if (d) CheckNotFuture(*d, today, name);
    next[name] = d ? boost::json::value(d->ToString()) : nullptr;
  };
  date_field("received_on");
  date_field("filed_on");
  date_field("closed_on");
  if (r.Has("status")) next["status"] = r.ReqEnum("status", reg::DictValues("case_status"));
  r.Finish();

  // The status follows the workflow: filing, suspending and closing are actions, which move
  // the stage and the deadlines with it (POST /api/v1/cases/{id}/actions). A patch may correct
  // dates, never change the status.
  const std::string old_status(before.at("status").as_string());
  const std::string status(next.at("status").as_string());
  if (old_status != status) {
    ThrowConflict("案件状态随流程操作改变（立案、中止、结案等），请通过 POST /api/v1/cases/" +
                      std::to_string(id) + "/actions 办理",
                  "status");
  }
  if (next.at("received_on").is_null()) ThrowInvalidField("received_on", "收案日期不能为空");
  const bool filed_like = status != "received";
  if (filed_like && next.at("filed_on").is_null()) {
    ThrowInvalidField("filed_on", "已立案的案件须有立案日期");
  }
  if (status == "closed" && next.at("closed_on").is_null()) {
    ThrowInvalidField("closed_on", "已结案的案件须有结案日期");
  }
  if (status == "received" && !next.at("filed_on").is_null()) {
    ThrowInvalidField("filed_on", "未立案的案件不能有立案日期");
  }
  if (status != "closed" && !next.at("closed_on").is_null()) {
    ThrowInvalidField("closed_on", "未结案的案件不能有结案日期");
  }
  const auto received = std::string(next.at("received_on").as_string());
  if (!next.at("filed_on").is_null() && std::string(next.at("filed_on").as_string()) < received) {
    ThrowInvalidField("filed_on", "立案日期不能早于收案日期");
  }
  if (!next.at("closed_on").is_null()) {
    const auto from =
        next.at("filed_on").is_null() ? received : std::string(next.at("filed_on").as_string());
    if (std::string(next.at("closed_on").as_string()) < from) {
      ThrowInvalidField("closed_on", "结案日期不能早于立案（收案）日期");
    }
  }

  // What changed, for the event log.
  boost::json::object changed_before, changed_after;
  for (const auto& kv : next) {
    const auto* old = before.if_contains(kv.key());
    if (!old || *old != kv.value()) {
      changed_before[kv.key()] = old ? *old : nullptr;
      changed_after[kv.key()] = kv.value();
    }
  }
  if (changed_after.empty()) return before;

  const int64_t version = CaseVersion(before);
  const int64_t n = conn.Exec(
      kUpdateCase, std::string(next.at("title").as_string()), OptStr(next.at("procedure")),
      OptI(next.at("handler_id")), boost::json::serialize(next.at("tags")),
      OptStr(next.at("summary")), OptI(next.at("claim_amount_fen")), OptStr(next.at("area_code")),
      status, received, OptStr(next.at("filed_on")), OptStr(next.at("closed_on")),
      OptStr(next.at("case_number")), ctx.now(), id, version);
  if (n != 1) throw ApiError(ErrorCode::kPreconditionFailed, "案件已被他人修改，请刷新后重试");
  if (panel) {
    conn.Exec(kDeletePanel, id);
    for (auto u : *panel) conn.Exec(kInsertPanel, id, u);
    reg::RefreshCaseDetail(conn, id);
  }
  if (changed_after.contains("title") || changed_after.contains("case_number")) {
    reg::ReindexCase(conn, id);
  }

  const char* type =
      changed_after.size() == 1 && changed_after.contains("handler_id") ? "assigned" : "updated";
  LogCaseEvent(ctx, id, type, actor_id, std::nullopt, &changed_before, &changed_after);
  // Dashboard counters (service/counters.h): dates and status set here. PATCH has no registry
  // of its own; the built-in one names the handling limits (the stage never changes here).
  // Deadlines that ran from a corrected date run from the new one (民诉法 Art. 85: from the act).
  for (const char* field : {"received_on", "filed_on"}) {
    if (!changed_after.contains(field) || changed_before.at(field).is_null() ||
        changed_after.at(field).is_null()) {
      continue;
    }
    conn.Exec(kMoveDeadlineStart, std::string(changed_after.at(field).as_string()), id,
              std::string(changed_before.at(field).as_string()));
  }
  RecomputeDeadlines(conn, *clock.calendar, id, today);
  CountCase(conn, clock.workflows, id, today);

  boost::json::object out = GetCase(conn, auth::SystemPrincipal(), id, today);
  LogCaseChange(ctx, "updated", out, actor, &changed_before, &changed_after);
  return out;
}

}  // namespace sg::svc
