#include "auth/scope.h"
#include "base/errors.h"
#include "base/json_util.h"
#include "base/uuid.h"
#include "register/case_numbers.h"
#include "register/dict.h"
#include "register/records.h"
#include "service/case_actions.h"
#include "service/case_log.h"
#include "service/cases.h"
#include "service/counters.h"
#include "service/field_checks.h"
#include "service/parties.h"

namespace sg::svc {

struct PartyRef {
  std::optional<int64_t> party_id;
  std::optional<reg::NewParty> party;
  std::string role;
  std::string path;
};

struct CreateCaseInput {
  reg::NewCase row;
  std::vector<PartyRef> parties;
  bool filed = false;
};

namespace {

constexpr std::string_view kUserAgency = "SELECT agency_id FROM users WHERE id = ?";
constexpr std::string_view kPartyExists = "SELECT 1 FROM parties WHERE id = ?";
constexpr std::string_view kIpExists = "SELECT 1 FROM ip_rights WHERE id = ?";
constexpr std::string_view kExternalExists =
    "SELECT id FROM cases WHERE source_system = ? AND external_id = ?";

constexpr size_t kMaxTitle = 600;
constexpr size_t kMaxSummary = 8000;

struct AgencyInfo {
  std::string type, court_level;
  reg::NumberingAgency numbering;
};

AgencyInfo LoadAgency(store::Connection& conn, int64_t id) {
  auto a = reg::LoadNumberingAgency(conn, id);
  if (!a) ThrowInvalidField("agency_id", "机构不存在，请从机构列表中选择");
  return {a->numbering.type, a->court_level, a->numbering};
}

void CheckUser(store::Connection& conn, int64_t user_id, const std::string& field) {
  if (!conn.QueryInt(kUserAgency, user_id)) ThrowInvalidField(field, "用户不存在");
}

std::string Uid(store::WriteContext& ctx) { return NewUuidV7(ctx.now()); }

}  // namespace

std::shared_ptr<CreateCaseInput> ParseCreateCase(const boost::json::value& body,
                                                 const Date& today) {
  auto in = std::make_shared<CreateCaseInput>();
  auto& c = in->row;
  ObjectReader r(body.as_object());
  c.kind = r.ReqEnum("kind", reg::DictValues("case_kind"));
  c.agency_id = r.ReqInt("agency_id", 1);
  c.title = r.ReqString("title", kMaxTitle);
  c.procedure = r.OptEnum("procedure", reg::DictValues("procedure"));
  if (c.procedure && c.kind != "civil_first") {
    ThrowInvalidField("procedure", "只有民事一审案件区分普通程序、简易程序和小额诉讼程序");
  }
  if (!c.procedure && c.kind == "civil_first") c.procedure = "ordinary";
  c.handler_id = r.OptInt("handler_id", 1);
  c.panel_ids = r.OptIntArray("panel_ids", 15).value_or(std::vector<int64_t>{});
  const auto filed_on = r.OptDate("filed_on");
  // Received on the filing day unless said otherwise; today when neither is given.
  const Date received = r.OptDate("received_on").value_or(filed_on.value_or(today));
  CheckNotFuture(received, today, "received_on");
  c.received_on = received.ToString();
  if (const auto& filed = filed_on) {
    CheckNotFuture(*filed, today, "filed_on");
    if (*filed < received) ThrowInvalidField("filed_on", "立案日期不能早于收案日期");
    c.filed_on = filed->ToString();
    in->filed = true;
  }
  c.status = in->filed ? "filed" : "received";
  c.claim_amount_fen = r.OptInt("claim_amount_fen", 0, int64_t{1} << 53);
  c.tags = r.OptStringArray("tags", 20, 60).value_or(std::vector<std::string>{});
  c.summary = r.OptString("summary", kMaxSummary);
  c.area_code = r.OptString("area_code", 6);
  CheckAreaCode(c.area_code, "area_code");
  c.source_system = r.OptString("source_system", 64);
  c.external_id = r.OptString("external_id", 128);
  if (c.source_system.has_value() != c.external_id.has_value()) {
    ThrowInvalidField(c.external_id ? "source_system" : "external_id",
                      "source_system 与 external_id 须同时提供");
  }
  if (const auto* parties = r.Raw("parties")) {
    if (!parties->is_array()) ThrowInvalidField("parties", "应为数组");
    const auto& arr = parties->as_array();
    if (arr.size() > 200) ThrowInvalidField("parties", "当事人最多 200 个");
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string path = "parties[" + std::to_string(i) + "]";
      if (!arr[i].is_object()) ThrowInvalidField(path, "应为对象");
      ObjectReader pr(arr[i].as_object(), path);
      PartyRef ref;
      ref.path = path;
      ref.role = pr.ReqEnum("role", reg::DictValues("party_role"));
      ref.party_id = pr.OptInt("party_id", 1);
      if (const auto* inline_party = pr.Raw("party")) {
        if (!inline_party->is_object()) ThrowInvalidField(path + ".party", "应为对象");
        ObjectReader ir(inline_party->as_object(), path + ".party");
        ref.party = ParsePartyInput(ir, today);
        ir.Finish();
      }
      if (ref.party_id.has_value() == ref.party.has_value()) {
        ThrowInvalidField(path, "须提供 party_id（已登记的当事人）或 party（新当事人）之一");
      }
      pr.Finish();
      in->parties.push_back(std::move(ref));
    }
  }
  for (int64_t ip : r.OptIntArray("ip_right_ids", 100).value_or(std::vector<int64_t>{})) {
    c.ip_rights.push_back({ip, {}, {}, {}});
  }
  r.Finish();
  return in;
}

