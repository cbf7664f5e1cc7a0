// The column mappings of docs/data-exchange.md: for each entity, its columns with the English API
// field name and the Chinese header (either is accepted in a header row, plus a few common
// synonyms), and the 12315 / 12345 work-order columns. Also the text forms shared by import and
// export: dates, enum labels, and the list cells (tags, parties, IP rights).
//
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/exchange.h"

namespace sg::exch {

struct Column {
  std::string_view name;                  // English field name: the NDJSON key, an accepted header
  std::string_view header;                // Chinese header, written by CSV and XLSX exports
  std::vector<std::string_view> aliases;  // other accepted headers
  std::string_view dict;                  // the dictionary enum of the values, if any
};

// The columns of an entity, in export order.
const std::vector<Column>& Columns(Entity entity);
// The index of the column a header cell names (English, Chinese or alias; spaces, letter case
// and full- or half-width brackets ignored), or nullopt.
std::optional<size_t> FindColumn(const std::vector<Column>& columns, std::string_view header);
// A column's index by English name; the name must exist (programmer error otherwise).
size_t ColumnIndex(Entity entity, std::string_view name);

// The work-order fields of the hotline mappings.
enum class HotlineField {
  kOrderId,      // 工单编号
  kReceivedAt,   // 登记时间 / 受理时间
  kComplainant,  // 诉求人 / 投诉人 / 举报人
  kPhone,        // 联系电话
  kIdNumber,     // 证件号码
  kRespondent,   // 被投诉人 / 被投诉单位
  kUscc,         // 统一社会信用代码
  kContent,      // 诉求内容 / 投诉内容
  kCategory,     // 问题分类 / 诉求类型
  kAgency,       // 处理单位 / 承办单位
  kGoods,        // 商品 / 商品名称: tags
  kTitle,        // 标题 / 工单标题
  kAddress,      // 被投诉人地址
  kBrand,        // 品牌 / 商标: tags, the IP hint
};
inline constexpr size_t kHotlineFieldCount = static_cast<size_t>(HotlineField::kBrand) + 1;
// The canonical Chinese header of a hotline field, for messages.
std::string HotlineFieldName(size_t field);
// The field a hotline header names, or nullopt (other columns are ignored: the platforms' exports
// carry many columns of their own).
std::optional<HotlineField> FindHotlineField(std::string_view header);

// ---- Text forms shared by import and export ----

// A date as files write it: YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, or YYYYMMDD, optionally
// followed by a time ("2024-05-20 10:31:00", as the hotline platforms write): the date part.
std::optional<Date> ParseDateText(std::string_view text);
// A dictionary value from its code or its Chinese label; nullopt when neither.
std::optional<std::string> ParseDictValue(std::string_view dict, std::string_view text);

// List cells: items separated by line breaks, "；" or ";" (tags also by "，" and ","). Empty items
// are dropped.
std::vector<std::string> SplitList(std::string_view cell, bool commas);

// One party of a case's 当事人 cell: "角色:名称" or "角色:名称:证件号码" (":" or "："), the
// identifier a USCC for organisations and an ID number for people.
struct PartyItem {
  std::string role;  // as written (code or label)
  std::string name;
  std::string identifier;  // may be empty
};
// nullopt when the item has no role separator.
std::optional<PartyItem> ParsePartyItem(std::string_view item);
std::string FormatPartyItem(std::string_view role_label, std::string_view name,
                            std::string_view identifier);

// One IP right of a case's 涉案知识产权 cell: "类型:编号", or for a right without a number
// "类型:名称" (exports add ":uid", since names need not be unique).
struct IpItem {
  std::string type;  // as written (code or label)
  std::string number;
  std::string uid;  // may be empty
};
std::optional<IpItem> ParseIpItem(std::string_view item);

// Whether an organisation is likely meant by a name without an identifier (公司, 厂, 店, 中心 …).
bool LooksLikeOrganization(std::string_view name);

// Trims ASCII white space and U+3000 at both ends.
std::string Trim(std::string_view text);

}  // namespace sg::exch
