#include "exchange/case_store.h"

#include <boost/json/serialize.hpp>

#include "auth/scope.h"
#include "base/errors.h"
#include "base/uuid.h"
#include "register/dict.h"
#include "service/case_actions.h"
#include "service/case_log.h"

namespace sg::exch {
namespace {

constexpr std::string_view kCaseByUid = "SELECT id FROM cases WHERE uid = ?";
constexpr std::string_view kCaseByExternal =
    "SELECT id FROM cases WHERE source_system = ? AND external_id = ?";
constexpr std::string_view kCaseByNumber = "SELECT id FROM cases WHERE case_number = ?";
constexpr std::string_view kAgencyByName = "SELECT id FROM agencies WHERE name = ?";
constexpr std::string_view kAgencyByAbbr = "SELECT id FROM agencies WHERE abbr = ?";
constexpr std::string_view kIpByNumber =
    "SELECT id FROM ip_rights WHERE type = ? AND number_norm = ?";
constexpr std::string_view kIpByUid = "SELECT id FROM ip_rights WHERE uid = ?";
constexpr std::string_view kIpByTitle =
    "SELECT id FROM ip_rights WHERE type = ? AND number IS NULL AND title = ? LIMIT 2";

}  // namespace

RowOutcome CaseStore::Store(CaseDraft& d, int64_t line) {
  auto& conn = env_.ctx.conn();
  reg::NewCase& c = d.row;
  if (!c.uid.empty() && conn.QueryInt(kCaseByUid, c.uid)) return RowOutcome::kUnchanged;
  if (c.external_id && conn.QueryInt(kCaseByExternal, *c.source_system, *c.external_id)) {
    return RowOutcome::kUnchanged;
  }
  const AgencyFacts& agency = Agency(d);
  if (!agency.in_scope) {
    ThrowInvalidField(std::string("agency"), "承办机构“" + agency.numbering.abbr +
                                                 "”不在您的数据范围内，不能为其导入案件");
  }
  if (!reg::AgencyMayOwn(agency.numbering.type, agency.court_level, c.kind)) {
    ThrowInvalidField(
        std::string("agency"),
        "该机构不办理“" + std::string(reg::DictLabel("case_kind", c.kind)) + "”类案件");
  }
  c.agency_id = agency.id;
  if (c.case_number && conn.QueryInt(kCaseByNumber, *c.case_number)) {
    ThrowInvalidField(std::string("case_number"), "案号“" + *c.case_number + "”已被其他案件使用");
  }
  c.ip_rights.clear();
  for (const auto& ip : d.ips) {
    std::optional<int64_t> id;
    if (!ip.uid.empty()) id = conn.QueryInt(kIpByUid, ip.uid);
    if (!id) id = conn.QueryInt(kIpByNumber, ip.type, reg::IpNumberKey(ip.type, ip.number));
    if (!id) {
      std::vector<int64_t> ids;
      auto r = conn.Query(kIpByTitle, ip.type, ip.number);
      while (r.Next()) ids.push_back(r.Int(0));
      if (ids.size() == 1) id = ids[0];
    }
    if (!id) {
      ThrowInvalidField(
          std::string("ip_rights"),
          "知识产权“" + ip.number + "”尚未登记：请先导入知识产权（entity=ip_rights）");
    }
    bool dup = false;
    for (const auto& have : c.ip_rights) dup = dup || have.ip_right_id == *id;
    if (!dup) c.ip_rights.push_back({*id, {}, {}, {}});
  }
  c.parties.clear();
  for (auto& p : d.parties) {
    const int64_t id = FindOrStoreParty(env_, p.party, line);
    for (const auto& have : c.parties) {
      if (have.party_id == id && have.role == p.role) {
        ThrowInvalidField(p.field, "同一当事人以相同身份重复出现");
      }
    }
    c.parties.push_back({id, p.role, {}, {}});
  }
  if (c.uid.empty()) c.uid = NewUuidV7(env_.ctx.now());
  c.created_at = env_.ctx.now();
  if (c.status == "filed" && !c.case_number) {
    c.case_number =
        reg::AssignCaseNumber(conn, agency.numbering, c.kind, Date::Parse(*c.filed_on)->year);
  } else if (c.case_number && c.filed_on) {
    reg::NoteCaseNumber(conn, agency.numbering, c.kind, Date::Parse(*c.filed_on)->year,
                        *c.case_number);
  }
  const int64_t id = reg::InsertCase(conn, c, terms_ ? &*terms_ : nullptr);
  const auto& clock = env_.clock;
  svc::AdoptCase(conn, clock.workflows, *clock.calendar, id, c.kind, c.status,
                 c.outcome.value_or(""), clock.today);
  boost::json::object after{{"kind", c.kind},
                            {"agency_id", c.agency_id},
                            {"title", c.title},
                            {"status", c.status},
                            {"import_id", env_.import_id}};
  svc::LogCaseEvent(env_.ctx, id, "created", env_.actor.who().UserId(), c.received_on, nullptr,
                    &after);
  // The change as LogCaseChange writes it; the import writes one audit entry for the file.
  boost::json::object data{
      {"kind", c.kind}, {"agency_id", c.agency_id}, {"status", c.status}, {"version", 1}};
  env_.ctx.AppendChange("created", "case", id, c.uid, boost::json::serialize(data));
  RecordImported(env_, "case", id, line);
  // Last, so that a row refused by the database before this point adds nothing to the batch.
  counts_.AddNew(conn, id);
  return RowOutcome::kStored;
}

void CaseStore::Finish() {
  counts_.Flush(env_.ctx.conn());
  if (terms_) terms_->Flush(env_.ctx.conn());
}

const CaseStore::AgencyFacts& CaseStore::Agency(const CaseDraft& d) {
  auto& conn = env_.ctx.conn();
  std::optional<int64_t> id = d.agency_id;
  if (!id && d.agency_name) {
    auto found = cache_by_name_.find(*d.agency_name);
    if (found != cache_by_name_.end()) {
      id = found->second;
    } else {
      for (auto sql : {kAgencyByName, kAgencyByAbbr}) {
        std::vector<int64_t> ids;
        auto r = conn.Query(sql, *d.agency_name);
        while (r.Next()) ids.push_back(r.Int(0));
        if (ids.size() > 1) {
          ThrowInvalidField(std::string("agency"),
                            "有多个机构名为“" + *d.agency_name + "”，请改填 agency_id");
        }
        if (ids.size() == 1) {
          id = ids[0];
          break;
        }
      }
      if (!id)
        ThrowInvalidField(std::string("agency"),
                          "机构“" + *d.agency_name + "”不存在，请填写机构全称");
      cache_by_name_[*d.agency_name] = *id;
    }
  }
  if (!id) {
    // Without an agency column: the importer's own agency.
    const auto& who = env_.actor.who();
    if (who.kind == auth::Principal::Kind::kSystem || who.agency_id == 0) {
      ThrowInvalidField(std::string("agency"), "须填写承办机构");
    }
    id = who.agency_id;
  }
  auto it = agencies_.find(*id);
  if (it != agencies_.end()) return it->second;
  auto a = reg::LoadNumberingAgency(conn, *id);
  if (!a) ThrowInvalidField(std::string("agency"), "机构不存在，请从机构列表中选择");
  AgencyFacts f{*id, a->numbering, a->court_level,
                auth::AgencyInScope(conn, env_.actor.who(), *id)};
  return agencies_.emplace(*id, std::move(f)).first->second;
}

}  // namespace sg::exch
