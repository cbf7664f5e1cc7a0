#include "service/parties.h"

#include <boost/json/serialize.hpp>

#include "auth/scope.h"
#include "base/errors.h"
#include "base/uuid.h"
#include "core/id_number.h"
#include "core/patent_number.h"
#include "core/text_normalize.h"
#include "core/validation.h"
#include "register/dict.h"
#include "register/search.h"
#include "service/case_json.h"
#include "service/paging.h"

namespace sg::svc {
namespace {

constexpr std::string_view kPartyColumns =
    "SELECT p.id, p.uid, p.type, p.name, p.uscc, p.id_number, p.phone, p.address, "
    "p.source_system, p.external_id, p.version, p.created_at, p.updated_at FROM parties p";
constexpr std::string_view kPartyByUscc = "SELECT id FROM parties WHERE uscc = ?";
constexpr std::string_view kPartyByIdNumber = "SELECT id FROM parties WHERE id_number = ?";
constexpr std::string_view kIpColumns =
    "SELECT r.id, r.uid, r.type, r.number, r.title, r.owner_party_id, p.name, r.nice_class, "
    "r.filed_on, r.granted_on, r.status, r.area_code, r.version, r.created_at, r.updated_at "
    "FROM ip_rights r LEFT JOIN parties p ON p.id = r.owner_party_id";
constexpr std::string_view kIpByNumber =
    "SELECT id FROM ip_rights WHERE type = ? AND number_norm = ?";
constexpr std::string_view kPartyExists = "SELECT 1 FROM parties WHERE id = ?";

core::CivilDate ToCivil(const Date& d) { return {d.year, d.month, d.day}; }

// A party row as JSON. `unmasked`: the caller may read this party's personal data.
boost::json::object PartyJson(store::Rows& r, bool unmasked) {
  boost::json::object o;
  o["id"] = r.Int(0);
  o["uid"] = r.Text(1);
  o["type"] = r.Text(2);
  o["name"] = r.Text(3);
  o["uscc"] = TextOrNull(r, 4);
  // 个人信息保护法: ID and phone numbers are masked in shared views (auth::MayReadPartyPii).
  if (r.IsNull(5)) {
    o["id_number"] = nullptr;
  } else {
    o["id_number"] = unmasked ? std::string(r.Text(5)) : core::MaskIdNumber(r.Text(5));
  }
  if (r.IsNull(6)) {
    o["phone"] = nullptr;
  } else {
    o["phone"] = unmasked ? std::string(r.Text(6)) : MaskPhone(r.Text(6));
  }
  o["address"] = TextOrNull(r, 7);
  o["source_system"] = TextOrNull(r, 8);
  o["external_id"] = TextOrNull(r, 9);
  o["version"] = r.Int(10);
  o["created_at"] = FormatTimestamp(r.Int(11));
  o["updated_at"] = FormatTimestamp(r.Int(12));
  return o;
}

boost::json::object IpJson(store::Rows& r) {
  boost::json::object o;
  o["id"] = r.Int(0);
  o["uid"] = r.Text(1);
  o["type"] = r.Text(2);
  o["number"] = TextOrNull(r, 3);
  o["title"] = r.Text(4);
  o["owner_party_id"] = IntOrNull(r, 5);
  o["owner_name"] = TextOrNull(r, 6);
  o["nice_class"] = IntOrNull(r, 7);
  o["filed_on"] = TextOrNull(r, 8);
  o["granted_on"] = TextOrNull(r, 9);
  o["status"] = r.Text(10);
  o["area_code"] = TextOrNull(r, 11);
  o["version"] = r.Int(12);
  o["created_at"] = FormatTimestamp(r.Int(13));
  o["updated_at"] = FormatTimestamp(r.Int(14));
  return o;
}

// Validates an identifier with the one implementation in src/core; returns the normalised form.
std::string CheckIdentifier(const char* type, const std::string& value, const Date& today,
                            const std::string& field) {
  auto res = core::Validate(type, value, ToCivil(today));
  if (!res || !res->valid) ThrowInvalidField(field, res ? res->reason : "无法校验");
  return res->normalized;
}

// Parties outside the caller's scope are not read at all.
void AddScope(store::Conditions& where, const auth::Principal& p) {
  auto scope = auth::PartyScope(p);
  where.Add(scope.sql, scope.params);  // nothing when the scope is empty
}

}  // namespace

reg::NewParty ParsePartyInput(ObjectReader& r, const Date& today) {
  reg::NewParty p;
  p.type = r.ReqEnum("type", reg::DictValues("party_type"));
  p.name = r.ReqString("name", 300);
  if (auto uscc = r.OptString("uscc", 64)) {
    p.uscc = CheckIdentifier("uscc", *uscc, today, r.FieldPath("uscc"));
  }
  if (auto idn = r.OptString("id_number", 64)) {
    if (p.type != "person") ThrowInvalidField(r.FieldPath("id_number"), "只有自然人有身份证号码");
    p.id_number = CheckIdentifier("id_number", *idn, today, r.FieldPath("id_number"));
  }
  if (p.uscc && p.type != "organization") {
    ThrowInvalidField(r.FieldPath("uscc"), "自然人没有统一社会信用代码");
  }
  p.phone = r.OptString("phone", 32);
  if (p.phone && p.phone->find_first_not_of("0123456789-+ ") != std::string::npos) {
    ThrowInvalidField(r.FieldPath("phone"), "电话号码只能包含数字、空格、+ 和 -");
  }
  p.address = r.OptString("address", 300);
  p.source_system = r.OptString("source_system", 64);
  p.external_id = r.OptString("external_id", 128);
  return p;
}

int64_t FindOrInsertParty(store::WriteContext& ctx, reg::NewParty party, const auth::Actor& actor) {
  auto& conn = ctx.conn();
  if (party.uscc) {
    if (auto id = conn.QueryInt(kPartyByUscc, *party.uscc)) return *id;
  }
  if (party.id_number) {
    if (auto id = conn.QueryInt(kPartyByIdNumber, *party.id_number)) return *id;
  }
  party.uid = NewUuidV7(ctx.now());
  if (actor.who().kind != auth::Principal::Kind::kSystem) party.agency_id = actor.who().agency_id;
  const int64_t id = reg::InsertParty(conn, ctx.now(), party);
  ctx.AppendChange("created", "party", id, party.uid, "{}");
  auto audit = actor.Audit("party.create", "party", id);
  // The audit names the party, not its personal data.
  audit.detail = boost::json::serialize(
      boost::json::object{{"after", {{"type", party.type}, {"name", party.name}}}});
  ctx.AppendAudit(std::move(audit));
  return id;
}

boost::json::object CreateParty(store::WriteContext& ctx, reg::NewParty party,
                                const auth::Actor& actor) {
  auto& conn = ctx.conn();
  if (party.uscc && conn.QueryInt(kPartyByUscc, *party.uscc)) {
    ThrowConflict("该统一社会信用代码已登记，请直接选用已有当事人", "uscc");
  }
  if (party.id_number && conn.QueryInt(kPartyByIdNumber, *party.id_number)) {
    ThrowConflict("该身份证号码已登记，请直接选用已有当事人", "id_number");
  }
  const int64_t id = FindOrInsertParty(ctx, std::move(party), actor);
  std::vector<int64_t> unmasked;
  auto out = GetParty(conn, actor.who(), id, &unmasked);
  // The response shows the personal data just registered: a read like any other.
  if (!unmasked.empty()) ctx.AppendAudit(actor.Audit("pii.read", "party", id));
  return out;
}

boost::json::object GetParty(store::Connection& conn, const auth::Principal& p, int64_t id,
                             std::vector<int64_t>* unmasked) {
  store::Conditions where;
  where.Add("p.id = ?", id);
  AddScope(where, p);
  auto r = conn.QueryV(std::string(kPartyColumns) + where.Where(), where.params());
  if (!r.Next()) ThrowNotFound("当事人不存在或不在您的查看范围内");
  const bool pii = auth::MayReadPartyPii(conn, p, id);
  if (pii && unmasked) unmasked->push_back(id);
  return PartyJson(r, pii);
}

boost::json::object ListParties(store::Connection& conn, const auth::Principal& p,
                                const Params& params, const Date& today,
                                std::vector<int64_t>* unmasked) {
  store::Conditions where;
  AddScope(where, p);
  if (auto type = params.Get("type")) {
    if (!reg::InDict("party_type", *type)) ThrowInvalidField("type", "应为 person 或 organization");
    where.Add("p.type = ?", *type);
  }
  if (auto uscc = params.Get("uscc")) {
    where.Add("p.uscc = ?", CheckIdentifier("uscc", *uscc, today, "uscc"));
  }
  if (auto idn = params.Get("id_number")) {
    where.Add("p.id_number = ?", CheckIdentifier("id_number", *idn, today, "id_number"));
  }
  if (auto q = params.Get("q")) {
    const std::string norm = core::NormalizeName(*q);
    if (core::Bigrams(norm).empty()) ThrowInvalidField("q", "检索词至少需要两个字");
    where.Add("p.name_norm LIKE ? ESCAPE '\\'", reg::LikeContains(norm));
  }
  const bool may_pii = p.Has("party:pii:read");
  return IdPage(conn, kPartyColumns, "p.", std::move(where), params, [&](store::Rows& r) {
    const int64_t id = r.Int(0);
    const bool pii = may_pii && auth::MayReadPartyPii(conn, p, id);
    if (pii && unmasked) unmasked->push_back(id);
    return PartyJson(r, pii);
  });
}

reg::NewIpRight ParseIpRightInput(ObjectReader& r, const Date& today) {
  reg::NewIpRight ip;
  ip.type = r.ReqEnum("type", reg::DictValues("ip_type"));
  ip.title = r.ReqString("title", 300);
  ip.number = r.OptString("number", 64);
  const bool patent = ip.type.rfind("patent_", 0) == 0;
  if (patent) {
    if (!ip.number) ThrowInvalidField(r.FieldPath("number"), "专利须填写申请号");
    ip.number = CheckIdentifier("patent_number", *ip.number, today, r.FieldPath("number"));
    const auto parsed = core::ParsePatentNumber(*ip.number);
    const char* expected = ip.type == "patent_invention"       ? "invention"
                           : ip.type == "patent_utility_model" ? "utility_model"
                                                               : "design";
    std::string_view got = core::PatentTypeName(parsed->type);
    if (got.rfind("pct_", 0) == 0) got.remove_prefix(4);
    if (got != expected) {
      ThrowInvalidField(r.FieldPath("number"), "申请号的专利类型与所选类型不一致");
    }
  } else if (ip.type == "trademark") {
    if (!ip.number || ip.number->empty() || ip.number->size() > 8 ||
        ip.number->find_first_not_of("0123456789") != std::string::npos) {
      ThrowInvalidField(r.FieldPath("number"), "商标注册号应为 1–8 位数字");
    }
  }
  ip.owner_party_id = r.OptInt("owner_party_id", 1);
  ip.nice_class = r.OptInt("nice_class", 1, 45);
  if (ip.type == "trademark" && !ip.nice_class) {
    ThrowInvalidField(r.FieldPath("nice_class"), "商标须填写尼斯分类（1–45）");
  }
  if (ip.nice_class && ip.type != "trademark") {
    ThrowInvalidField(r.FieldPath("nice_class"), "只有商标有尼斯分类");
  }
  if (auto d = r.OptDate("filed_on")) ip.filed_on = d->ToString();
  if (auto d = r.OptDate("granted_on")) ip.granted_on = d->ToString();
  ip.status = r.OptEnum("status", reg::DictValues("ip_status")).value_or("valid");
  ip.area_code = r.OptString("area_code", 6);
  ip.source_system = r.OptString("source_system", 64);
  ip.external_id = r.OptString("external_id", 128);
  return ip;
}

boost::json::object CreateIpRight(store::WriteContext& ctx, reg::NewIpRight right,
                                  const auth::Actor& actor) {
  auto& conn = ctx.conn();
  if (right.owner_party_id && !conn.QueryInt(kPartyExists, *right.owner_party_id)) {
    ThrowInvalidField("owner_party_id", "权利人不存在");
  }
  if (right.number &&
      conn.QueryInt(kIpByNumber, right.type, reg::IpNumberKey(right.type, *right.number))) {
    ThrowConflict("该编号的知识产权已登记", "number");
  }
  right.uid = NewUuidV7(ctx.now());
  const int64_t id = reg::InsertIpRight(conn, ctx.now(), right);
  ctx.AppendChange("created", "ip_right", id, right.uid, "{}");
  auto audit = actor.Audit("ip_right.create", "ip_right", id);
  audit.detail =
      boost::json::serialize(boost::json::object{{"after",
                                                  {{"type", right.type},
                                                   {"number", right.number ? *right.number : ""},
                                                   {"title", right.title}}}});
  ctx.AppendAudit(std::move(audit));
  return GetIpRight(conn, id);
}

boost::json::object GetIpRight(store::Connection& conn, int64_t id) {
  auto r = conn.Query(std::string(kIpColumns) + " WHERE r.id = ?", id);
  if (!r.Next()) ThrowNotFound("知识产权记录不存在");
  return IpJson(r);
}

boost::json::object ListIpRights(store::Connection& conn, const Params& params) {
  store::Conditions where;
  if (auto type = params.Get("type")) {
    if (!reg::InDict("ip_type", *type))
      ThrowInvalidField("type", "类型无效，可选值见 /api/v1/dict");
    where.Add("r.type = ?", *type);
  }
  if (auto owner = ParseIdParam(params, "owner_party_id")) {
    where.Add("r.owner_party_id = ?", *owner);
  }
  if (auto number = params.Get("number")) {
    // Matches whatever the spelling: CN/ZL prefixes, spaces, a missing dot.
    auto parsed = core::ParsePatentNumber(*number);
    where.Add("r.number_norm = ?",
              parsed ? core::FormatPatentNumber(*parsed) : core::CompactCode(*number));
  }
  if (auto q = params.Get("q")) {
    if (core::Bigrams(core::NormalizeName(*q)).empty()) {
      ThrowInvalidField("q", "检索词至少需要两个字");
    }
    where.Add("(r.title LIKE ? ESCAPE '\\' OR r.number LIKE ? ESCAPE '\\')",
              {reg::LikeContains(*q), reg::LikeContains(*q)});
  }
  return IdPage(conn, kIpColumns, "r.", std::move(where), params,
                [](store::Rows& r) { return IpJson(r); });
}

}  // namespace sg::svc
