// Importing cases with our column mapping: a row becomes a case draft (dictionary values, dates in
// order, identifiers, the 当事人 and 涉案知识产权 cells), which CaseStore checks against the
// database and stores.
#include <algorithm>
#include <boost/json/serialize.hpp>

#include "auth/scope.h"
#include "base/errors.h"
#include "base/uuid.h"
#include "core/text_normalize.h"
#include "core/validation.h"
#include "exchange/case_store.h"
#include "exchange/columns.h"
#include "exchange/import_rows.h"
#include "register/case_numbers.h"
#include "register/dict.h"
#include "service/case_log.h"
#include "service/counters.h"
#include "service/field_checks.h"

namespace sg::exch {
namespace {

constexpr size_t kMaxCaseTitle = 600;
constexpr size_t kMaxCaseSummary = 8000;
constexpr size_t kMaxParties = 200;
constexpr size_t kMaxIpRights = 100;

// The case columns in the order of Columns(Entity::kCases); checked when an importer is made.
enum CaseCol : size_t {
  kUid,
  kSource,
  kExternal,
  kCaseNumber,
  kKind,
  kProcedure,
  kAgency,
  kTitle,
  kStatus,
  kReceived,
  kFiled,
  kClosed,
  kOutcome,
  kClaim,
  kTags,
  kSummary,
  kArea,
  kParties,
  kIpRights,
  kCaseColCount
};

const std::string& Name(size_t col) {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& c : Columns(Entity::kCases)) n.emplace_back(c.name);
    return n;
  }();
  return names[col];
}

// A party of the 当事人 cell, or of the NDJSON parties array.
DraftParty ParseParty(std::string_view role_text, std::string name, const std::string& identifier,
                      std::optional<std::string> type, Date today, const std::string& field) {
  DraftParty d;
  d.field = field;
  auto role = ParseDictValue("party_role", role_text);
  if (!role)
    ThrowInvalidField(field,
                      "当事人身份“" + std::string(role_text) + "”无效（如 原告、被告、投诉人）");
  d.role = *role;
  if (name.empty()) ThrowInvalidField(field, "当事人名称不能为空");
  if (name.size() > 300) ThrowInvalidField(field, "当事人名称过长");
  d.party.name = std::move(name);
  if (type) {
    auto t = ParseDictValue("party_type", *type);
    if (!t)
      ThrowInvalidField(field,
                        "当事人类型应为 person（自然人）或 organization（法人或非法人组织）");
    d.party.type = *t;
  }
  if (!identifier.empty()) {
    // A cell names no type: the identifier decides. All-digit USCCs exist, so both checks are
    // tried, the likelier one for the name first; an explicit type (NDJSON) decides alone.
    const bool org_first =
        d.party.type.empty() ? LooksLikeOrganization(d.party.name) : d.party.type == "organization";
    const core::CivilDate day{today.year, today.month, today.day};
    auto as_uscc = core::Validate("uscc", identifier, day);
    auto as_id = core::Validate("id_number", identifier, day);
    const bool uscc_ok = as_uscc && as_uscc->valid && d.party.type != "person";
    const bool id_ok = as_id && as_id->valid && d.party.type != "organization";
    if (uscc_ok && (org_first || !id_ok)) {
      d.party.uscc = as_uscc->normalized;
      d.party.type = "organization";
    } else if (id_ok) {
      d.party.id_number = as_id->normalized;
      d.party.type = "person";
    } else {
      // Neither: the reason of the likelier one (CheckIdentifier also names a masked value).
      const std::string compact = core::CompactCode(identifier);
      const bool person_like =
          d.party.type == "person" || (d.party.type.empty() && !org_first && compact.size() == 18 &&
                                       compact.find_first_not_of("0123456789") >= 17);
      CheckIdentifier(person_like ? "id_number" : "uscc", identifier, today, field);
      ThrowInvalidField(field, "证件号码“" + identifier +
                                   "”既不是有效的统一社会信用代码，也不是有效的身份证号码");
    }
  }
  if (d.party.type.empty()) {
    d.party.type = LooksLikeOrganization(d.party.name) ? "organization" : "person";
  }
  return d;
}

