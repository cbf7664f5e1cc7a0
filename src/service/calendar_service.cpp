#include "service/calendar_service.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "base/errors.h"
#include "service/case_json.h"

namespace sg::svc {
namespace {

constexpr std::string_view kLoadedYears =
    "SELECT year, data FROM calendar_years ORDER BY loaded_at, year";
constexpr std::string_view kDeleteYear = "DELETE FROM calendar_years WHERE year = ?";
constexpr std::string_view kInsertYear =
    "INSERT INTO calendar_years (year, data, source, loaded_at, actor_type, actor_id, actor_name) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kLoadedBy =
    "SELECT year, loaded_at, actor_type, actor_id, actor_name FROM calendar_years";
constexpr int64_t kMaxLength = 100'000;

}  // namespace

std::shared_ptr<const cal::Calendar> LoadCalendar(store::Connection& conn) {
  auto calendar = cal::Calendar::Builtin();
  auto r = conn.Query(kLoadedYears);
  while (r.Next()) {
    calendar = std::make_shared<const cal::Calendar>(calendar->WithYears(r.Text(1)));
  }
  return calendar;
}

std::vector<int> StoreCalendarYears(store::WriteContext& ctx, std::string_view json,
                                    const auth::Actor& actor) {
  cal::Calendar parsed = [&] {
    try {
      return cal::Calendar::FromJson(json);
    } catch (const std::exception& e) {
      ThrowInvalidField("data", std::string("节假日数据无效：") + e.what());
    }
  }();
  std::vector<int> years = parsed.CoveredYears();
  if (years.empty()) ThrowInvalidField("data", "节假日数据没有列出任何年份（covers）");
  const auth::Principal& who = actor.who();
  // (Built with emplace: GCC 12 at -O3 warns maybe-uninitialized on the conditional form.)
  std::optional<int64_t> who_id;
  if (who.kind != auth::Principal::Kind::kSystem) who_id.emplace(who.id);
  for (int year : years) {
    ctx.conn().Exec(kDeleteYear, static_cast<int64_t>(year));
    ctx.conn().Exec(kInsertYear, static_cast<int64_t>(year), std::string(json),
                    parsed.SourceOf(year), ctx.now(), who.ActorType(), who_id, who.name);
  }
  boost::json::array list(years.begin(), years.end());
  auto audit = actor.Audit("calendar.load", "calendar");
  audit.detail = boost::json::serialize(boost::json::object{{"years", list}});
  ctx.AppendAudit(std::move(audit));
  return years;
}

boost::json::object ListCalendarYears(store::Connection& conn, const cal::Calendar& calendar,
                                      Date today) {
  struct Loaded {
    TimestampMs at = 0;
    boost::json::value by, by_type, by_id;
  };
  std::map<int64_t, Loaded> loaded;
  {
    auto r = conn.Query(kLoadedBy);
    while (r.Next()) {
      Loaded l;
      l.at = r.Int(1);
      l.by_type = TextOrNull(r, 2);
      l.by_id = IntOrNull(r, 3);
      l.by = TextOrNull(r, 4);
      loaded.emplace(r.Int(0), std::move(l));
    }
  }
  std::set<int> years;
  for (int y : calendar.CoveredYears()) years.insert(y);
  const int first_unknown = years.empty() ? today.year : *years.begin();
  for (int y = first_unknown; y <= today.year + 1; ++y) years.insert(y);

  boost::json::array items;
  for (int year : years) {
    const bool covered = calendar.Covers(year);
    int64_t holidays = 0, workdays = 0;
    const Date first{year, 1, 1};
    const int64_t length = IsLeapYear(year) ? 366 : 365;
    for (int64_t i = 0; i < length; ++i) {
      if (const auto special = calendar.Special(first.AddDays(i))) {
        ++(special->holiday ? holidays : workdays);
      }
    }
    boost::json::object item{{"year", year}, {"provisional", !covered}};
    const auto it = loaded.find(year);
    const bool from_db = covered && it != loaded.end();
    item["source"] = !covered  ? boost::json::value(nullptr)
                     : from_db ? boost::json::value("loaded")
                               : boost::json::value("builtin");
    item["notice"] = covered ? boost::json::value(calendar.SourceOf(year)) : nullptr;
    item["loaded_at"] =
        from_db ? boost::json::value(FormatTimestamp(it->second.at)) : boost::json::value(nullptr);
    item["loaded_by"] = from_db ? it->second.by : boost::json::value(nullptr);
    item["loaded_by_type"] = from_db ? it->second.by_type : boost::json::value(nullptr);
    item["loaded_by_id"] = from_db ? it->second.by_id : boost::json::value(nullptr);
    item["holidays"] = holidays;
    item["workdays"] = workdays;
    items.push_back(std::move(item));
  }
  return {{"items", std::move(items)}};
}

boost::json::object PeriodJson(const cal::Calendar& calendar, const Params& params) {
  const auto start_text = params.Get("start");
  if (!start_text) ThrowInvalidField("start", "缺少起算日 start（YYYY-MM-DD）");
  const auto start = Date::Parse(*start_text);
  if (!start) ThrowInvalidField("start", "起算日应为有效日期 YYYY-MM-DD");
  const auto length_text = params.Get("length");
  if (!length_text) ThrowInvalidField("length", "缺少期间长度 length");
  int64_t length = 0;
  try {
    size_t used = 0;
    length = std::stoll(*length_text, &used);
    if (used != length_text->size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    ThrowInvalidField("length", "期间长度应为正整数");
  }
  if (length < 1 || length > kMaxLength) ThrowInvalidField("length", "期间长度应为 1 至 100000");
  const auto unit = cal::ParseUnit(params.Get("unit").value_or("days"));
  if (!unit) ThrowInvalidField("unit", "单位应为 days、working_days 或 months");
  if (*unit == cal::Unit::kMonths && length > 1200) {
    ThrowInvalidField("length", "以月计的期间不超过 1200 个月");
  }
  const auto rule = cal::ParseRestDayRule(params.Get("rest_day_rule").value_or("next_working_day"));
  if (!rule) ThrowInvalidField("rest_day_rule", "应为 next_working_day 或 none");
  const auto period = calendar.Add(*start, length, *unit, *rule);
  boost::json::array crossed;
  for (const auto& d : period.crossed) {
    crossed.push_back(boost::json::object{{"date", d.date.ToString()},
                                          {"kind", d.holiday ? "holiday" : "workday"},
                                          {"name", d.name}});
  }
  return {{"due", period.due.ToString()},
          {"provisional", period.provisional},
          {"moved_from",
           period.moved_from ? boost::json::value(period.moved_from->ToString()) : nullptr},
          {"crossed", std::move(crossed)}};
}

}  // namespace sg::svc
