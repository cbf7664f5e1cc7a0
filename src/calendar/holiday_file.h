// Reading and checking a holiday data file (the holidays-cn.json format; see Calendar::FromJson).
// Internal to the calendar module; pure and thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/calendar.h"

namespace sg::cal {

// Years a file may cover: enough for any case on record and any announced year, and a bound on
// the size of the calendar's tables.
inline constexpr int kFirstCoverableYear = 1950;
inline constexpr int kLastCoverableYear = 2200;

struct HolidayFile {
  std::map<int, std::string> sources;  // covered year → the notice its days come from
  std::vector<SpecialDay> days;        // ascending by date, each in a covered year
};

// Throws std::invalid_argument with an English message naming the problem and its place.
HolidayFile ParseHolidayFile(std::string_view json);

}  // namespace sg::cal
