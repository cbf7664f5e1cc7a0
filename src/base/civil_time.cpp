#include "base/civil_time.h"

#include <charconv>
#include <cstdio>

namespace sg {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ParseFixedInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  return res.ec == std::errc();
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

int64_t Date::ToDays() const {
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date Date::FromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

int Date::Weekday() const {
  const int64_t days = ToDays();  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
}

namespace {

// Writes `v` (0..10^width - 1) as `width` digits, zero-padded.
void PutDigits(char* p, int v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

// "YYYY-MM-DD" into p[0..10); false for a year outside 0..9999 (left to snprintf).
bool PutDate(char* p, const Date& d) {
  if (d.year < 0 || d.year > 9999) return false;
  PutDigits(p, d.year, 4);
  p[4] = '-';
  PutDigits(p + 5, d.month, 2);
  p[7] = '-';
  PutDigits(p + 8, d.day, 2);
  return true;
}

}  // namespace

std::string Date::ToString() const {
  char buf[16];
  if (PutDate(buf, *this)) return std::string(buf, 10);
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  Date d;
  if (!ParseFixedInt(text.substr(0, 4), d.year) || !ParseFixedInt(text.substr(5, 2), d.month) ||
      !ParseFixedInt(text.substr(8, 2), d.day)) {
    return std::nullopt;
  }
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > DaysInMonth(d.year, d.month)) {
    return std::nullopt;
  }
  return d;
}

std::string FormatTimestamp(TimestampMs ms) {
  const int64_t local = ms + kChinaOffsetMs;
  int64_t days = local / 86400000;
  int64_t rem = local % 86400000;
  if (rem < 0) {
    rem += 86400000;
    --days;
  }
  const Date d = Date::FromDays(days);
  const int64_t secs = rem / 1000;
  char buf[40];
  if (PutDate(buf, d)) {  // "YYYY-MM-DDTHH:MM:SS+08:00"
    buf[10] = 'T';
    PutDigits(buf + 11, static_cast<int>(secs / 3600), 2);
    buf[13] = ':';
    PutDigits(buf + 14, static_cast<int>(secs / 60 % 60), 2);
    buf[16] = ':';
    PutDigits(buf + 17, static_cast<int>(secs % 60), 2);
    return std::string(buf, 19).append("+08:00");
  }
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", d.year, d.month, d.day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

std::optional<TimestampMs> ParseTimestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm|-hh:mm]
  if (text.size() < 20) return std::nullopt;
  auto date = Date::Parse(text.substr(0, 10));
  if (!date || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (text[13] != ':' || text[16] != ':' || !ParseFixedInt(text.substr(11, 2), hh) ||
      !ParseFixedInt(text.substr(14, 2), mm) || !ParseFixedInt(text.substr(17, 2), ss) || hh > 23 ||
      mm > 59 || ss > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }
  if (pos >= text.size()) return std::nullopt;
  int64_t offset_min = 0;
  const std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset_min = 0;
  } else {
    int oh = 0, om = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
        !ParseFixedInt(zone.substr(1, 2), oh) || !ParseFixedInt(zone.substr(4, 2), om) || oh > 23 ||
        om > 59) {
      return std::nullopt;
    }
    offset_min = (oh * 60 + om) * (zone[0] == '-' ? -1 : 1);
  }
  const int64_t secs = date->ToDays() * 86400 + hh * 3600 + mm * 60 + ss - offset_min * 60;
  return secs * 1000 + millis;
}

Date ChinaDate(TimestampMs ms) {
  int64_t local = ms + kChinaOffsetMs;
  int64_t days = local / 86400000;
  if (local % 86400000 < 0) --days;
  return Date::FromDays(days);
}

TimestampMs ChinaMidnight(const Date& d) { return d.ToDays() * 86400000 - kChinaOffsetMs; }

}  // namespace sg
