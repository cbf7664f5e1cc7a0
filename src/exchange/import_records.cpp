// Importing parties and IP rights with the API's validation (service/parties.h): a row that
// matches a stored record by uid, (source_system, external_id) or its identifier is unchanged.
#include <boost/json/serialize.hpp>

#include "base/errors.h"
#include "base/uuid.h"
#include "core/patent_number.h"
#include "core/text_normalize.h"
#include "exchange/columns.h"
#include "exchange/import_rows.h"
#include "service/field_checks.h"

namespace sg::exch {
namespace {

constexpr std::string_view kPartyByUid = "SELECT id FROM parties WHERE uid = ?";
constexpr std::string_view kPartyByExternal =
    "SELECT id FROM parties WHERE source_system = ? AND external_id = ?";
constexpr std::string_view kPartyByUscc = "SELECT id FROM parties WHERE uscc = ?";
constexpr std::string_view kPartyNameByUscc =
    "SELECT id, name, name_norm FROM parties WHERE uscc = ?";
constexpr std::string_view kPartyByIdNumber = "SELECT id FROM parties WHERE id_number = ?";
// The exact name through the index of its normalised form (a name alone is not indexed: the
// owners of 250,000 IP rights were 250,000 scans of the parties).
constexpr std::string_view kPartyByExactName =
    "SELECT id FROM parties WHERE name_norm = ? AND name = ? LIMIT 2";
constexpr std::string_view kPartyByName = "SELECT id FROM parties WHERE name_norm = ? LIMIT 2";
constexpr std::string_view kIpByUid = "SELECT id FROM ip_rights WHERE uid = ?";
constexpr std::string_view kIpByExternal =
    "SELECT id FROM ip_rights WHERE source_system = ? AND external_id = ?";
constexpr std::string_view kIpByNumber =
    "SELECT id FROM ip_rights WHERE type = ? AND number_norm = ?";

// The columns of each entity, by English name, resolved once.
struct Cols {
  explicit Cols(Entity e) : entity(e) {}
  Entity entity;
  size_t operator()(std::string_view name) const { return ColumnIndex(entity, name); }
};

SourceSpec SpecOf(Entity entity) {
  SourceSpec s;
  s.fields = Columns(entity).size();
  s.resolve = [entity](std::string_view h) { return FindColumn(Columns(entity), h); };
  s.field_name = [entity](size_t i) { return std::string(Columns(entity)[i].name); };
  return s;
}

// uid, source_system and external_id, common to both entities.
struct Keys {
  std::string uid;
  std::optional<std::string> source_system, external_id;
};

Keys ReadKeys(const SourceRow& row, Entity entity, const ImportOptions& options) {
  const Cols col(entity);
  Keys k;
  if (auto uid = CodeCell(row.cells[col("uid")], "uid", 64)) {
    if (!IsUuid(*uid)) ThrowInvalidField("uid", "唯一标识应为小写的 UUID（8-4-4-4-12）");
    k.uid = *uid;
  }
  k.source_system = TextCell(row.cells[col("source_system")], "source_system", 64);
  if (!k.source_system) k.source_system = options.source_system;
  k.external_id = CodeCell(row.cells[col("external_id")], "external_id", 128);
  if (k.external_id && !k.source_system) {
    ThrowInvalidField("source_system",
                      "填写外部编号时须同时填写来源系统（或导入时指定 source_system）");
  }
  if (!k.external_id) k.source_system.reset();
  return k;
}

class PartyImporter final : public RowImporter {
 public:
  explicit PartyImporter(ImportEnv& env) : env_(env), col_(Entity::kParties) {}
  SourceSpec Spec() const override { return SpecOf(Entity::kParties); }

