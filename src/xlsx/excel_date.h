// Excel number formats that show dates, and Excel date serials turned into civil dates.
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sg::xlsx {

// Returns true for the built-in number format ids that show a date or a time (ECMA-376
// Part 1, 18.8.30): 14-22 and 45-47 in every locale, and the East Asian ones 27-36 and 50-58,
// which in zh-CN Excel and WPS mean e.g. 27 yyyy"年"m"月", 31 yyyy"年"m"月"d"日",
// 32 h"时"mm"分", 57 yyyy"年"m"月", 58 m"月"d"日".
bool IsBuiltinDateFormat(int num_fmt_id);

// Returns true when a custom format code shows a date or a time: it has one of the tokens
// y, m, d, h, s (any case), or an elapsed-time bracket such as [h] or [mm], outside quoted
// text, backslash escapes, _x and *x padding, and other [...] brackets such as [Red],
// [$-F800] or [DBNum1]. So yyyy"年"m"月"d"日" and [$-F800]dddd, mmmm dd, yyyy are dates;
// 0.00_);[Red](0.00), General and @ are not.
bool IsDateFormatCode(std::string_view format_code);

// Converts the raw text of a date cell (the serial in <v>) to "YYYY-MM-DD", or to
// "YYYY-MM-DD HH:MM:SS" when the serial has a time part (rounded to the second). In the
// 1900 system serial 1 is 1900-01-01 and Lotus's 1900-02-29 bug is reproduced: serials
// below 60 are counted from 1899-12-31, 60 is the day that never was, and from 61
// (1900-03-01) on they are counted from 1899-12-30. With `date1904`, 0 is 1904-01-01.
// Returns nullopt when `serial` is not a decimal number, is negative, is 60 (the fake leap
// day), lies below 1 in the 1900 system (a time without a date), or lands after 9999-12-31.
std::optional<std::string> ExcelSerialToIso(std::string_view serial, bool date1904);

}  // namespace sg::xlsx