boost::json::object CreateCase(store::WriteContext& ctx, const CreateCaseInput& in,
                               const auth::Actor& actor, const Clockwork& clock) {
  auto& conn = ctx.conn();
  reg::NewCase c = in.row;
  const AgencyInfo agency = LoadAgency(conn, c.agency_id);
  RequireAgencyInScope(conn, actor.who(), c.agency_id, "agency_id");
  const std::optional<int64_t> actor_id = actor.who().UserId();
  if (!reg::AgencyMayOwn(agency.type, agency.court_level, c.kind)) {
    ThrowInvalidField(
        "agency_id",
        "该机构不办理“" + std::string(reg::DictLabel("case_kind", c.kind)) + "”类案件");
  }
  if (c.handler_id) CheckUser(conn, *c.handler_id, "handler_id");
  for (size_t i = 0; i < c.panel_ids.size(); ++i) {
    CheckUser(conn, c.panel_ids[i], "panel_ids[" + std::to_string(i) + "]");
  }
  for (size_t i = 0; i < c.ip_rights.size(); ++i) {
    if (!conn.QueryInt(kIpExists, c.ip_rights[i].ip_right_id)) {
      ThrowInvalidField("ip_right_ids[" + std::to_string(i) + "]", "知识产权记录不存在");
    }
  }
  if (c.external_id && conn.QueryInt(kExternalExists, *c.source_system, *c.external_id)) {
    ThrowConflict("该外部系统编号的案件已登记", "external_id");
  }
  for (const auto& ref : in.parties) {
    int64_t id = 0;
    if (ref.party_id) {
      if (!conn.QueryInt(kPartyExists, *ref.party_id)) {
        ThrowInvalidField(ref.path + ".party_id", "当事人不存在");
      }
      id = *ref.party_id;
    } else {
      id = FindOrInsertParty(ctx, *ref.party, actor);
    }
    for (const auto& existing : c.parties) {
      if (existing.party_id == id && existing.role == ref.role) {
        ThrowInvalidField(ref.path, "同一当事人以相同身份重复出现");
      }
    }
    c.parties.push_back({id, ref.role, {}, {}});
  }
  c.uid = Uid(ctx);
  c.created_at = ctx.now();
  if (in.filed) {
    c.case_number =
        reg::AssignCaseNumber(conn, agency.numbering, c.kind, Date::Parse(*c.filed_on)->year);
  }
  const int64_t id = reg::InsertCase(conn, c);
  EnterWorkflow(conn, clock.workflows, *clock.calendar, id, clock.today);
  // Dashboard counters (service/counters.h): the new case, received and maybe filed.
  CountCase(conn, clock.workflows, id, clock.today);
  boost::json::object out = GetCase(conn, auth::SystemPrincipal(), id, clock.today);
  LogCaseEvent(ctx, id, "created", actor_id, c.received_on, nullptr, &out);
  if (in.filed) {
    boost::json::object after{
        {"status", "filed"}, {"filed_on", *c.filed_on}, {"case_number", *c.case_number}};
    LogCaseEvent(ctx, id, "filed", actor_id, c.filed_on, nullptr, &after);
  }
  LogCaseChange(ctx, "created", out, actor);
  return out;
}

}  // namespace sg::svc