  RowOutcome Import(const SourceRow& row) override {
    const Date today = env_.clock.today;
    const auto& cells = row.cells;
    const Keys keys = ReadKeys(row, Entity::kParties, env_.options);
    reg::NewParty p;
    p.uid = keys.uid;
    p.source_system = keys.source_system;
    p.external_id = keys.external_id;
    auto name = TextCell(cells[col_("name")], "name", 300);
    if (!name) ThrowInvalidField("name", "名称不能为空");
    p.name = *name;
    if (auto uscc = CodeCell(cells[col_("uscc")], "uscc", 64)) {
      p.uscc = CheckIdentifier("uscc", *uscc, today, "uscc");
    }
    if (auto idn = CodeCell(cells[col_("id_number")], "id_number", 64)) {
      p.id_number = CheckIdentifier("id_number", *idn, today, "id_number");
    }
    auto type = EnumCell(cells[col_("type")], "type", "party_type");
    p.type = type                            ? *type
             : p.uscc                        ? "organization"
             : p.id_number                   ? "person"
             : LooksLikeOrganization(p.name) ? "organization"
                                             : "person";
    if (p.id_number && p.type != "person") ThrowInvalidField("id_number", "只有自然人有身份证号码");
    if (p.uscc && p.type != "organization") {
      ThrowInvalidField("uscc", "自然人没有统一社会信用代码");
    }
    p.phone = CodeCell(cells[col_("phone")], "phone", 32);
    if (p.phone && p.phone->find('*') != std::string::npos) {
      ThrowInvalidField("phone", "“" + *p.phone + "”是脱敏后的导出值，不能导入");
    }
    if (p.phone && p.phone->find_first_not_of("0123456789-+ ") != std::string::npos) {
      ThrowInvalidField("phone", "电话号码只能包含数字、空格、+ 和 -");
    }
    p.address = TextCell(cells[col_("address")], "address", 300);
    if (p.uid.empty() && !p.external_id && !p.uscc && !p.id_number) {
      ThrowInvalidField("external_id",
                        "须填写统一社会信用代码、身份证号码、外部编号（及来源系统）或唯一标识之一，"
                        "重复导入时据此识别同一当事人");
    }
    auto& conn = env_.ctx.conn();
    if ((!p.uid.empty() && conn.QueryInt(kPartyByUid, p.uid)) ||
        (p.external_id && conn.QueryInt(kPartyByExternal, *p.source_system, *p.external_id)) ||
        (p.uscc && conn.QueryInt(kPartyByUscc, *p.uscc)) ||
        (p.id_number && conn.QueryInt(kPartyByIdNumber, *p.id_number))) {
      return RowOutcome::kUnchanged;
    }
    FindOrStoreParty(env_, std::move(p), row.line);
    return RowOutcome::kStored;
  }

 private:
  ImportEnv& env_;
  Cols col_;
};

class IpRightImporter final : public RowImporter {
 public:
  explicit IpRightImporter(ImportEnv& env) : env_(env), col_(Entity::kIpRights) {}
  SourceSpec Spec() const override { return SpecOf(Entity::kIpRights); }

