#include "exchange/columns.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "base/uuid.h"
#include "core/text_normalize.h"
#include "register/dict.h"

namespace sg::exch {
namespace {

// docs/data-exchange.md "Column mapping" lists the same tables.
// Built on first use (a static initialiser that throws could not be caught).
const std::vector<Column>& CaseColumns() {
  static const std::vector<Column> columns = {
      {"uid", "唯一标识", {"UID"}, ""},
      {"source_system", "来源系统", {}, ""},
      {"external_id", "外部编号", {"外部系统编号"}, ""},
      {"case_number", "案号", {}, ""},
      {"kind", "案件类型", {"案件种类"}, "case_kind"},
      {"procedure", "审理程序", {"程序"}, "procedure"},
      {"agency", "承办机构", {"承办单位", "办案机构"}, ""},
      {"title", "案件名称", {"案由", "标题"}, ""},
      {"status", "案件状态", {"状态"}, "case_status"},
      {"received_on", "收案日期", {"受理日期", "登记日期"}, ""},
      {"filed_on", "立案日期", {}, ""},
      {"closed_on", "结案日期", {}, ""},
      {"outcome", "结案方式", {}, "case_outcome"},
      {"claim_amount_fen", "标的额（分）", {"标的额(分)"}, ""},
      {"tags", "标签", {}, ""},
      {"summary", "案情摘要", {"摘要"}, ""},
      {"area_code", "行政区划代码", {}, ""},
      {"parties", "当事人", {}, ""},
      {"ip_rights", "涉案知识产权", {"知识产权"}, ""},
  };
  return columns;
}

// Built on first use (a static initialiser that throws could not be caught).
const std::vector<Column>& PartyColumns() {
  static const std::vector<Column> columns = {
      {"uid", "唯一标识", {"UID"}, ""},
      {"source_system", "来源系统", {}, ""},
      {"external_id", "外部编号", {"外部系统编号"}, ""},
      {"type", "当事人类型", {"类型"}, "party_type"},
      {"name", "名称", {"姓名", "姓名或名称", "当事人名称"}, ""},
      {"uscc", "统一社会信用代码", {"信用代码"}, ""},
      {"id_number", "身份证号码", {"证件号码", "公民身份号码"}, ""},
      {"phone", "联系电话", {"电话", "手机号码"}, ""},
      {"address", "地址", {"住所", "住址"}, ""},
  };
  return columns;
}

// Built on first use (a static initialiser that throws could not be caught).
const std::vector<Column>& IpColumns() {
  static const std::vector<Column> columns = {
      {"uid", "唯一标识", {"UID"}, ""},
      {"source_system", "来源系统", {}, ""},
      {"external_id", "外部编号", {"外部系统编号"}, ""},
      {"type", "权利类型", {"类型"}, "ip_type"},
      {"number", "编号", {"申请号", "专利号", "注册号", "登记号"}, ""},
      {"title", "名称", {"专利名称", "商标名称", "作品名称"}, ""},
      {"owner", "权利人", {"专利权人", "商标注册人"}, ""},
      // Which party, when several share the owner's name: an organisation's USCC (public, so
      // exported; a person's ID number is not).
      {"owner_uscc", "权利人统一社会信用代码", {"权利人信用代码"}, ""},
      {"nice_class", "尼斯分类", {"类别", "商品类别"}, ""},
      {"filed_on", "申请日", {"申请日期"}, ""},
      {"granted_on", "授权日", {"授权公告日", "注册日", "授权日期"}, ""},
      {"status", "法律状态", {"状态"}, "ip_status"},
      {"area_code", "行政区划代码", {}, ""},
  };
  return columns;
}

// Headers compare without spaces, letter case or bracket width: "标的额 (分)" = "标的额（分）".
std::string HeaderKey(std::string_view header) {
  std::string s = core::ToHalfWidth(header);
  std::string out;
  for (char ch : s) {
    if (std::isspace(static_cast<unsigned char>(ch))) continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  return out;
}

struct HotlineName {
  std::string_view header;
  HotlineField field;
};
// The columns the 12315 (全国12315平台) and 12345 (政务服务便民热线) work-order exports use; the
// two platforms name the same facts differently, and both spellings are accepted in either
// mapping.
constexpr HotlineName kHotlineNames[] = {
    {"工单编号", HotlineField::kOrderId},
    {"工单号", HotlineField::kOrderId},
    {"登记编号", HotlineField::kOrderId},
    {"登记时间", HotlineField::kReceivedAt},
    {"受理时间", HotlineField::kReceivedAt},
    {"来电时间", HotlineField::kReceivedAt},
    {"诉求人", HotlineField::kComplainant},
    {"投诉人", HotlineField::kComplainant},
    {"举报人", HotlineField::kComplainant},
    {"来电人", HotlineField::kComplainant},
    {"联系电话", HotlineField::kPhone},
    {"来电号码", HotlineField::kPhone},
    {"证件号码", HotlineField::kIdNumber},
    {"身份证号码", HotlineField::kIdNumber},
    {"被投诉人", HotlineField::kRespondent},
    {"被投诉单位", HotlineField::kRespondent},
    {"被举报人", HotlineField::kRespondent},
    {"被举报单位", HotlineField::kRespondent},
    {"被诉求对象", HotlineField::kRespondent},
    {"统一社会信用代码", HotlineField::kUscc},
    {"被投诉人统一社会信用代码", HotlineField::kUscc},
    {"诉求内容", HotlineField::kContent},
    {"投诉内容", HotlineField::kContent},
    {"举报内容", HotlineField::kContent},
    {"来电内容", HotlineField::kContent},
    {"问题分类", HotlineField::kCategory},
    {"诉求类型", HotlineField::kCategory},
    {"工单类型", HotlineField::kCategory},
    {"处理单位", HotlineField::kAgency},
    {"承办单位", HotlineField::kAgency},
    {"办理单位", HotlineField::kAgency},
    {"商品", HotlineField::kGoods},
    {"商品名称", HotlineField::kGoods},
    {"品牌", HotlineField::kBrand},
    {"商标", HotlineField::kBrand},
    {"标题", HotlineField::kTitle},
    {"工单标题", HotlineField::kTitle},
    {"被投诉人地址", HotlineField::kAddress},
    {"被投诉单位地址", HotlineField::kAddress},
};

// Splits `s` at any of `seps` (UTF-8 strings).
std::vector<std::string> SplitAny(std::string_view s, const std::vector<std::string_view>& seps) {
  std::vector<std::string> out;
  size_t start = 0;
  size_t i = 0;
  while (i <= s.size()) {
    size_t matched = 0;
    if (i < s.size()) {
      for (auto sep : seps) {
        if (s.substr(i, sep.size()) == sep) {
          matched = sep.size();
          break;
        }
      }
    }
    if (i == s.size() || matched) {
      std::string item = Trim(s.substr(start, i - start));
      if (!item.empty()) out.push_back(std::move(item));
      if (i == s.size()) break;
      i += matched;
      start = i;
    } else {
      ++i;
    }
  }
  return out;
}

// The position and length of the first ":" or "：" in `s` from `from`, or npos.
std::pair<size_t, size_t> FindColon(std::string_view s, size_t from = 0) {
  const size_t a = s.find(':', from);
  const size_t b = s.find("：", from);
  if (a == std::string_view::npos && b == std::string_view::npos)
    return {std::string_view::npos, 0};
  if (b == std::string_view::npos || (a != std::string_view::npos && a < b)) return {a, 1};
  return {b, 3};
}

std::pair<size_t, size_t> FindLastColon(std::string_view s) {
  const size_t a = s.rfind(':');
  const size_t b = s.rfind("：");
  if (a == std::string_view::npos && b == std::string_view::npos)
    return {std::string_view::npos, 0};
  if (b == std::string_view::npos || (a != std::string_view::npos && a > b)) return {a, 1};
  return {b, 3};
}

int ParseNumber(std::string_view s) {
  if (s.empty() || s.size() > 4) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

const std::vector<Column>& Columns(Entity entity) {
  switch (entity) {
    case Entity::kCases:
      return CaseColumns();
    case Entity::kParties:
      return PartyColumns();
    case Entity::kIpRights:
      return IpColumns();
  }
  return CaseColumns();
}

std::optional<size_t> FindColumn(const std::vector<Column>& columns, std::string_view header) {
  // Each table's accepted headers, normalised once.
  using Index = std::map<std::string, size_t, std::less<>>;
  static const std::map<const std::vector<Column>*, Index> indexes = [] {
    std::map<const std::vector<Column>*, Index> all;
    for (const auto* table : {&CaseColumns(), &PartyColumns(), &IpColumns()}) {
      Index& index = all[table];
      for (size_t i = 0; i < table->size(); ++i) {
        const Column& c = (*table)[i];
        index.emplace(HeaderKey(c.name), i);
        index.emplace(HeaderKey(c.header), i);
        for (auto alias : c.aliases) index.emplace(HeaderKey(alias), i);
      }
    }
    return all;
  }();
  const auto table = indexes.find(&columns);
  if (table == indexes.end()) return std::nullopt;
  const auto it = table->second.find(HeaderKey(header));
  if (it == table->second.end()) return std::nullopt;
  return it->second;
}

size_t ColumnIndex(Entity entity, std::string_view name) {
  const auto& cols = Columns(entity);
  for (size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].name == name) return i;
  }
  throw std::logic_error("no column " + std::string(name));
}

std::optional<HotlineField> FindHotlineField(std::string_view header) {
  const std::string key = HeaderKey(header);
  for (const auto& h : kHotlineNames) {
    if (key == HeaderKey(h.header)) return h.field;
  }
  return std::nullopt;
}

std::string HotlineFieldName(size_t field) {
  static constexpr std::string_view kNames[] = {
      "工单编号",         "登记时间", "诉求人",   "联系电话", "证件号码", "被投诉人",
      "统一社会信用代码", "诉求内容", "问题分类", "处理单位", "商品",     "标题",
      "被投诉人地址",     "品牌"};
  return field < std::size(kNames) ? std::string(kNames[field]) : "#" + std::to_string(field);
}

std::string Trim(std::string_view text) {
  auto is_space = [&](size_t pos, bool back) -> size_t {
    if (back) {
      if (pos >= 1 && std::isspace(static_cast<unsigned char>(text[pos - 1]))) return 1;
      if (pos >= 3 && text.substr(pos - 3, 3) == "\u3000") return 3;
    } else {
      if (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) return 1;
      if (text.substr(pos, 3) == "\u3000") return 3;
    }
    return 0;
  };
  size_t b = 0, e = text.size();
  while (b < e) {
    const size_t n = is_space(b, false);
    if (!n) break;
    b += n;
  }
  while (e > b) {
    const size_t n = is_space(e, true);
    if (!n) break;
    e -= n;
  }
  return std::string(text.substr(b, e - b));
}

std::optional<Date> ParseDateText(std::string_view text) {
  std::string s = Trim(text);
  // A time after the date ("2024-05-20 10:31:00", "2024-05-20T10:31"): the date part.
  const size_t space = s.find_first_of(" T");
  if (space != std::string::npos && space >= 8) s.resize(space);
  int y = -1, m = -1, d = -1;
  if (s.size() == 8 && ParseNumber(s.substr(0, 4)) >= 0 &&
      s.find_first_not_of("0123456789") == std::string::npos) {
    y = ParseNumber(s.substr(0, 4));
    m = ParseNumber(s.substr(4, 2));
    d = ParseNumber(s.substr(6, 2));
  } else if (s.find("年") != std::string::npos) {
    const size_t yp = s.find("年");
    const size_t mp = s.find("月", yp);
    const size_t dp = s.find("日", mp == std::string::npos ? yp : mp);
    if (mp == std::string::npos || dp == std::string::npos || dp + 3 != s.size())
      return std::nullopt;
    y = ParseNumber(s.substr(0, yp));
    m = ParseNumber(s.substr(yp + 3, mp - yp - 3));
    d = ParseNumber(s.substr(mp + 3, dp - mp - 3));
  } else {
    const char sep = s.find('-') != std::string::npos   ? '-'
                     : s.find('/') != std::string::npos ? '/'
                                                        : '.';
    const size_t a = s.find(sep);
    const size_t b = a == std::string::npos ? a : s.find(sep, a + 1);
    if (b == std::string::npos || s.find(sep, b + 1) != std::string::npos) return std::nullopt;
    y = ParseNumber(s.substr(0, a));
    m = ParseNumber(s.substr(a + 1, b - a - 1));
    d = ParseNumber(s.substr(b + 1));
  }
  if (y < 1000 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > DaysInMonth(y, m)) return std::nullopt;
  return Date{y, m, d};
}

std::optional<std::string> ParseDictValue(std::string_view dict, std::string_view text) {
  const std::string t = Trim(text);
  if (reg::InDict(dict, t)) return t;
  for (const auto& e : reg::Dictionary()) {
    if (e.name != dict) continue;
    for (const auto& entry : e.entries) {
      if (entry.label == t) return std::string(entry.value);
    }
  }
  return std::nullopt;
}

std::vector<std::string> SplitList(std::string_view cell, bool commas) {
  std::vector<std::string_view> seps{"\r\n", "\n", "\r", "；", ";"};
  if (commas) {
    seps.push_back("，");
    seps.push_back(",");
  }
  return SplitAny(cell, seps);
}

std::optional<PartyItem> ParsePartyItem(std::string_view item) {
  const auto [first, first_len] = FindColon(item);
  if (first == std::string_view::npos) return std::nullopt;
  PartyItem p;
  p.role = Trim(item.substr(0, first));
  std::string_view rest = item.substr(first + first_len);
  // The identifier is the text after the last colon when it looks like one (15 to 18 letters and
  // digits); a name may itself hold a colon.
  const auto [last, last_len] = FindLastColon(rest);
  if (last != std::string_view::npos) {
    const std::string tail = core::CompactCode(rest.substr(last + last_len));
    const bool code =
        tail.size() >= 15 && tail.size() <= 20 && std::all_of(tail.begin(), tail.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '*';
        });
    if (code || tail.empty()) {
      p.identifier = Trim(rest.substr(last + last_len));
      rest = rest.substr(0, last);
    }
  }
  p.name = Trim(rest);
  return p;
}

std::string FormatPartyItem(std::string_view role_label, std::string_view name,
                            std::string_view identifier) {
  std::string out(role_label);
  out += ':';
  out += name;
  if (!identifier.empty()) {
    out += ':';
    out += identifier;
  }
  return out;
}

std::optional<IpItem> ParseIpItem(std::string_view item) {
  const auto [pos, len] = FindColon(item);
  if (pos == std::string_view::npos) return std::nullopt;
  IpItem ip{Trim(item.substr(0, pos)), Trim(item.substr(pos + len)), {}};
  // A trailing ":<uuid>" names the right exactly.
  constexpr size_t kUuidLen = 36;
  if (ip.number.size() > kUuidLen + 1 && ip.number[ip.number.size() - kUuidLen - 1] == ':' &&
      IsUuid(std::string_view(ip.number).substr(ip.number.size() - kUuidLen))) {
    ip.uid = ip.number.substr(ip.number.size() - kUuidLen);
    ip.number = Trim(std::string_view(ip.number).substr(0, ip.number.size() - kUuidLen - 1));
  }
  return ip;
}

bool LooksLikeOrganization(std::string_view name) {
  static constexpr std::string_view kMarks[] = {
      "公司", "厂",   "店",   "中心", "协会",   "合作社", "事务所", "研究所", "研究院",
      "商行", "集团", "银行", "学校", "大学",   "学院",   "医院",   "委员会", "局",
      "馆",   "部",   "超市", "商场", "工作室", "经营部", "门市"};
  return std::any_of(std::begin(kMarks), std::end(kMarks),
                     [&](std::string_view m) { return name.find(m) != std::string_view::npos; });
}

}  // namespace sg::exch
