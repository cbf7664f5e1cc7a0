#include "xlsx/excel_date.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace sg::xlsx {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr int kLastYear = 9999;
// Serial 60 is 1900-02-29, which Lotus 1-2-3 invented and Excel kept for compatibility.
constexpr std::int64_t kFakeLeapDay = 60;

bool IsElapsedTimeBracket(std::string_view inside) {
  if (inside.empty()) return false;
  for (char c : inside) {
    if (c != 'h' && c != 'H' && c != 'm' && c != 'M' && c != 's' && c != 'S') return false;
  }
  return true;
}

}  // namespace

bool IsBuiltinDateFormat(int num_fmt_id) {
  return (num_fmt_id >= 14 && num_fmt_id <= 22) || (num_fmt_id >= 27 && num_fmt_id <= 36) ||
         (num_fmt_id >= 45 && num_fmt_id <= 47) || (num_fmt_id >= 50 && num_fmt_id <= 58);
}

bool IsDateFormatCode(std::string_view code) {
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    switch (c) {
      case '"': {  // literal text up to the closing quote
        const std::size_t close = code.find('"', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '\\':  // the next character is literal
      case '_':   // _x leaves the width of x blank
      case '*':   // *x repeats x to fill the cell
        ++i;
        break;
      case '[': {  // colour, condition, locale or elapsed time
        const std::size_t close = code.find(']', i + 1);
        if (close == std::string_view::npos) return false;
        if (IsElapsedTimeBracket(code.substr(i + 1, close - i - 1))) return true;
        i = close;
        break;
      }
      case 'y':
      case 'Y':
      case 'm':
      case 'M':
      case 'd':
      case 'D':
      case 'h':
      case 'H':
      case 's':
      case 'S':
        return true;
      default:
        break;
    }
  }
  return false;
}

std::optional<std::string> ExcelSerialToIso(std::string_view serial, bool date1904) {
  double value = 0;
  const char* end = serial.data() + serial.size();
  const auto [ptr, ec] = std::from_chars(serial.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value) || value < 0) return std::nullopt;
  // Far beyond 9999-12-31 in either system; also keeps llround in range.
  if (value > 3'000'000) return std::nullopt;

  const std::int64_t total = std::llround(value * kSecondsPerDay);
  const std::int64_t day = total / kSecondsPerDay;
  const std::int64_t second = total % kSecondsPerDay;

  using std::chrono::days;
  using std::chrono::sys_days;
  using std::chrono::year_month_day;
  namespace chr = std::chrono;
  sys_days date;
  if (date1904) {
    date = sys_days{chr::year{1904} / chr::January / 1} + days{day};
  } else if (day < 1 || day == kFakeLeapDay) {
    return std::nullopt;
  } else if (day < kFakeLeapDay) {
    date = sys_days{chr::year{1899} / chr::December / 31} + days{day};
  } else {
    date = sys_days{chr::year{1899} / chr::December / 30} + days{day};
  }
  const year_month_day ymd{date};
  const int y = static_cast<int>(ymd.year());
  if (y > kLastYear) return std::nullopt;
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned d = static_cast<unsigned>(ymd.day());

  char buf[32];
  int n = 0;
  if (second == 0) {
    n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  } else {
    const int hh = static_cast<int>(second / 3600);
    const int mm = static_cast<int>(second / 60 % 60);
    const int ss = static_cast<int>(second % 60);
    n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", y, m, d, hh, mm, ss);
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace sg::xlsx
