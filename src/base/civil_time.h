// Civil dates and timestamps in China time.
//
// A legal date (YYYY-MM-DD) is a calendar day in Asia/Shanghai. A timestamp is milliseconds since
// the Unix epoch, written as RFC 3339 with a +08:00 offset. China has kept UTC+8 without daylight
// saving since 1991, so the conversion is a fixed offset and never depends on the server's zone.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sg {

inline constexpr int64_t kChinaOffsetMs = 8LL * 3600 * 1000;

// A proleptic Gregorian calendar day. Plain value; ordered by time.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  // Days since 1970-01-01 (may be negative).
  [[nodiscard]] int64_t ToDays() const;
  static Date FromDays(int64_t days);
  // ISO weekday: 1 = Monday ... 7 = Sunday.
  [[nodiscard]] int Weekday() const;
  [[nodiscard]] Date AddDays(int64_t n) const { return FromDays(ToDays() + n); }
  // "YYYY-MM-DD".
  [[nodiscard]] std::string ToString() const;
  // Parses exactly "YYYY-MM-DD" and checks that the day exists; nullopt otherwise.
  static std::optional<Date> Parse(std::string_view text);

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 flags the defaulted comparison's 0.
  friend auto operator<=>(const Date&, const Date&) = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// Milliseconds since the Unix epoch.
using TimestampMs = int64_t;

// RFC 3339 in China time, e.g. "2024-03-01T09:30:00+08:00" (milliseconds are dropped).
std::string FormatTimestamp(TimestampMs ms);
// Parses RFC 3339 with any offset ("Z" or "+hh:mm"), optional fractional seconds.
std::optional<TimestampMs> ParseTimestamp(std::string_view text);
// The China-time calendar day of a timestamp.
Date ChinaDate(TimestampMs ms);
// 00:00 China time of a day.
TimestampMs ChinaMidnight(const Date& d);

}  // namespace sg
