#include "service/case_actions.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <tuple>

#include "auth/scope.h"
#include "base/errors.h"
#include "base/json_util.h"
#include "register/case_numbers.h"
#include "register/dict.h"
#include "service/case_log.h"
#include "service/cases.h"
#include "service/counters.h"
#include "service/deadline_calc.h"
#include "service/deadlines.h"

namespace sg::svc {
namespace {

constexpr std::string_view kCaseState =
    "SELECT kind, stage, status, procedure, agency_id, handler_id, received_on, filed_on, "
    "case_number, version FROM cases WHERE id = ?";
constexpr std::string_view kUpdateState =
    "UPDATE cases SET stage = ?, status = ?, procedure = ?, handler_id = ?, filed_on = ?, "
    "closed_on = ?, case_number = ?, outcome = COALESCE(?, outcome), "
    "appeal_result = COALESCE(?, appeal_result), document_number = COALESCE(?, document_number), "
    "claim_amount_fen = COALESCE(?, claim_amount_fen), "
    "awarded_amount_fen = COALESCE(?, awarded_amount_fen), "
    "enforce_amount_fen = COALESCE(?, enforce_amount_fen), "
    "recovered_amount_fen = COALESCE(?, recovered_amount_fen), fine_fen = COALESCE(?, fine_fen), "
    "version = version + 1, updated_at = ? WHERE id = ?";
constexpr std::string_view kSetStage = "UPDATE cases SET stage = ? WHERE id = ?";
constexpr std::string_view kInsertDeadline =
    "INSERT INTO case_deadlines (case_id, code, party_id, label, source, unit, length, "
    "rest_day_rule, suspendable, start_on, due, near_on, status, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)";
constexpr std::string_view kDeadlineExists =
    "SELECT 1 FROM case_deadlines WHERE case_id = ? AND code = ? AND party_id = ?";
constexpr std::string_view kStopDeadline =
    "UPDATE case_deadlines SET stopped_on = ? WHERE case_id = ? AND code = ? AND stopped_on IS "
    "NULL";
constexpr std::string_view kStopPartyDeadline =
    "UPDATE case_deadlines SET stopped_on = ? WHERE case_id = ? AND code = ? AND party_id = ? "
    "AND stopped_on IS NULL";
// Closing ends every deadline running until then (a party's lapsed answer period shows as
// missed); periods the closing act starts (appeal) begin after it.
constexpr std::string_view kStopAll =
    "UPDATE case_deadlines SET stopped_on = ? WHERE case_id = ? AND stopped_on IS NULL";
constexpr std::string_view kDropDeadline =
    "DELETE FROM case_deadlines WHERE case_id = ? AND code = ? AND stopped_on IS NULL";
constexpr std::string_view kOverride =
    "SELECT length, unit FROM deadline_overrides WHERE agency_id = ? AND kind = ? AND code = ?";
constexpr std::string_view kOpenSuspension =
    "SELECT id, kind, start_on FROM case_suspensions WHERE case_id = ? AND end_on IS NULL";
constexpr std::string_view kInsertSuspension =
    "INSERT INTO case_suspensions (case_id, kind, start_on, reason, created_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kEndSuspension = "UPDATE case_suspensions SET end_on = ? WHERE id = ?";
constexpr std::string_view kDeadlineRow =
    "SELECT due, stopped_on, unit FROM case_deadlines WHERE case_id = ? AND code = ? "
    "AND party_id = 0";
constexpr std::string_view kExtensionTotal =
    "SELECT COALESCE(SUM(length), 0) FROM case_extensions WHERE case_id = ? AND deadline_code = ? "
    "AND status IN ('pending', 'granted')";
constexpr std::string_view kPendingExtension =
    "SELECT id, deadline_code FROM case_extensions WHERE case_id = ? AND status = 'pending' "
    "ORDER BY id DESC LIMIT 1";
constexpr std::string_view kInsertExtension =
    "INSERT INTO case_extensions (case_id, deadline_code, length, unit, reason, status, "
    "requested_by, requested_on, late, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)";
constexpr std::string_view kDecideExtension =
    "UPDATE case_extensions SET status = ?, approver_id = ?, decided_on = ?, decision_reason = ? "
    "WHERE id = ?";
constexpr std::string_view kInsertService =
    "INSERT INTO case_services (case_id, party_id, document, served_on, method, created_by, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kCaseParty =
    "SELECT 1 FROM case_parties WHERE case_id = ? AND party_id = ?";
constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE id = ?";
constexpr std::string_view kAgencyExists = "SELECT 1 FROM agencies WHERE id = ?";

// Extension requests later than this before expiry are flagged (SPC rules of 2019-03-27).
constexpr int64_t kExtensionNoticeDays = 15;

struct CaseState {
  std::string kind, stage, status;
  std::optional<std::string> procedure;
  int64_t agency_id = 0;
  std::optional<int64_t> handler_id;
  std::string received_on;
  std::optional<std::string> filed_on, case_number;
  int64_t version = 0;
};

CaseState LoadState(store::Connection& conn, int64_t id) {
  auto r = conn.Query(kCaseState, id);
  if (!r.Next()) ThrowNotFound("案件不存在或不在您的查看范围内");
  CaseState s;
  s.kind = r.Str(0);
  s.stage = r.OptStr(1).value_or("");
  s.status = r.Str(2);
  s.procedure = r.OptStr(3);
  s.agency_id = r.Int(4);
  s.handler_id = r.OptInt(5);
  s.received_on = r.Str(6);
  s.filed_on = r.OptStr(7);
  s.case_number = r.OptStr(8);
  s.version = r.Int(9);
  return s;
}

// Cases registered before workflows carry no stage: take the first state of their status.
std::string StageOf(const wf::Definition& def, const CaseState& s) {
  if (!s.stage.empty() && def.FindState(s.stage)) return s.stage;
  if (s.status == "received") return def.initial;
  for (const auto& st : def.states) {
    if (st.status == s.status) return st.code;
  }
  return def.initial;
}

std::string FieldPath(const wf::Field& f) { return "fields." + f.name; }

// Checks the request's fields against the action's: every required one present, each of its
// type, nothing unknown. Returns them normalised.
boost::json::object CheckFields(store::Connection& conn, const wf::Definition& def,
                                const wf::Action& action, const boost::json::object& given) {
  for (const auto& [key, value] : given) {
    if (!action.FindField(key)) {
      throw ApiError(ErrorCode::kUnknownField, "此操作没有字段 " + std::string(key),
                     "fields." + std::string(key));
    }
  }
  boost::json::object out;
  for (const auto& f : action.fields) {
    const auto it = given.find(f.name);
    if (it == given.end() || it->value().is_null()) {
      if (f.required) {
        ThrowInvalidField(FieldPath(f), "请填写" + (f.label.empty() ? f.name : f.label));
      }
      continue;
    }
    const auto& v = it->value();
    const auto in_allowed = [&](std::string_view s) {
      return f.allowed.empty() ||
             std::find(f.allowed.begin(), f.allowed.end(), s) != f.allowed.end();
    };
    switch (f.type) {
      case wf::FieldType::kText:
        if (!v.is_string() || v.as_string().empty() || v.as_string().size() > 4000) {
          ThrowInvalidField(FieldPath(f), "应为非空文本（不超过 4000 字节）");
        }
        break;
      case wf::FieldType::kInteger:
      case wf::FieldType::kFen:
      case wf::FieldType::kUser:
      case wf::FieldType::kAgency: {
        if (!v.is_int64() && !v.is_uint64()) ThrowInvalidField(FieldPath(f), "应为整数");
        const int64_t n = v.is_int64() ? v.as_int64() : static_cast<int64_t>(v.as_uint64());
        const int64_t min = f.min.value_or(f.type == wf::FieldType::kInteger ? INT64_MIN : 0);
        if (n < min) ThrowInvalidField(FieldPath(f), "不能小于 " + std::to_string(min));
        if (f.type == wf::FieldType::kUser && !conn.QueryInt(kUserExists, n)) {
          ThrowInvalidField(FieldPath(f), "用户不存在");
        }
        if (f.type == wf::FieldType::kAgency && !conn.QueryInt(kAgencyExists, n)) {
          ThrowInvalidField(FieldPath(f), "机构不存在");
        }
        out[f.name] = n;
        continue;
      }
      case wf::FieldType::kDate:
        if (!v.is_string() || !Date::Parse(v.as_string())) {
          ThrowInvalidField(FieldPath(f), "应为日期 YYYY-MM-DD");
        }
        break;
      case wf::FieldType::kBoolean:
        if (!v.is_bool()) ThrowInvalidField(FieldPath(f), "应为 true 或 false");
        break;
      case wf::FieldType::kEnum:
        if (!v.is_string() || !reg::InDict(f.dict, v.as_string()) || !in_allowed(v.as_string())) {
          ThrowInvalidField(FieldPath(f), "取值无效，可选值见 /api/v1/dict 的 " + f.dict);
        }
        break;
      case wf::FieldType::kSuspensionKind:
        if (!v.is_string() || !def.FindSuspensionKind(v.as_string()) ||
            !in_allowed(v.as_string())) {
          ThrowInvalidField(FieldPath(f), "不计入期限的期间类型无效");
        }
        break;
      case wf::FieldType::kDeadline:
        if (!v.is_string() || !def.FindDeadline(v.as_string()) || !in_allowed(v.as_string())) {
          ThrowInvalidField(FieldPath(f), "期限代码无效");
        }
        break;
    }
    out[f.name] = v;
  }
  return out;
}

std::optional<std::string> Text(const boost::json::object& o, std::string_view key) {
  const auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}
std::optional<int64_t> Int(const boost::json::object& o, std::string_view key) {
  const auto it = o.find(key);
  if (it == o.end() || !it->value().is_int64()) return std::nullopt;
  return it->value().as_int64();
}

// Starts a deadline at `start` (for a party when party_id is not 0), once. A configurable
// (unconfirmed) limit takes the agency's override when it has one (docs/workflows.md).
void StartDeadline(store::Connection& conn, const CaseState& c, int64_t case_id,
                   const wf::Deadline& d, const std::string& start, int64_t party_id,
                   TimestampMs now) {
  if (conn.QueryInt(kDeadlineExists, case_id, d.code, party_id)) return;
  int64_t length = d.length;
  std::string unit(wf::UnitName(d.unit));
  if (d.configurable) {
    auto o = conn.Query(kOverride, c.agency_id, c.kind, d.code);
    if (o.Next()) {
      length = o.Int(0);
      unit = o.Str(1);
    }
  }
  // due and near_on are placeholders until RecomputeDeadlines, in the same transaction.
  conn.Exec(kInsertDeadline, case_id, d.code, party_id, d.label, d.source, unit, length,
            std::string(wf::RestDayRuleName(d.rest_day_rule)), d.suspendable ? 1 : 0, start, start,
            start, now);
}

std::string UnitLabel(wf::Unit unit) {
  switch (unit) {
    case wf::Unit::kDays:
      return "日";
    case wf::Unit::kWorkingDays:
      return "个工作日";
    case wf::Unit::kMonths:
      return "个月";
  }
  return "";
}

bool MayTake(const wf::Action& action, const auth::Principal& p) {
  if (p.kind == auth::Principal::Kind::kSystem || p.role_code == "system_admin") return true;
  return std::find(action.roles.begin(), action.roles.end(), p.role_code) != action.roles.end();
}

// The one check of whether `action` may be taken on the case now, before its fields are looked
// at: POST .../actions throws what it returns, GET .../actions lists the actions it returns
// nothing for. Refused: 409 when the case's stage does not allow the action, 403 when the
// caller's role may not take it, 409 when what the action works on is missing or already there
// (a period to open while one is open, none open to end, no pending extension request to
// decide). `stage` is StageOf the case.
std::optional<ApiError> Refusal(store::Connection& conn, const wf::Definition& def,
                                const std::string& stage, const wf::Action& action,
                                const auth::Principal& who, int64_t case_id) {
  if (!def.ActionAllowedFrom(action.code, stage)) {
    const auto* st = def.FindState(stage);
    return ApiError(ErrorCode::kConflict,
                    "案件当前处于“" + (st ? st->label : stage) + "”，不能" + action.label);
  }
  if (!MayTake(action, who)) {
    return ApiError(ErrorCode::kForbidden, "您的角色不能执行“" + action.label + "”");
  }
  const bool starts = action.HasEffect(wf::Effect::kStartSuspension);
  if (starts || action.HasEffect(wf::Effect::kEndSuspension)) {
    auto open = conn.Query(kOpenSuspension, case_id);
    if (starts && open.Next()) {
      return ApiError(ErrorCode::kConflict,
                      "已有未结束的不计入期限期间（" +
                          std::string(reg::DictLabel("suspension_kind", open.Text(1))) +
                          "），请先结束");
    }
    if (!starts && !open.Next()) {
      return ApiError(ErrorCode::kConflict, "没有未结束的不计入期限期间");
    }
  }
  if (action.HasEffect(wf::Effect::kDecideExtension) &&
      !conn.Query(kPendingExtension, case_id).Next()) {
    return ApiError(ErrorCode::kConflict, "没有待审批的延长申请");
  }
  return std::nullopt;
}

// The `fields` of each action as the definition file has them (GET /api/v1/workflows/{kind}),
// by action code.
std::map<std::string, boost::json::array, std::less<>> FileFields(const wf::Registry& workflows,
                                                                  std::string_view kind) {
  std::map<std::string, boost::json::array, std::less<>> out;
  const boost::json::value file = boost::json::parse(workflows.Json(kind));
  const auto* actions = file.as_object().if_contains("actions");
  if (!actions || !actions->is_array()) return out;
  for (const auto& a : actions->as_array()) {
    const auto& o = a.as_object();
    const auto* fields = o.if_contains("fields");
    out[std::string(o.at("code").as_string())] =
        fields && fields->is_array() ? fields->as_array() : boost::json::array();
  }
  return out;
}

// The final state a closed case is in: the one its closing action for `outcome` leads to (a
// report not filed is in not_filed, not closed), else the definition's first final state.
std::string FinalStateOf(const wf::Definition& def, std::string_view outcome) {
  for (const auto& a : def.actions) {
    const wf::Field* f = a.FindField("outcome");
    const wf::State* to = a.to ? def.FindState(*a.to) : nullptr;
    if (f && to && to->final && !outcome.empty() &&
        std::find(f->allowed.begin(), f->allowed.end(), outcome) != f->allowed.end()) {
      return to->code;
    }
  }
  for (const auto& st : def.states) {
    if (st.final) return st.code;
  }
  return def.initial;
}

}  // namespace

ActionRequest ParseActionRequest(const boost::json::value& body) {
  ObjectReader r(body.as_object());
  ActionRequest req;
  req.action = r.ReqString("action", 64);
  req.effective_on = r.OptDate("effective_on");
  if (const auto* f = r.Raw("fields")) {
    if (!f->is_object()) ThrowInvalidField("fields", "应为对象");
    req.fields = f->as_object();
  }
  req.note = r.OptString("note", 4000);
  r.Finish();
  return req;
}

void EnterWorkflow(store::Connection& conn, const wf::Registry& workflows,
                   const cal::Calendar& calendar, int64_t case_id, Date today,
                   bool handler_was_assigned) {
  const CaseState s = LoadState(conn, case_id);
  const wf::Definition* def = workflows.Find(s.kind);
  if (!def) return;
  std::string stage = def->initial;
  const std::string procedure = s.procedure.value_or("");
  for (const auto* d : def->DeadlinesStartedBy(wf::kCreateAction, procedure)) {
    StartDeadline(conn, s, case_id, *d, s.received_on, 0, 0);
  }
  // What the case records stands for the actions that recorded it: the first action from the
  // current stage with `effect` moves it on, stopping and starting its deadlines on `on`.
  auto recorded = [&](wf::Effect effect, const std::string& on) {
    for (const auto& a : def->actions) {
      if (!a.HasEffect(effect) || !def->ActionAllowedFrom(a.code, stage)) continue;
      if (a.to) stage = *a.to;
      for (const auto* d : def->DeadlinesStoppedBy(a.code)) {
        conn.Exec(kStopDeadline, on, case_id, d->code);
      }
      for (const auto* d : def->DeadlinesStartedBy(a.code, procedure)) {
        StartDeadline(conn, s, case_id, *d, on, 0, 0);
      }
      return;
    }
  };
  if (s.filed_on) {
    // Registered as already filed: the filing action's stage and deadlines, from its date; for
    // a bulk-loaded case with a handler, also the assignment's (into trial, enforcement …).
    recorded(wf::Effect::kSetFiledOn, *s.filed_on);
    if (handler_was_assigned && s.handler_id) recorded(wf::Effect::kAssignHandler, *s.filed_on);
  }
  conn.Exec(kSetStage, stage, case_id);
  RecomputeDeadlines(conn, calendar, case_id, today);
}

void AdoptCase(store::Connection& conn, const wf::Registry& workflows,
               const cal::Calendar& calendar, int64_t case_id, std::string_view kind,
               std::string_view status, std::string_view outcome, Date today) {
  const wf::Definition* def = workflows.Find(kind);
  if (!def) return;
  if (status == "closed") {
    conn.Exec(kSetStage, FinalStateOf(*def, outcome), case_id);
  } else {
    EnterWorkflow(conn, workflows, calendar, case_id, today, /*handler_was_assigned=*/true);
  }
}

int64_t AdoptCases(store::Connection& conn, const wf::Registry& workflows,
                   const cal::Calendar& calendar, Date today, int64_t batch) {
  static constexpr std::string_view kWithoutStage =
      "SELECT id, kind, status, outcome FROM cases WHERE stage IS NULL AND id > ? ORDER BY id "
      "LIMIT ?";
  int64_t done = 0;
  int64_t after = 0;
  for (;;) {
    std::vector<std::tuple<int64_t, std::string, std::string, std::string>> cases;
    {
      auto r = conn.Query(kWithoutStage, after, batch);
      while (r.Next()) cases.emplace_back(r.Int(0), r.Str(1), r.Str(2), r.OptStr(3).value_or(""));
    }
    if (cases.empty()) return done;
    store::Transaction tx(conn);
    for (const auto& [id, kind, status, outcome] : cases) {
      AdoptCase(conn, workflows, calendar, id, kind, status, outcome, today);
    }
    tx.Commit();
    done += static_cast<int64_t>(cases.size());
    after = std::get<0>(cases.back());
  }
}

boost::json::object ListCaseActions(store::Connection& conn, const wf::Registry& workflows,
                                    const auth::Principal& p, int64_t case_id) {
  if (!auth::CaseVisible(conn, p, case_id)) ThrowNotFound("案件不存在或不在您的查看范围内");
  const CaseState s = LoadState(conn, case_id);
  const wf::Definition* def = workflows.Find(s.kind);
  boost::json::array items;
  if (!def) {
    return {{"stage", s.stage.empty() ? boost::json::value(nullptr) : boost::json::value(s.stage)},
            {"items", std::move(items)}};
  }
  const std::string stage = StageOf(*def, s);
  if (p.Has(kTakeActionPermission)) {
    auto fields = FileFields(workflows, s.kind);
    for (const auto& a : def->actions) {
      if (Refusal(conn, *def, stage, a, p, case_id)) continue;
      items.push_back(boost::json::object{
          {"code", a.code},
          {"label", a.label},
          {"to", a.to ? boost::json::value(*a.to) : boost::json::value(nullptr)},
          {"fields", std::move(fields[a.code])}});
    }
  }
  return {{"stage", stage}, {"items", std::move(items)}};
}

boost::json::object TakeCaseAction(store::WriteContext& ctx, const wf::Registry& workflows,
                                   const cal::Calendar& calendar, int64_t case_id,
                                   const ActionRequest& req, const auth::Actor& actor, Date today) {
  auto& conn = ctx.conn();
  const auth::Principal& who = actor.who();
  // Out of scope: not found, before anything about the case is told.
  boost::json::object before = GetCase(conn, who, case_id, today);
  CaseState s = LoadState(conn, case_id);
  const wf::Definition* def = workflows.Find(s.kind);
  if (!def) ThrowConflict("该类案件没有流程定义");
  const wf::Action* action = def->FindAction(req.action);
  if (!action) ThrowInvalidField("action", "此类案件没有操作“" + req.action + "”");
  const std::string stage = StageOf(*def, s);
  if (auto refused = Refusal(conn, *def, stage, *action, who, case_id)) throw *refused;
  const Date effective = req.effective_on.value_or(today);
  if (effective > today) ThrowInvalidField("effective_on", "生效日期不能晚于今天");
  if (effective < *Date::Parse(s.received_on)) {
    ThrowInvalidField("effective_on", "生效日期不能早于收案日期 " + s.received_on);
  }
  const std::string on = effective.ToString();
  const boost::json::object fields = CheckFields(conn, *def, *action, req.fields);
  const std::optional<int64_t> user = who.UserId();
  boost::json::array warnings;

  std::optional<std::string> closed_on;
  std::optional<int64_t> party_for_periods;
  std::string procedure = s.procedure.value_or("");
  // The filing action of court and arbitration cases sets the procedure (docs/workflows.md);
  // only convert_procedure changes it later.
  if (!action->HasEffect(wf::Effect::kConvertProcedure)) {
    if (auto p = Text(fields, "procedure")) procedure = *p;
  }
  for (const wf::Effect effect : action->effects) {
    switch (effect) {
      case wf::Effect::kSetFiledOn:
        s.filed_on = on;
        break;
      case wf::Effect::kAssignCaseNumber:
        if (!s.case_number) {
          const auto agency = reg::LoadNumberingAgency(conn, s.agency_id);
          s.case_number = reg::AssignCaseNumber(conn, agency->numbering, s.kind, effective.year);
        }
        break;
      case wf::Effect::kClose:
        closed_on = on;
        break;
      case wf::Effect::kAssignHandler:
        s.handler_id = Int(fields, "handler_id");
        break;
      case wf::Effect::kConvertProcedure: {
        const std::string next = *Text(fields, "procedure");
        if (next == procedure) ThrowConflict("案件已适用该程序", "fields.procedure");
        // 民诉法解释 Art. 258: converted from summary procedure, the limit counts from the
        // original filing date. Deadlines of the old procedure end; the new one's start then.
        for (const auto& d : def->deadlines) {
          if (!d.procedures.empty() && d.AppliesTo(procedure) && !d.AppliesTo(next)) {
            conn.Exec(kDropDeadline, case_id, d.code);
          }
        }
        const std::string start = s.filed_on.value_or(s.received_on);
        for (const auto& d : def->deadlines) {
          if (!d.procedures.empty() && d.AppliesTo(next) && !d.AppliesTo(procedure)) {
            bool started_before = false;
            for (const auto& a : d.starts_on) {
              started_before = started_before || (a == "file" && s.filed_on);
            }
            if (started_before) StartDeadline(conn, s, case_id, d, start, 0, ctx.now());
          }
        }
        procedure = next;
        break;
      }
      case wf::Effect::kStartSuspension: {
        // None is open (Refusal).
        conn.Exec(kInsertSuspension, case_id, *Text(fields, "suspension_kind"), on,
                  Text(fields, "reason").value_or(req.note.value_or("")), user, ctx.now());
        break;
      }
      case wf::Effect::kEndSuspension: {
        auto open = conn.Query(kOpenSuspension, case_id);
        if (!open.Next()) ThrowConflict("没有未结束的不计入期限期间");  // checked by Refusal
        const int64_t id = open.Int(0);
        const std::string kind = open.Str(1);
        const std::string start = open.Str(2);
        open.Close();
        if (auto want = Text(fields, "suspension_kind"); want && *want != kind) {
          ThrowConflict("未结束的期间是“" + std::string(reg::DictLabel("suspension_kind", kind)) +
                            "”，不是所填类型",
                        "fields.suspension_kind");
        }
        if (on < start) ThrowInvalidField("effective_on", "结束日期不能早于开始日期 " + start);
        conn.Exec(kEndSuspension, on, id);
        break;
      }
      case wf::Effect::kRequestExtension: {
        const std::string code = *Text(fields, "deadline");
        const wf::Deadline* d = def->FindDeadline(code);
        if (!d->extension) ThrowConflict("该期限依法不能延长", "fields.deadline");
        auto row = conn.Query(kDeadlineRow, case_id, code);
        if (!row.Next() || !row.IsNull(1)) ThrowConflict("该期限未在计算中", "fields.deadline");
        const Date due = *Date::Parse(row.Text(0));
        row.Close();
        const int64_t length = *Int(fields, "length");
        const int64_t already = conn.QueryInt(kExtensionTotal, case_id, code).value_or(0);
        if (d->extension->max_total && already + length > *d->extension->max_total) {
          ThrowInvalidField("fields.length", "延长后超过法定最长期限：至多延长 " +
                                                 std::to_string(*d->extension->max_total) +
                                                 UnitLabel(d->extension->unit) + "，已申请或批准 " +
                                                 std::to_string(already) + "（" +
                                                 d->extension->source + "）");
        }
        const bool late = effective.AddDays(kExtensionNoticeDays) > due;
        if (late) {
          warnings.emplace_back("延长审限应在期限届满15日前提出，本次申请已晚于该时点");
        }
        conn.Exec(kInsertExtension, case_id, code, length,
                  std::string(wf::UnitName(d->extension->unit)), *Text(fields, "reason"), user, on,
                  late ? 1 : 0, ctx.now());
        break;
      }
      case wf::Effect::kDecideExtension: {
        auto pending = conn.Query(kPendingExtension, case_id);
        if (!pending.Next()) ThrowConflict("没有待审批的延长申请");  // checked by Refusal
        const int64_t id = pending.Int(0);
        pending.Close();
        const auto approved = fields.find("approved");
        const bool grant = approved != fields.end() && approved->value().as_bool();
        conn.Exec(kDecideExtension, grant ? "granted" : "refused", user, on,
                  Text(fields, "reason").value_or(""), id);
        break;
      }
      case wf::Effect::kRecordService: {
        const int64_t party = *Int(fields, "party_id");
        if (!conn.QueryInt(kCaseParty, case_id, party)) {
          ThrowInvalidField("fields.party_id", "该当事人不是本案当事人");
        }
        const std::string served = Text(fields, "served_on").value_or(on);
        if (*Date::Parse(served) > today)
          ThrowInvalidField("fields.served_on", "送达日期不能晚于今天");
        conn.Exec(kInsertService, case_id, party, action->label, served,
                  Text(fields, "method").value_or("direct"), user, ctx.now());
        party_for_periods = party;
        break;
      }
    }
  }

  // The deadlines this action meets, then those it starts (party periods from the service date).
  for (const auto* d : def->DeadlinesStoppedBy(action->code)) {
    if (d->party_period && party_for_periods) {
      conn.Exec(kStopPartyDeadline, on, case_id, d->code, *party_for_periods);
    } else {
      conn.Exec(kStopDeadline, on, case_id, d->code);
    }
  }
  const std::string next_stage = action->to.value_or(stage);
  const wf::State* next = def->FindState(next_stage);
  if (next->final) conn.Exec(kStopAll, on, case_id);
  for (const auto* d : def->DeadlinesStartedBy(action->code, procedure)) {
    if (d->party_period) {
      if (!party_for_periods) continue;
      StartDeadline(conn, s, case_id, *d, Text(fields, "served_on").value_or(on),
                    *party_for_periods, ctx.now());
    } else {
      StartDeadline(conn, s, case_id, *d, on, 0, ctx.now());
    }
  }

  conn.Exec(kUpdateState, next_stage, next->status,
            procedure.empty() ? store::Param(nullptr) : store::Param(procedure), s.handler_id,
            s.filed_on, closed_on ? closed_on : Text(before, "closed_on"), s.case_number,
            Text(fields, "outcome"), Text(fields, "appeal_result"), Text(fields, "document_number"),
            Int(fields, "claimed_amount_fen"), Int(fields, "awarded_amount_fen"),
            Int(fields, "enforce_amount_fen"), Int(fields, "recovered_amount_fen"),
            Int(fields, "fine_fen"), ctx.now(), case_id);
  RecomputeDeadlines(conn, calendar, case_id, today);
  // Dashboard counters (service/counters.h): filing, closing, the stage left on `effective`.
  CountCase(conn, workflows, case_id, effective);

  boost::json::object changed{{"action", action->code}, {"stage", next_stage}};
  if (!fields.empty()) changed["fields"] = fields;
  boost::json::object was{{"stage", stage}};
  LogCaseEvent(ctx, case_id, action->code.c_str(), user, on, &was, &changed);
  boost::json::object out_case = GetCase(conn, auth::SystemPrincipal(), case_id, today);
  LogCaseChange(ctx, "updated", out_case, actor, &was, &changed);
  boost::json::object out;
  out["deadlines"] =
      ListCaseDeadlines(conn, calendar, auth::SystemPrincipal(), case_id, today).at("items");
  out["case"] = std::move(out_case);
  out["warnings"] = std::move(warnings);
  return out;
}

}  // namespace sg::svc
