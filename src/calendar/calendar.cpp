#include "calendar/calendar.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <map>
#include <stdexcept>

#include "calendar/holiday_file.h"

namespace sg::cal {
namespace embedded {
struct EmbeddedFile {
  const char* name;
  std::string text;
};
const std::vector<EmbeddedFile>& HolidayFiles();
}  // namespace embedded

namespace {

constexpr std::string_view kBuiltinFile = "holidays-cn.json";

// Years whose working days are always tabulated, so that the dates of ordinary cases are
// answered from the table even in years no file covers. Days outside it are computed directly.
constexpr int kTableFirstYear = 2000;
constexpr int kTableLastYear = 2100;

// 全国年节及纪念日放假办法: the holidays on fixed Gregorian dates, in date order. May 2 was added
// by the revision of 2024, in force from 2025-01-01.
struct FixedHoliday {
  int month;
  int day;
  int since_year;
  const char* name;
};
constexpr std::array<FixedHoliday, 6> kFixedHolidays = {{
    {1, 1, 0, "元旦"},
    {5, 1, 0, "劳动节"},
    {5, 2, 2025, "劳动节"},
    {10, 1, 0, "国庆节"},
    {10, 2, 0, "国庆节"},
    {10, 3, 0, "国庆节"},
}};

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

// ISO weekday (1 = Monday) of a day number; 1970-01-01 (day 0) was a Thursday.
int WeekdayOf(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7) + 1; }

// Monday to Friday among the days numbered below `day`, counted from 1970-01-05 (a Monday).
int64_t WeekdaysBefore(int64_t day) {
  constexpr int64_t kMonday = 4;
  const int64_t weeks = FloorDiv(day - kMonday, 7);
  const int64_t rest = day - kMonday - weeks * 7;
  return weeks * 5 + std::min<int64_t>(rest, 5);
}

const FixedHoliday* FixedHolidayOn(const Date& d) {
  for (const FixedHoliday& h : kFixedHolidays) {
    if (h.month == d.month && h.day == d.day && d.year >= h.since_year) return &h;
  }
  return nullptr;
}

// The rule for a year no file covers: weekends and fixed-date holidays rest.
bool FallbackIsWorking(int64_t day) {
  return WeekdayOf(day) <= 5 && FixedHolidayOn(Date::FromDays(day)) == nullptr;
}

// Working days in (after, upto] when no day in it is covered: weekdays minus the fixed-date
// holidays that fall on weekdays.
int64_t FallbackWorkingDaysBetween(int64_t after, int64_t upto) {
  int64_t count = WeekdaysBefore(upto + 1) - WeekdaysBefore(after + 1);
  const int last_year = Date::FromDays(upto).year;
  for (int year = Date::FromDays(after + 1).year; year <= last_year; ++year) {
    for (const FixedHoliday& h : kFixedHolidays) {
      if (year < h.since_year) continue;
      const int64_t day = Date{year, h.month, h.day}.ToDays();
      if (day > after && day <= upto && WeekdayOf(day) <= 5) --count;
    }
  }
  return count;
}

Date AddMonths(const Date& d, int64_t months) {
  const int64_t index = int64_t{d.year} * 12 + (d.month - 1) + months;
  const auto year = static_cast<int>(FloorDiv(index, 12));
  const int month = static_cast<int>(index - int64_t{year} * 12) + 1;
  return Date{year, month, std::min(d.day, DaysInMonth(year, month))};
}

}  // namespace

struct Calendar::Tables {
  explicit Tables(HolidayFile file);

  std::map<int, std::string> sources;   // covered year → notice
  std::vector<int> years;               // covered, ascending
  std::vector<SpecialDay> specials;     // listed days, ascending
  std::vector<int64_t> special_days;    // their day numbers
  int64_t first_day = 0;                // day number of the table's first day (a Jan 1)
  int64_t end_day = 0;                  // one past its last day (a Jan 1)
  std::vector<int32_t> working_before;  // [i]: working days in [first_day, first_day + i)
};