std::vector<DraftParty> ParsePartiesCell(const Cell& c, Date today) {
  std::vector<DraftParty> out;
  const std::string& field = Name(kParties);
  if (c.kind == CellKind::kJson) {
    if (!c.json.is_array()) ThrowInvalidField(field, "应为数组");
    const auto& arr = c.json.as_array();
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string path = field + "[" + std::to_string(i) + "]";
      if (!arr[i].is_object()) ThrowInvalidField(path, "应为对象");
      const auto& o = arr[i].as_object();
      auto str = [&](const char* k) -> std::string {
        const auto* v = o.if_contains(k);
        if (!v || v->is_null()) return {};
        if (!v->is_string()) ThrowInvalidField(path + "." + k, "应为字符串");
        return std::string(v->as_string());
      };
      for (const auto& [k, v] : o) {
        if (k != "role" && k != "type" && k != "name" && k != "uscc" && k != "id_number") {
          ThrowInvalidField(path + "." + std::string(k), "未知字段");
        }
      }
      std::string identifier = str("uscc");
      std::string idn = str("id_number");
      if (!identifier.empty() && !idn.empty()) {
        ThrowInvalidField(path, "统一社会信用代码与身份证号码不能同时填写");
      }
      std::string type = str("type");
      out.push_back(ParseParty(str("role"), Trim(str("name")), idn.empty() ? identifier : idn,
                               type.empty() ? std::nullopt : std::optional(type), today, path));
    }
  } else if (auto text = TextCell(c, field, 64 * 1024)) {
    for (const auto& item : SplitList(*text, false)) {
      auto p = ParsePartyItem(item);
      if (!p)
        ThrowInvalidField(
            field, "“" + item + "”应写作 身份:名称[:证件号码]，如 原告:张三:11010519491231002X");
      out.push_back(ParseParty(p->role, p->name, p->identifier, std::nullopt, today, field));
    }
  }
  if (out.size() > kMaxParties) ThrowInvalidField(field, "当事人最多 200 个");
  return out;
}

std::vector<DraftIp> ParseIpCell(const Cell& c) {
  std::vector<DraftIp> out;
  const std::string& field = Name(kIpRights);
  auto add = [&](std::string_view type_text, std::string number, std::string uid,
                 const std::string& path) {
    auto type = ParseDictValue("ip_type", type_text);
    if (!type) {
      ThrowInvalidField(path,
                        "知识产权类型“" + std::string(type_text) + "”无效（如 发明专利、商标）");
    }
    if (number.empty()) ThrowInvalidField(path, "知识产权编号不能为空");
    if (!uid.empty() && !IsUuid(uid)) ThrowInvalidField(path, "知识产权的唯一标识应为小写的 UUID");
    out.push_back({*type, std::move(number), std::move(uid)});
  };
  if (c.kind == CellKind::kJson) {
    if (!c.json.is_array()) ThrowInvalidField(field, "应为数组");
    const auto& arr = c.json.as_array();
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string path = field + "[" + std::to_string(i) + "]";
      const auto* o = arr[i].if_object();
      const auto* t = o ? o->if_contains("type") : nullptr;
      const auto* n = o ? o->if_contains("number") : nullptr;
      const auto* title = o ? o->if_contains("title") : nullptr;
      const auto* uid = o ? o->if_contains("uid") : nullptr;
      // {type, number, title?}; a right without a number by {type, number: null, title}.
      const auto* key = n && n->is_string() ? n : title;
      if (!t || !t->is_string() || !key || !key->is_string()) {
        ThrowInvalidField(path, "应为 {\"type\": ..., \"number\": ...}（无编号的权利写 title）");
      }
      add(t->as_string(), Trim(key->as_string()),
          uid && uid->is_string() ? std::string(uid->as_string()) : std::string(), path);
    }
  } else if (auto text = TextCell(c, field, 64 * 1024)) {
    for (const auto& item : SplitList(*text, false)) {
      auto ip = ParseIpItem(item);
      if (!ip)
        ThrowInvalidField(field, "“" + item + "”应写作 类型:编号，如 发明专利:201710601862.3");
      add(ip->type, ip->number, ip->uid, field);
    }
  }
  if (out.size() > kMaxIpRights) ThrowInvalidField(field, "涉案知识产权最多 100 项");
  return out;
}

