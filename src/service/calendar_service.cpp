#include "service/calendar_service.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "base/errors.h"

namespace sg::svc {
namespace {

constexpr std::string_view kLoadedYears =
    "SELECT year, data FROM calendar_years ORDER BY loaded_at, year";
constexpr std::string_view kDeleteYear = "DELETE FROM calendar_years WHERE year = ?";
constexpr std::string_view kInsertYear =
    "INSERT INTO calendar_years (year, data, source, loaded_at) VALUES (?, ?, ?, ?)";
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
  for (int year : years) {
    ctx.conn().Exec(kDeleteYear, static_cast<int64_t>(year));
    ctx.conn().Exec(kInsertYear, static_cast<int64_t>(year), std::string(json),
                    parsed.SourceOf(year), ctx.now());
  }
  boost::json::array list(years.begin(), years.end());
  auto audit = actor.Audit("calendar.load", "calendar");
  audit.detail = boost::json::serialize(boost::json::object{{"years", list}});
  ctx.AppendAudit(std::move(audit));
  return years;
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