Calendar::Tables::Tables(HolidayFile file)
    : sources(std::move(file.sources)), specials(std::move(file.days)) {
  for (const auto& entry : sources) years.push_back(entry.first);
  special_days.reserve(specials.size());
  for (const SpecialDay& s : specials) special_days.push_back(s.date.ToDays());

  const int first_year = std::min(kTableFirstYear, years.front());
  const int last_year = std::max(kTableLastYear, years.back());
  first_day = Date{first_year, 1, 1}.ToDays();
  end_day = Date{last_year + 1, 1, 1}.ToDays();

  std::vector<uint8_t> working(static_cast<size_t>(end_day - first_day));
  for (size_t i = 0; i < working.size(); ++i) {
    working[i] = WeekdayOf(first_day + static_cast<int64_t>(i)) <= 5 ? 1 : 0;
  }
  for (int year = first_year; year <= last_year; ++year) {
    if (std::binary_search(years.begin(), years.end(), year)) continue;
    for (const FixedHoliday& h : kFixedHolidays) {
      if (year >= h.since_year) working[Date{year, h.month, h.day}.ToDays() - first_day] = 0;
    }
  }
  for (size_t i = 0; i < specials.size(); ++i) {
    working[special_days[i] - first_day] = specials[i].holiday ? 0 : 1;
  }
  working_before.resize(working.size() + 1);
  for (size_t i = 0; i < working.size(); ++i) {
    working_before[i + 1] = working_before[i] + working[i];
  }
}

std::optional<Unit> ParseUnit(std::string_view name) {
  if (name == "days") return Unit::kDays;
  if (name == "working_days") return Unit::kWorkingDays;
  if (name == "months") return Unit::kMonths;
  return std::nullopt;
}

std::string_view UnitName(Unit unit) {
  switch (unit) {
    case Unit::kDays:
      return "days";
    case Unit::kWorkingDays:
      return "working_days";
    case Unit::kMonths:
      return "months";
  }
  return "";
}

std::optional<RestDayRule> ParseRestDayRule(std::string_view name) {
  if (name == "next_working_day") return RestDayRule::kNextWorkingDay;
  if (name == "none") return RestDayRule::kNone;
  return std::nullopt;
}

std::string_view RestDayRuleName(RestDayRule rule) {
  return rule == RestDayRule::kNextWorkingDay ? "next_working_day" : "none";
}

std::string_view SpecialDayKind(const SpecialDay& day) {
  return day.holiday ? "holiday" : "workday";
}

Calendar Calendar::FromJson(std::string_view json) {
  return Calendar(std::make_shared<const Tables>(ParseHolidayFile(json)));
}

std::shared_ptr<const Calendar> Calendar::Builtin() {
  static const std::shared_ptr<const Calendar> kBuiltin = [] {
    for (const auto& file : embedded::HolidayFiles()) {
      if (file.name == kBuiltinFile) return std::make_shared<const Calendar>(FromJson(file.text));
    }
    throw std::logic_error("data/holidays-cn.json was not compiled in");
  }();
  return kBuiltin;
}

