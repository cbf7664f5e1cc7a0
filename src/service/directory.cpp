#include "service/directory.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "auth/scope.h"
#include "base/errors.h"
#include "base/json_util.h"
#include "base/uuid.h"
#include "core/case_number.h"
#include "register/case_numbers.h"
#include "register/dict.h"
#include "register/records.h"
#include "register/search.h"
#include "service/case_json.h"
#include "service/field_checks.h"
#include "service/paging.h"

namespace sg::svc {
namespace {

constexpr std::string_view kAgencies =
    "SELECT id, uid, parent_id, path, name, abbr, type, court_level, court_code, area_code, "
    "case_number_template FROM agencies";
constexpr std::string_view kAgencyPath = "SELECT path FROM agencies WHERE id = ?";
constexpr std::string_view kUsers =
    "SELECT u.id, u.uid, u.username, u.display_name, u.agency_id, a.name, u.title, r.code, "
    "r.name, u.disabled, u.locked_until, u.totp_enabled, u.last_login_at FROM users u "
    "JOIN agencies a ON a.id = u.agency_id LEFT JOIN roles r ON r.id = u.role_id";

boost::json::object AgencyJson(store::Rows& r) {
  boost::json::object o;
  o["id"] = r.Int(0);
  o["uid"] = r.Text(1);
  o["parent_id"] = IntOrNull(r, 2);
  const std::string_view path = r.Text(3);
  o["depth"] = static_cast<int64_t>(std::count(path.begin(), path.end(), '/')) - 2;
  o["name"] = r.Text(4);
  o["abbr"] = r.Text(5);
  o["type"] = r.Text(6);
  o["court_level"] = TextOrNull(r, 7);
  o["court_code"] = TextOrNull(r, 8);
  o["area_code"] = TextOrNull(r, 9);
  o["case_number_template"] = TextOrNull(r, 10);
  return o;
}

}  // namespace

boost::json::object ListAgencies(store::Connection& conn) {
  boost::json::array items;
  auto r = conn.Query(std::string(kAgencies) + " ORDER BY path");
  while (r.Next()) items.emplace_back(AgencyJson(r));
  const auto total = static_cast<int64_t>(items.size());
  return {{"items", std::move(items)}, {"next_cursor", nullptr}, {"total", total}};
}

boost::json::object GetAgency(store::Connection& conn, int64_t id) {
  auto r = conn.Query(std::string(kAgencies) + " WHERE id = ?", id);
  if (!r.Next()) ThrowNotFound("机构不存在");
  return AgencyJson(r);
}

boost::json::object CreateAgency(store::WriteContext& ctx, const boost::json::value& body,
                                 const auth::Actor& actor) {
  ObjectReader r(body.as_object());
  reg::NewAgency a;
  a.name = r.ReqString("name", 200);
  a.abbr = r.ReqString("abbr", 60);
  a.type = r.ReqEnum("type", reg::DictValues("agency_type"));
  a.parent_id = r.OptInt("parent_id", 1);
  a.court_level = r.OptEnum("court_level", reg::DictValues("court_level"));
  a.court_code = r.OptString("court_code", 32);
  a.area_code = r.OptString("area_code", 6);
  a.case_number_template = r.OptString("case_number_template", 200);
  r.Finish();
  if (a.type == "court") {
    if (!a.court_level) ThrowInvalidField("court_level", "法院须填写审级");
    if (!a.court_code) ThrowInvalidField("court_code", "法院须填写法院代字，如 晋07");
    // The code must give a valid number: check it through the case-number parser.
    core::CaseNumber probe{2024, *a.court_code, "知", "民初", 1, false};
    if (!core::ParseCaseNumber(core::FormatCaseNumber(probe))) {
      ThrowInvalidField("court_code", "法院代字无效，应如 晋、晋07 或 晋0702");
    }
  } else {
    if (a.court_level) ThrowInvalidField("court_level", "只有法院有审级");
    if (a.court_code) ThrowInvalidField("court_code", "只有法院有法院代字");
  }
  CheckAreaCode(a.area_code, "area_code");
  if (a.case_number_template &&
      !reg::RenderCaseNumberTemplate(*a.case_number_template, a.abbr, "处", 2024, 1)) {
    ThrowInvalidField("case_number_template",
                      "模板只能使用 {agency_abbr} {kind_abbr} {year} {seq}，且须包含 {seq}");
  }
  if (a.parent_id) {
    auth::RequireAgencyInScope(ctx.conn(), actor.who(), *a.parent_id, "parent_id");
  } else if (actor.who().kind != auth::Principal::Kind::kSystem &&
             actor.who().scope != auth::DataScope::kAll) {
    throw ApiError(ErrorCode::kForbidden, "只有全部数据范围的管理员可以创建顶级机构", "parent_id");
  }
  a.uid = NewUuidV7(ctx.now());
  const int64_t id = reg::InsertAgency(ctx.conn(), ctx.now(), a);
  auto out = GetAgency(ctx.conn(), id);
  // The whole agency: a federated instance mirrors it by uid (federation/apply.h).
  ctx.AppendChange("created", "agency", id, a.uid, boost::json::serialize(out));
  auto audit = actor.Audit("agency.create", "agency", id);
  audit.detail = boost::json::serialize(boost::json::object{{"before", nullptr}, {"after", out}});
  ctx.AppendAudit(std::move(audit));
  return out;
}

boost::json::object ListUsers(store::Connection& conn, const auth::Principal& p,
                              const Params& params, TimestampMs now) {
  store::Conditions where;
  const auth::SqlCondition scope = auth::AgencyScope(p, "u.agency_id");
  where.Add(scope.sql, scope.params);  // nothing when the scope is every agency
  if (auto agency = ParseIdParam(params, "agency_id")) {
    if (ParseBoolParam(params, "include_sub")) {
      auto rows = conn.Query(kAgencyPath, *agency);
      if (!rows.Next()) ThrowInvalidField("agency_id", "机构不存在");
      where.Add("a.path LIKE ?", rows.Str(0) + "%");
    } else {
      where.Add("u.agency_id = ?", *agency);
    }
  }
  if (auto role = params.Get("role")) {
    if (!conn.QueryInt("SELECT COUNT(*) FROM roles WHERE code = ?", *role).value_or(0)) {
      ThrowInvalidField("role", "角色不存在");
    }
    where.Add("r.code = ?", *role);
  }
  // disabled: locked by an administrator; locked: too many failed logins, until locked_until.
  if (auto status = params.Get("status")) {
    if (*status == "active") {
      where.Add("u.disabled = 0 AND (u.locked_until IS NULL OR u.locked_until <= ?)", now);
    } else if (*status == "disabled") {
      where.Add("u.disabled <> 0");
    } else if (*status == "locked") {
      where.Add("u.disabled = 0 AND u.locked_until > ?", now);
    } else {
      ThrowInvalidField("status", "应为 active、disabled 或 locked");
    }
  }
  // Any part of the login name, the name or the title; ASCII letters in either case.
  if (auto q = params.Get("q")) {
    if (q->empty() || q->size() > 100) ThrowInvalidField("q", "检索词应为 1–100 个字节");
    std::string lower = *q;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) {
      return static_cast<char>(ch < 0x80 ? std::tolower(ch) : ch);
    });
    const std::string like = reg::LikeContains(lower);
    where.Add(
        "(lower(u.username) LIKE ? ESCAPE '\\' OR lower(u.display_name) LIKE ? ESCAPE '\\' OR "
        "lower(COALESCE(u.title, '')) LIKE ? ESCAPE '\\')",
        {like, like, like});
  }
  return IdPage(conn, kUsers, "u.", std::move(where), params, [](store::Rows& r) {
    boost::json::object o;
    o["id"] = r.Int(0);
    o["uid"] = r.Text(1);
    o["username"] = r.Text(2);
    o["display_name"] = r.Text(3);
    o["agency_id"] = r.Int(4);
    o["agency_name"] = r.Text(5);
    o["title"] = TextOrNull(r, 6);
    o["role"] = TextOrNull(r, 7);
    o["role_name"] = TextOrNull(r, 8);
    o["disabled"] = r.Int(9) != 0;
    o["locked_until"] =
        r.IsNull(10) ? boost::json::value(nullptr) : boost::json::value(FormatTimestamp(r.Int(10)));
    o["totp_enabled"] = r.Int(11) != 0;
    o["last_login_at"] =
        r.IsNull(12) ? boost::json::value(nullptr) : boost::json::value(FormatTimestamp(r.Int(12)));
    return o;
  });
}

}  // namespace sg::svc
