#include "service/paging.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "base/errors.h"
#include "register/dict.h"

namespace sg::svc {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64Url(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buf = (buf << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64[(buf >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kB64[(buf << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::string> UnBase64Url(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = std::char_traits<char>::find(kB64, 64, c);
    if (!p) return std::nullopt;
    buf = (buf << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buf >> bits) & 0xFF));
    }
  }
  return out;
}

std::optional<int64_t> ToInt(const std::string& s) {
  int64_t v = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

int64_t ParseLimit(const Params& params, int64_t def, int64_t max) {
  auto s = params.Get("limit");
  if (!s) return def;
  auto v = ToInt(*s);
  if (!v || *v < 1 || *v > max) {
    ThrowInvalidField("limit", "应为 1–" + std::to_string(max) + " 之间的整数");
  }
  return *v;
}

std::optional<int64_t> ParseIdParam(const Params& params, const char* name) {
  auto s = params.Get(name);
  if (!s) return std::nullopt;
  auto v = ToInt(*s);
  if (!v || *v < 1) ThrowInvalidField(name, "应为正整数编号");
  return v;
}

bool ParseBoolParam(const Params& params, const char* name) {
  const auto v = params.Get(name);
  if (!v || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1" || v->empty()) return true;
  ThrowInvalidField(name, "应为 true 或 false");
}

std::optional<Date> ParseDateParam(const Params& params, const char* name) {
  const auto v = params.Get(name);
  if (!v) return std::nullopt;
  const auto d = Date::Parse(*v);
  if (!d) ThrowInvalidField(name, "应为有效日期，格式 YYYY-MM-DD");
  return d;
}

boost::json::object IdPage(store::Connection& conn, std::string_view select, std::string_view alias,
                           store::Conditions where, const Params& query,
                           const std::function<boost::json::object(store::Rows&)>& to_json) {
  const int64_t limit = ParseLimit(query, 50, 500);
  int64_t total = 0;
  {
    auto r = conn.QueryV(
        "SELECT COUNT(*)" + std::string(select.substr(select.find(" FROM "))) + where.Where(),
        where.params());
    if (r.Next()) total = r.Int(0);
  }
  const std::string id_col = std::string(alias) + "id";
  if (auto cursor = query.Get("cursor")) {
    auto after = DecodeIdCursor(*cursor);
    if (!after) ThrowInvalidField("cursor", "分页游标无效，请从第一页重新查询");
    where.Add(id_col + " > ?", *after);
  }
  std::vector<store::Param> params = where.params();
  params.emplace_back(limit + 1);
  boost::json::array items;
  bool more = false;
  {
    auto r = conn.QueryV(std::string(select) + where.Where() + " ORDER BY " + id_col + " LIMIT ?",
                         params);
    while (r.Next()) {
      if (static_cast<int64_t>(items.size()) == limit) {
        more = true;
        break;
      }
      items.emplace_back(to_json(r));
    }
  }
  boost::json::object out;
  out["next_cursor"] =
      more ? boost::json::value(EncodeIdCursor(items.back().as_object().at("id").as_int64()))
           : nullptr;
  out["items"] = std::move(items);
  out["total"] = total;
  return out;
}

std::string EncodeCursor(const boost::json::value& v) {
  return Base64Url(boost::json::serialize(v));
}

std::optional<boost::json::value> DecodeCursor(const std::string& cursor) {
  auto raw = UnBase64Url(cursor);
  if (!raw) return std::nullopt;
  boost::system::error_code ec;
  auto v = boost::json::parse(*raw, ec);
  if (ec) return std::nullopt;
  return v;
}

std::string EncodeIdCursor(int64_t id) { return EncodeCursor(boost::json::object{{"id", id}}); }

std::optional<int64_t> DecodeIdCursor(const std::string& cursor) {
  auto v = DecodeCursor(cursor);
  if (!v || !v->is_object()) return std::nullopt;
  auto* id = v->as_object().if_contains("id");
  if (!id || !id->is_int64()) return std::nullopt;
  return id->as_int64();
}

void AddHolderFilters(store::Connection& conn, const Params& params, store::Conditions& f) {
  static constexpr std::string_view kAgencyPath = "SELECT path FROM agencies WHERE id = ?";
  if (auto agency = ParseIdParam(params, "agency_id")) {
    if (ParseBoolParam(params, "include_sub")) {
      auto r = conn.Query(kAgencyPath, *agency);
      if (!r.Next()) ThrowInvalidField("agency_id", "机构不存在");
      f.Add("c.agency_id IN (SELECT id FROM agencies WHERE path LIKE ?)", r.Str(0) + "%");
    } else {
      f.Add("c.agency_id = ?", *agency);
    }
  }
  if (auto kind = params.Get("kind")) {
    if (!reg::InDict("case_kind", *kind)) ThrowInvalidField("kind", "案件类型无效");
    f.Add("c.kind = ?", *kind);
  }
}

}  // namespace sg::svc