  RowOutcome Import(const SourceRow& row) override {
    const Date today = env_.clock.today;
    const auto& cells = row.cells;
    const Keys keys = ReadKeys(row, Entity::kIpRights, env_.options);
    reg::NewIpRight ip;
    ip.uid = keys.uid;
    ip.source_system = keys.source_system;
    ip.external_id = keys.external_id;
    auto type = EnumCell(cells[col_("type")], "type", "ip_type");
    if (!type) ThrowInvalidField("type", "权利类型不能为空");
    ip.type = *type;
    auto title = TextCell(cells[col_("title")], "title", 300);
    if (!title) ThrowInvalidField("title", "名称不能为空");
    ip.title = *title;
    ip.number = CodeCell(cells[col_("number")], "number", 64);
    // The rules of POST /api/v1/ip-rights (service/parties.cpp ParseIpRightInput).
    if (ip.type.rfind("patent_", 0) == 0) {
      if (!ip.number) ThrowInvalidField("number", "专利须填写申请号");
      ip.number = CheckIdentifier("patent_number", *ip.number, today, "number");
      const auto parsed = core::ParsePatentNumber(*ip.number);
      const char* expected = ip.type == "patent_invention"       ? "invention"
                             : ip.type == "patent_utility_model" ? "utility_model"
                                                                 : "design";
      std::string_view got = core::PatentTypeName(parsed->type);
      if (got.rfind("pct_", 0) == 0) got.remove_prefix(4);
      if (got != expected) ThrowInvalidField("number", "申请号的专利类型与所选类型不一致");
    } else if (ip.type == "trademark") {
      if (!ip.number || ip.number->size() > 8 ||
          ip.number->find_first_not_of("0123456789") != std::string::npos) {
        ThrowInvalidField("number", "商标注册号应为 1–8 位数字");
      }
    }
    ip.nice_class = IntCell(cells[col_("nice_class")], "nice_class", 1, 45);
    if (ip.type == "trademark" && !ip.nice_class) {
      ThrowInvalidField("nice_class", "商标须填写尼斯分类（1–45）");
    }
    if (ip.nice_class && ip.type != "trademark") {
      ThrowInvalidField("nice_class", "只有商标有尼斯分类");
    }
    if (auto d = DateCell(cells[col_("filed_on")], "filed_on")) ip.filed_on = d->ToString();
    if (auto d = DateCell(cells[col_("granted_on")], "granted_on")) ip.granted_on = d->ToString();
    ip.status = EnumCell(cells[col_("status")], "status", "ip_status").value_or("valid");
    ip.area_code = CodeCell(cells[col_("area_code")], "area_code", 6);
    svc::CheckAreaCode(ip.area_code, "area_code");
    if (ip.uid.empty() && !ip.external_id && !ip.number) {
      ThrowInvalidField(
          "external_id",
          "须填写编号、外部编号（及来源系统）或唯一标识之一，重复导入时据此识别同一权利");
    }
    auto& conn = env_.ctx.conn();
    if ((!ip.uid.empty() && conn.QueryInt(kIpByUid, ip.uid)) ||
        (ip.external_id && conn.QueryInt(kIpByExternal, *ip.source_system, *ip.external_id)) ||
        (ip.number && conn.QueryInt(kIpByNumber, ip.type, reg::IpNumberKey(ip.type, *ip.number)))) {
      return RowOutcome::kUnchanged;
    }
    const auto owner = TextCell(cells[col_("owner")], "owner", 300);
    if (auto uscc = CodeCell(cells[col_("owner_uscc")], "owner_uscc", 64)) {
      // The owner by its USCC: one party, whatever others share its name.
      const std::string code = CheckIdentifier("uscc", *uscc, today, "owner_uscc");
      auto r = conn.Query(kPartyNameByUscc, code);
      if (!r.Next()) {
        ThrowInvalidField("owner_uscc", "统一社会信用代码为 " + code +
                                            " 的当事人尚未登记：请先导入当事人（entity=parties）");
      }
      if (owner && core::NormalizeName(*owner) != r.Text(2)) {
        ThrowInvalidField("owner_uscc", "该信用代码登记的当事人是“" + r.Str(1) + "”，与权利人“" +
                                            *owner + "”不符");
      }
      ip.owner_party_id = r.Int(0);
    } else if (owner) {
      // The name as written first (有限公司 and 有限责任公司 are different companies here), then
      // the normalised name (spaces, brackets, width).
      std::vector<int64_t> ids;
      const std::string norm = core::NormalizeName(*owner);
      for (auto r = conn.Query(kPartyByExactName, norm, *owner); r.Next();) ids.push_back(r.Int(0));
      if (ids.empty()) {
        for (auto r = conn.Query(kPartyByName, norm); r.Next();) {
          ids.push_back(r.Int(0));
        }
      }
      if (ids.empty()) {
        ThrowInvalidField("owner",
                          "权利人“" + *owner + "”尚未登记：请先导入当事人（entity=parties）");
      }
      if (ids.size() > 1)
        ThrowInvalidField("owner", "有多个当事人名为“" + *owner + "”，无法确定权利人");
      ip.owner_party_id = ids[0];
    }
    if (ip.uid.empty()) ip.uid = NewUuidV7(env_.ctx.now());
    const int64_t id = reg::InsertIpRight(conn, env_.ctx.now(), ip);
    env_.ctx.AppendChange("created", "ip_right", id, ip.uid, "{}");
    RecordImported(env_, "ip_right", id, row.line);
    return RowOutcome::kStored;
  }

 private:
  ImportEnv& env_;
  Cols col_;
};

}  // namespace

std::unique_ptr<RowImporter> MakePartyImporter(ImportEnv& env) {
  return std::make_unique<PartyImporter>(env);
}

std::unique_ptr<RowImporter> MakeIpRightImporter(ImportEnv& env) {
  return std::make_unique<IpRightImporter>(env);
}

}  // namespace sg::exch
