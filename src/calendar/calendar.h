// The working-day calendar of mainland China and legal period arithmetic (期间计算).
//
// Rules (shared/domain/time-limits.md, "How periods are counted"):
// - 民事诉讼法 (2023) Art. 85: a period counted in days, months or years does not include the day
//   on which it starts; when its last day is a statutory holiday it ends on the first day after
//   the holiday.
// - 行政处罚法 (2021) Art. 85 (and 行政强制法 Art. 69, 行政许可法 Art. 82): short administrative
//   periods are working days (工作日): Monday to Friday, minus the public holidays (放假), plus the
//   adjusted working weekends (调休上班) announced each year by the General Office of the State
//   Council.
// - shared/API.md, "Calendar": GET /api/v1/calendar/period returns exactly a Period below; a rest
//   day is a listed holiday, or a Saturday or Sunday not listed as an adjusted working day.
//
// The announced days come from data files in the holidays-cn.json format (data/holidays-cn.json,
// compiled in; each covered year names its notice). A year no file covers is not yet known: only
// its weekends and fixed-date holidays are rest days, and results that touch it are provisional.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/civil_time.h"

namespace sg::cal {

// The unit of a period's length. Names: "days", "working_days", "months".
enum class Unit { kDays, kWorkingDays, kMonths };
// What happens when a days or months period ends on a rest day. Names: "next_working_day"
// (民诉法 Art. 85, the API default), "none" (the last day stands).
enum class RestDayRule { kNextWorkingDay, kNone };

// nullopt for any other text (case-sensitive).
std::optional<Unit> ParseUnit(std::string_view name);
std::string_view UnitName(Unit unit);
std::optional<RestDayRule> ParseRestDayRule(std::string_view name);
std::string_view RestDayRuleName(RestDayRule rule);

// A day that differs from the normal week: a holiday (放假), or an adjusted working day (调休上班,
// a Saturday or Sunday worked in exchange for a holiday).
struct SpecialDay {
  Date date;
  bool holiday = true;  // false: 调休 working day
  std::string name;     // as announced, e.g. "春节", "春节调休上班"

  friend bool operator==(const SpecialDay&, const SpecialDay&) = default;
};

// "holiday" or "workday": the `kind` of the data file and of the API's `crossed` items.
std::string_view SpecialDayKind(const SpecialDay& day);

// Longest accepted periods, so that no input can make a computation run away.
inline constexpr int64_t kMaxPeriodDays = 100000;  // days and working days
inline constexpr int64_t kMaxPeriodMonths = 1200;

// An immutable calendar. All const members are thread-safe; copies are cheap and share the
// precomputed tables. Working-day questions over a year are answered from a prefix count of
// working days, not day by day.
class Calendar {
 public:
  // Reads a file in the holidays-cn.json format:
  //   {"description": "...", "covers": [2024, ...], "sources": {"2024": "notice", ...},
  //    "days": [{"date": "2024-02-10", "kind": "holiday" | "workday", "name": "春节"}, ...]}
  // Every covered year needs a source; every day must lie in a covered year, appear once, and a
  // "workday" must be a Saturday or Sunday. Throws std::invalid_argument naming the problem and
  // where it is (e.g. `days[3].date "2024-02-30" is not a valid YYYY-MM-DD date`).
  static Calendar FromJson(std::string_view json);

  // The calendar compiled in from data/holidays-cn.json. Built once; never null.
  static std::shared_ptr<const Calendar> Builtin();

  // A new calendar with the years of another file of the same format added (for a newly
  // announced year, without a rebuild). Years both cover take the new file's days and source.
  // Throws like FromJson; `this` is unchanged.
  [[nodiscard]] Calendar WithYears(std::string_view json) const;

  [[nodiscard]] bool Covers(int year) const;
  // Ascending.
  [[nodiscard]] std::vector<int> CoveredYears() const;
  // The notice a covered year's days come from; "" for a year not covered.
  [[nodiscard]] std::string SourceOf(int year) const;

  // Covered year: Monday–Friday are working days unless listed as holidays; Saturday and Sunday
  // are rest days unless listed as adjusted working days. Year not covered (provisional):
  // weekends and the fixed-date holidays of 全国年节及纪念日放假办法 are rest days — 元旦 Jan 1,
  // 劳动节 May 1 (and May 2 from 2025, as revised in 2024), 国庆节 Oct 1–3. The lunar holidays and
  // the 调休 swaps cannot be known in advance. Earlier versions of the rules are not modelled.
  [[nodiscard]] bool IsWorkingDay(Date day) const;

  // The listed day of a covered year, or for a year not covered its fixed-date holiday (see
  // IsWorkingDay); nullopt for an ordinary day.
  [[nodiscard]] std::optional<SpecialDay> Special(Date day) const;

  struct Period {
    Date due;                         // the last day of the period
    bool provisional = false;         // a day in (start, due] lies in a year not covered
    std::optional<Date> moved_from;   // the rest day it would have ended on (kNextWorkingDay)
    std::vector<SpecialDay> crossed;  // special days in (start, due], ascending
  };

  // The period of `length` units starting on `start` (民诉法 Art. 85: the start day is not
  // counted):
  // - kDays: due = start + length calendar days.
  // - kMonths: the same day number `length` months later, or that month's last day when it is
  //   shorter (2024-08-31 + 6 months = 2025-02-28; 2024-01-31 + 1 month = 2024-02-29).
  // - kWorkingDays: the length-th working day after start. `rule` does not apply: every counted
  //   day is a working day already.
  // With kNextWorkingDay, a days or months period whose last day is a rest day ends on the next
  // working day, and `moved_from` is that rest day.
  // Throws std::invalid_argument unless 1 <= length <= kMaxPeriodDays (days, working days) or
  // kMaxPeriodMonths (months).
  [[nodiscard]] Period Add(Date start, int64_t length, Unit unit, RestDayRule rule) const;

  // The units elapsed from `from` (not counted) to `to` (counted), for a deadline's `used` and
  // `left`: kDays → calendar days; kWorkingDays → working days in (from, to]; kMonths → whole
  // months, the largest m >= 0 whose month arithmetic of Add (kNone) lands on or before `to`.
  // When to < from the result is -Count(to, from, unit). So for n >= 1 and due =
  // Add(start, n, unit, kNone).due, Count(start, due, unit) == n in every unit; with
  // kNextWorkingDay it is still n for working days and months (a move is shorter than a month)
  // and n plus the days moved for days.
  [[nodiscard]] int64_t Count(Date from, Date to, Unit unit) const;

 private:
  struct Tables;
  explicit Calendar(std::shared_ptr<const Tables> tables) : tables_(std::move(tables)) {}

  [[nodiscard]] bool IsWorkingDayNumber(int64_t day) const;
  // Working days in (after, upto], after <= upto; day numbers.
  [[nodiscard]] int64_t WorkingDaysBetween(int64_t after, int64_t upto) const;
  // The n-th working day after `after` (n >= 1); day numbers.
  [[nodiscard]] int64_t NthWorkingDayAfter(int64_t after, int64_t n) const;
  [[nodiscard]] bool CoversAll(int first_year, int last_year) const;
  [[nodiscard]] std::vector<SpecialDay> SpecialsBetween(int64_t after, int64_t upto) const;

  std::shared_ptr<const Tables> tables_;
};

}  // namespace sg::cal