// Dates in order and not in the future, and the status they make.
void SetDatesAndStatus(CaseDraft& d, std::optional<Date> received, std::optional<Date> filed,
                       std::optional<Date> closed, const std::optional<std::string>& status,
                       Date today) {
  reg::NewCase& c = d.row;
  const Date r = received.value_or(filed.value_or(today));
  svc::CheckNotFuture(r, today, Name(kReceived));
  c.received_on = r.ToString();
  if (filed) {
    svc::CheckNotFuture(*filed, today, Name(kFiled));
    if (*filed < r) ThrowInvalidField(Name(kFiled), "立案日期不能早于收案日期");
    c.filed_on = filed->ToString();
  }
  if (closed) {
    svc::CheckNotFuture(*closed, today, Name(kClosed));
    if (*closed < (filed ? *filed : r)) {
      ThrowInvalidField(Name(kClosed), "结案日期不能早于立案（收案）日期");
    }
    c.closed_on = closed->ToString();
  }
  c.status = closed ? "closed" : filed ? "filed" : "received";
  if (!status || *status == c.status) return;
  if (*status == "suspended") {
    ThrowInvalidField(Name(kStatus),
                      "中止中的案件不能导入：请在恢复审理后导入，或导入后再办理中止");
  }
  // A workflow may record a filing date while the case still counts as received (a report
  // registered before it is accepted): "received" with a filing date is kept as written.
  if (*status == "received" && !closed) {
    c.status = "received";
    return;
  }
  ThrowInvalidField(
      Name(kStatus),
      "案件状态与日期不符：有结案日期为已结案，有立案日期为已立案，否则为已收案待立案");
}

class CaseImporter final : public RowImporter {
 public:
  explicit CaseImporter(ImportEnv& env) : env_(env), store_(env) {
    const auto& cols = Columns(Entity::kCases);
    if (cols.size() != kCaseColCount || cols[kIpRights].name != "ip_rights" ||
        cols[kAgency].name != "agency") {
      throw std::logic_error("case columns out of order");
    }
  }

  SourceSpec Spec() const override {
    SourceSpec s;
    s.fields = kCaseColCount;
    s.resolve = [](std::string_view h) { return FindColumn(Columns(Entity::kCases), h); };
    s.field_name = [](size_t i) { return Name(i); };
    return s;
  }

