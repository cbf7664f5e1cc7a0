// Cell readers and party storage shared by the importers (import_rows.h).
#include <cctype>

#include "base/errors.h"
#include "base/uuid.h"
#include "core/text_normalize.h"
#include "core/validation.h"
#include "exchange/columns.h"
#include "exchange/import_rows.h"
#include "register/dict.h"

namespace sg::exch {
namespace {

constexpr std::string_view kPartyByUscc = "SELECT id FROM parties WHERE uscc = ?";
constexpr std::string_view kPartyByIdNumber = "SELECT id FROM parties WHERE id_number = ?";
constexpr std::string_view kInsertImportRecord =
    "INSERT INTO import_records (entity, entity_id, import_id, line) VALUES (?, ?, ?, ?)";

// IEEE doubles hold integers exactly up to 15 significant decimal digits in any case.
constexpr size_t kExactDigits = 15;

bool NumberLostDigits(std::string_view text) {
  if (text.find_first_of("eE") != std::string_view::npos) return true;
  size_t digits = 0;
  for (char c : text) digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
  return digits > kExactDigits;
}

[[noreturn]] void RefuseNumberCell(const std::string& field, const std::string& text) {
  ThrowInvalidField(field, "该单元格是数字格式（" + text +
                               "），Excel 会把长数字改成科学计数法并丢失末位：请把该列设置为“文本”"
                               "格式后重新输入原值再导入");
}

}  // namespace

std::optional<std::string> TextCell(const Cell& c, const std::string& field, size_t max_len) {
  if (c.kind == CellKind::kJson) ThrowInvalidField(field, "应为文本，不能是数组或对象");
  if (c.kind == CellKind::kError) ThrowInvalidField(field, "单元格是公式错误值 " + c.text);
  if (c.kind == CellKind::kNumber && NumberLostDigits(c.text)) RefuseNumberCell(field, c.text);
  std::string t = Trim(c.text);
  if (t.empty()) return std::nullopt;
  if (!core::IsValidUtf8(t)) ThrowInvalidField(field, "不是有效的 UTF-8 文本");
  if (t.size() > max_len) {
    ThrowInvalidField(field, "内容过长，最多 " + std::to_string(max_len) + " 字节");
  }
  return t;
}

std::optional<std::string> CodeCell(const Cell& c, const std::string& field, size_t max_len) {
  if (c.kind == CellKind::kNumber && !c.text.empty()) {
    // A JSON number (NDJSON) is exact; an XLSX number cell of an identifier is not trusted.
    if (NumberLostDigits(c.text) || c.text.find('.') != std::string::npos) {
      RefuseNumberCell(field, c.text);
    }
  }
  return TextCell(c, field, max_len);
}

std::optional<Date> DateCell(const Cell& c, const std::string& field) {
  if (c.kind == CellKind::kDate) return Date::Parse(c.text);
  auto t = TextCell(c, field, 40);
  if (!t) return std::nullopt;
  auto d = ParseDateText(*t);
  if (!d) {
    ThrowInvalidField(field,
                      "日期“" + *t + "”无法识别：请写作 2024-05-20、2024/5/20 或 2024年5月20日");
  }
  return d;
}

std::optional<int64_t> IntCell(const Cell& c, const std::string& field, int64_t min, int64_t max) {
  auto t = TextCell(c, field, 40);
  if (!t) return std::nullopt;
  std::string s = *t;
  // A number cell may read "5000000.0"; a whole number is fine.
  if (const size_t dot = s.find('.');
      dot != std::string::npos && s.find_first_not_of('0', dot + 1) == std::string::npos) {
    s.resize(dot);
  }
  if (s.empty() || s.size() > 18 ||
      s.find_first_not_of("0123456789", s[0] == '-' ? 1 : 0) != std::string::npos) {
    ThrowInvalidField(field, "应为整数，而不是“" + *t + "”");
  }
  const int64_t v = std::stoll(s);
  if (v < min || v > max) {
    ThrowInvalidField(field,
                      "应在 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间");
  }
  return v;
}

std::optional<std::string> EnumCell(const Cell& c, const std::string& field,
                                    std::string_view dict) {
  auto t = TextCell(c, field, 100);
  if (!t) return std::nullopt;
  auto v = ParseDictValue(dict, *t);
  if (!v) {
    std::string allowed;
    for (const auto& e : reg::Dictionary()) {
      if (e.name != dict) continue;
      for (const auto& entry : e.entries) {
        if (!allowed.empty()) allowed += "、";
        allowed += std::string(entry.label);
      }
    }
    ThrowInvalidField(field, "取值“" + *t + "”无效，可选：" + allowed);
  }
  return v;
}

std::string CheckIdentifier(const char* type, const std::string& value, Date today,
                            const std::string& field) {
  if (value.find('*') != std::string::npos) {
    ThrowInvalidField(field, "“" + value +
                                 "”是脱敏后的导出值，不能导入：请由有权查看个人信息的用户导出，"
                                 "或填写完整号码");
  }
  auto res = core::Validate(type, value, {today.year, today.month, today.day});
  if (!res || !res->valid) ThrowInvalidField(field, res ? res->reason : "无法校验");
  return res->normalized;
}

void RecordImported(ImportEnv& env, std::string_view entity, int64_t id, int64_t line) {
  env.ctx.conn().Exec(kInsertImportRecord, entity, id, env.import_id, line);
}

int64_t FindOrStoreParty(ImportEnv& env, reg::NewParty party, int64_t line) {
  auto& conn = env.ctx.conn();
  if (party.uscc) {
    if (auto id = conn.QueryInt(kPartyByUscc, *party.uscc)) return *id;
  }
  if (party.id_number) {
    if (auto id = conn.QueryInt(kPartyByIdNumber, *party.id_number)) return *id;
  }
  if (party.uid.empty()) party.uid = NewUuidV7(env.ctx.now());
  // As parties made through the API: registered to the importer's agency (auth::PartyScope).
  if (env.actor.who().kind != auth::Principal::Kind::kSystem) {
    party.agency_id = env.actor.who().agency_id;
  }
  const int64_t id = reg::InsertParty(conn, env.ctx.now(), party);
  env.ctx.AppendChange("created", "party", id, party.uid, "{}");
  RecordImported(env, "party", id, line);
  return id;
}

}  // namespace sg::exch