Calendar Calendar::WithYears(std::string_view json) const {
  HolidayFile added = ParseHolidayFile(json);
  HolidayFile merged;
  merged.sources = tables_->sources;
  for (auto& [year, source] : added.sources) merged.sources[year] = std::move(source);
  for (const SpecialDay& day : tables_->specials) {
    if (!added.sources.contains(day.date.year)) merged.days.push_back(day);
  }
  std::move(added.days.begin(), added.days.end(), std::back_inserter(merged.days));
  std::sort(merged.days.begin(), merged.days.end(),
            [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  return Calendar(std::make_shared<const Tables>(std::move(merged)));
}

bool Calendar::Covers(int year) const {
  return std::binary_search(tables_->years.begin(), tables_->years.end(), year);
}

std::vector<int> Calendar::CoveredYears() const { return tables_->years; }

std::string Calendar::SourceOf(int year) const {
  const auto it = tables_->sources.find(year);
  return it == tables_->sources.end() ? std::string() : it->second;
}

bool Calendar::IsWorkingDay(Date day) const { return IsWorkingDayNumber(day.ToDays()); }

std::optional<SpecialDay> Calendar::Special(Date day) const {
  const Tables& t = *tables_;
  if (Covers(day.year)) {
    const auto it = std::lower_bound(t.special_days.begin(), t.special_days.end(), day.ToDays());
    if (it == t.special_days.end() || *it != day.ToDays()) return std::nullopt;
    return t.specials[static_cast<size_t>(it - t.special_days.begin())];
  }
  if (const FixedHoliday* h = FixedHolidayOn(day)) return SpecialDay{day, true, h->name};
  return std::nullopt;
}

Calendar::Period Calendar::Add(Date start, int64_t length, Unit unit, RestDayRule rule) const {
  const int64_t max_length = unit == Unit::kMonths ? kMaxPeriodMonths : kMaxPeriodDays;
  if (length < 1 || length > max_length) {
    throw std::invalid_argument("period length must be between 1 and " +
                                std::to_string(max_length) + " " + std::string(UnitName(unit)) +
                                ", not " + std::to_string(length));
  }
  const int64_t after = start.ToDays();
  int64_t due = 0;
  if (unit == Unit::kDays) {
    due = after + length;
  } else if (unit == Unit::kMonths) {
    due = AddMonths(start, length).ToDays();
  } else {
    due = NthWorkingDayAfter(after, length);
  }

  Period period;
  // 民诉法 Art. 85: a period whose last day is a rest day ends on the first working day after.
  if (unit != Unit::kWorkingDays && rule == RestDayRule::kNextWorkingDay &&
      !IsWorkingDayNumber(due)) {
    period.moved_from = Date::FromDays(due);
    due = NthWorkingDayAfter(due, 1);
  }
  period.due = Date::FromDays(due);
  period.provisional = !CoversAll(Date::FromDays(after + 1).year, period.due.year);
  period.crossed = SpecialsBetween(after, due);
  return period;
}

int64_t Calendar::Count(Date from, Date to, Unit unit) const {
  if (to < from) return -Count(to, from, unit);
  if (unit == Unit::kDays) return to.ToDays() - from.ToDays();
  if (unit == Unit::kWorkingDays) return WorkingDaysBetween(from.ToDays(), to.ToDays());
  int64_t months = int64_t{to.year - from.year} * 12 + (to.month - from.month);
  if (to < AddMonths(from, months)) --months;
  return months;
}

bool Calendar::IsWorkingDayNumber(int64_t day) const {
  const Tables& t = *tables_;
  if (day < t.first_day || day >= t.end_day) return FallbackIsWorking(day);
  const auto i = static_cast<size_t>(day - t.first_day);
  return t.working_before[i + 1] != t.working_before[i];
}

int64_t Calendar::WorkingDaysBetween(int64_t after, int64_t upto) const {
  const Tables& t = *tables_;
  int64_t count = 0;
  if (after < t.first_day - 1) {
    count += FallbackWorkingDaysBetween(after, std::min(upto, t.first_day - 1));
  }
  const int64_t lo = std::max(after, t.first_day - 1);
  const int64_t hi = std::min(upto, t.end_day - 1);
  if (lo < hi) {
    count += t.working_before[static_cast<size_t>(hi + 1 - t.first_day)] -
             t.working_before[static_cast<size_t>(lo + 1 - t.first_day)];
  }
  if (upto > t.end_day - 1)
    count += FallbackWorkingDaysBetween(std::max(after, t.end_day - 1), upto);
  return count;
}

int64_t Calendar::NthWorkingDayAfter(int64_t after, int64_t n) const {
  const Tables& t = *tables_;
  int64_t day = after;
  // Before the table, day by day: n bounds the walk.
  while (n > 0 && day + 1 < t.first_day) {
    ++day;
    if (FallbackIsWorking(day)) --n;
  }
  if (n == 0) return day;
  if (day + 1 < t.end_day) {
    // Inside the table: the first day whose running count reaches the target.
    const auto& wb = t.working_before;
    const int64_t target = wb[static_cast<size_t>(day + 1 - t.first_day)] + n;
    if (target <= wb.back()) {
      const auto it = std::lower_bound(wb.begin() + (day + 1 - t.first_day), wb.end(), target);
      return t.first_day + (it - wb.begin()) - 1;
    }
    n = target - wb.back();
    day = t.end_day - 1;
  }
  while (n > 0) {
    ++day;
    if (FallbackIsWorking(day)) --n;
  }
  return day;
}

bool Calendar::CoversAll(int first_year, int last_year) const {
  const auto& years = tables_->years;
  const auto lo = std::lower_bound(years.begin(), years.end(), first_year);
  const auto hi = std::upper_bound(years.begin(), years.end(), last_year);
  return hi - lo == int64_t{last_year} - first_year + 1;
}

std::vector<SpecialDay> Calendar::SpecialsBetween(int64_t after, int64_t upto) const {
  const Tables& t = *tables_;
  std::vector<SpecialDay> out;
  if (upto <= after) return out;
  const int last_year = Date::FromDays(upto).year;
  for (int year = Date::FromDays(after + 1).year; year <= last_year; ++year) {
    if (Covers(year)) {
      const int64_t lo = std::max(after + 1, Date{year, 1, 1}.ToDays());
      const int64_t hi = std::min(upto, Date{year, 12, 31}.ToDays());
      auto it = std::lower_bound(t.special_days.begin(), t.special_days.end(), lo);
      for (; it != t.special_days.end() && *it <= hi; ++it) {
        out.push_back(t.specials[static_cast<size_t>(it - t.special_days.begin())]);
      }
      continue;
    }
    for (const FixedHoliday& h : kFixedHolidays) {
      const Date date{year, h.month, h.day};
      const int64_t day = date.ToDays();
      if (year >= h.since_year && day > after && day <= upto) {
        out.push_back(SpecialDay{date, true, h.name});
      }
    }
  }
  return out;
}

}  // namespace sg::cal