  RowOutcome Import(const SourceRow& row) override {
    const auto& cells = row.cells;
    const Date today = env_.clock.today;
    CaseDraft d;
    reg::NewCase& c = d.row;
    if (auto uid = CodeCell(cells[kUid], Name(kUid), 64)) {
      if (!IsUuid(*uid)) ThrowInvalidField(Name(kUid), "唯一标识应为小写的 UUID（8-4-4-4-12）");
      c.uid = *uid;
    }
    c.source_system = TextCell(cells[kSource], Name(kSource), 64);
    if (!c.source_system) c.source_system = env_.options.source_system;
    c.external_id = CodeCell(cells[kExternal], Name(kExternal), 128);
    if (c.external_id && !c.source_system) {
      ThrowInvalidField(Name(kSource),
                        "填写外部编号时须同时填写来源系统（或导入时指定 source_system）");
    }
    if (!c.external_id) c.source_system.reset();
    if (!c.external_id && c.uid.empty()) {
      ThrowInvalidField(Name(kExternal),
                        "须填写外部编号（及来源系统）或唯一标识，重复导入时据此识别同一案件");
    }
    const auto kind = EnumCell(cells[kKind], Name(kKind), "case_kind");
    if (!kind) ThrowInvalidField(Name(kKind), "案件类型不能为空");
    c.kind = *kind;
    c.procedure = EnumCell(cells[kProcedure], Name(kProcedure), "procedure");
    if (c.procedure && c.kind != "civil_first") {
      ThrowInvalidField(Name(kProcedure), "只有民事一审案件区分普通程序、简易程序和小额诉讼程序");
    }
    if (!c.procedure && c.kind == "civil_first") c.procedure = "ordinary";
    if (cells[kAgency].kind == CellKind::kNumber) {
      d.agency_id = IntCell(cells[kAgency], Name(kAgency), 1, INT64_MAX);
    } else {
      d.agency_name = TextCell(cells[kAgency], Name(kAgency), 300);
    }
    auto title = TextCell(cells[kTitle], Name(kTitle), kMaxCaseTitle);
    if (!title) ThrowInvalidField(Name(kTitle), "案件名称不能为空");
    c.title = *title;
    SetDatesAndStatus(d, DateCell(cells[kReceived], Name(kReceived)),
                      DateCell(cells[kFiled], Name(kFiled)),
                      DateCell(cells[kClosed], Name(kClosed)),
                      EnumCell(cells[kStatus], Name(kStatus), "case_status"), today);
    if (auto number = CodeCell(cells[kCaseNumber], Name(kCaseNumber), 64)) {
      if (!c.filed_on) ThrowInvalidField(Name(kCaseNumber), "未立案的案件没有案号：请填写立案日期");
      c.case_number = reg::IsCourtKind(c.kind)
                          ? CheckIdentifier("case_number", *number, today, Name(kCaseNumber))
                          : *number;
    }
    c.outcome = EnumCell(cells[kOutcome], Name(kOutcome), "case_outcome");
    if (c.outcome && !c.closed_on) ThrowInvalidField(Name(kOutcome), "未结案的案件没有结案方式");
    c.claim_amount_fen = IntCell(cells[kClaim], Name(kClaim), 0, int64_t{1} << 53);
    c.tags = ParseTags(cells[kTags], Name(kTags));
    c.summary = TextCell(cells[kSummary], Name(kSummary), kMaxCaseSummary);
    c.area_code = CodeCell(cells[kArea], Name(kArea), 6);
    svc::CheckAreaCode(c.area_code, Name(kArea));
    d.parties = ParsePartiesCell(cells[kParties], today);
    d.ips = ParseIpCell(cells[kIpRights]);
    return store_.Store(d, row.line);
  }

  void Finish() override { store_.Finish(); }

 private:
  ImportEnv& env_;
  CaseStore store_;
};

}  // namespace

std::vector<std::string> ParseTags(const Cell& c, const std::string& field) {
  std::vector<std::string> tags;
  if (c.kind == CellKind::kJson) {
    if (!c.json.is_array()) ThrowInvalidField(field, "应为字符串数组");
    for (const auto& v : c.json.as_array()) {
      if (!v.is_string()) ThrowInvalidField(field, "应为字符串数组");
      std::string t = Trim(v.as_string());
      if (!t.empty()) tags.push_back(std::move(t));
    }
  } else if (auto text = TextCell(c, field, 4000)) {
    tags = SplitList(*text, true);
  }
  if (tags.size() > 20) ThrowInvalidField(field, "标签最多 20 个");
  for (const auto& t : tags) {
    if (t.size() > 60) ThrowInvalidField(field, "标签“" + t + "”过长，最多 60 字节");
  }
  return tags;
}

std::unique_ptr<RowImporter> MakeCaseImporter(ImportEnv& env) {
  return std::make_unique<CaseImporter>(env);
}

}  // namespace sg::exch
