#include "calendar/holiday_file.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <stdexcept>

namespace sg::cal {
namespace {

namespace json = boost::json;

[[noreturn]] void Fail(const std::string& what) {
  throw std::invalid_argument("holiday file: " + what);
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Refuses keys outside `allowed`, so that a misspelt field is reported instead of ignored.
void CheckKeys(const json::object& obj, std::initializer_list<std::string_view> allowed,
               const std::string& where) {
  for (const auto& entry : obj) {
    if (std::find(allowed.begin(), allowed.end(), entry.key()) == allowed.end()) {
      Fail(where + "unknown field " + Quote(entry.key()));
    }
  }
}

const json::value& Require(const json::object& obj, std::string_view key,
                           const std::string& where) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) Fail(where + "missing field " + Quote(key));
  return *v;
}

bool IsCoverable(int64_t year) { return year >= kFirstCoverableYear && year <= kLastCoverableYear; }

std::string CoverableRange() {
  return std::to_string(kFirstCoverableYear) + "–" + std::to_string(kLastCoverableYear);
}

std::set<int> ReadCovers(const json::value& v) {
  if (!v.is_array()) Fail("\"covers\" must be an array of years");
  std::set<int> years;
  const json::array& arr = v.as_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string where = "covers[" + std::to_string(i) + "]";
    if (!arr[i].is_int64()) Fail(where + " must be a whole number (a year)");
    const int64_t year = arr[i].as_int64();
    if (!IsCoverable(year)) {
      Fail(where + " " + std::to_string(year) + " is outside " + CoverableRange());
    }
    if (!years.insert(static_cast<int>(year)).second) {
      Fail(where + " " + std::to_string(year) + " is listed twice");
    }
  }
  if (years.empty()) Fail("\"covers\" must list at least one year");
  return years;
}

std::map<int, std::string> ReadSources(const json::value& v, const std::set<int>& covers) {
  if (!v.is_object()) Fail("\"sources\" must be an object from year to notice");
  std::map<int, std::string> sources;
  for (const auto& entry : v.as_object()) {
    const std::string_view key = entry.key();
    const std::string where = "sources." + std::string(key);
    int year = 0;
    const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), year);
    if (ec != std::errc() || end != key.data() + key.size() || !covers.contains(year)) {
      Fail(where + ": " + Quote(key) + " is not a year listed in \"covers\"");
    }
    if (!entry.value().is_string() || entry.value().as_string().empty()) {
      Fail(where + " must be a non-empty string naming the notice");
    }
    sources.emplace(year, std::string(entry.value().as_string()));
  }
  for (int year : covers) {
    if (!sources.contains(year)) {
      Fail("\"sources\" names no notice for covered year " + std::to_string(year));
    }
  }
  return sources;
}

SpecialDay ReadDay(const json::value& v, const std::string& where, const std::set<int>& covers) {
  if (!v.is_object()) Fail(where + " must be an object with date, kind and name");
  const json::object& obj = v.as_object();
  CheckKeys(obj, {"date", "kind", "name"}, where + ": ");

  const json::value& date_v = Require(obj, "date", where + ": ");
  if (!date_v.is_string()) Fail(where + ".date must be a string YYYY-MM-DD");
  const std::string_view date_text = date_v.as_string();
  const std::optional<Date> date = Date::Parse(date_text);
  if (!date) Fail(where + ".date " + Quote(date_text) + " is not a valid YYYY-MM-DD date");
  if (!covers.contains(date->year)) {
    Fail(where + ".date " + Quote(date_text) + " is in " + std::to_string(date->year) +
         ", which \"covers\" does not list");
  }

  const json::value& kind_v = Require(obj, "kind", where + ": ");
  const std::string_view kind = kind_v.is_string() ? std::string_view(kind_v.as_string()) : "";
  if (kind != "holiday" && kind != "workday") {
    Fail(where + ".kind must be \"holiday\" or \"workday\", not " +
         (kind_v.is_string() ? Quote(kind) : "a " + std::string(json::to_string(kind_v.kind()))));
  }
  const bool holiday = kind == "holiday";
  // An adjusted working day (调休上班) only ever replaces a weekend; a weekday here is a typo.
  if (!holiday && date->Weekday() <= 5) {
    Fail(where + ": " + Quote(date_text) +
         " is a Monday to Friday, so it cannot be an adjusted working day");
  }

  const json::value& name_v = Require(obj, "name", where + ": ");
  if (!name_v.is_string() || name_v.as_string().empty()) {
    Fail(where + ".name must be a non-empty string");
  }
  return SpecialDay{*date, holiday, std::string(name_v.as_string())};
}

}  // namespace

HolidayFile ParseHolidayFile(std::string_view text) {
  boost::system::error_code ec;
  const json::value root = json::parse(text, ec);
  if (ec) Fail("not valid JSON (" + ec.message() + ")");
  if (!root.is_object()) Fail("the top level must be a JSON object");
  const json::object& obj = root.as_object();
  CheckKeys(obj, {"description", "covers", "sources", "days"}, "");
  if (const json::value* d = obj.if_contains("description"); d != nullptr && !d->is_string()) {
    Fail("\"description\" must be a string");
  }

  const std::set<int> covers = ReadCovers(Require(obj, "covers", ""));
  HolidayFile file;
  file.sources = ReadSources(Require(obj, "sources", ""), covers);

  const json::value& days_v = Require(obj, "days", "");
  if (!days_v.is_array()) Fail("\"days\" must be an array");
  const json::array& days = days_v.as_array();
  file.days.reserve(days.size());
  std::map<Date, size_t> seen;  // date → index where it was first listed
  for (size_t i = 0; i < days.size(); ++i) {
    const std::string where = "days[" + std::to_string(i) + "]";
    SpecialDay day = ReadDay(days[i], where, covers);
    const auto [it, inserted] = seen.emplace(day.date, i);
    if (!inserted) {
      Fail(where + ".date " + Quote(day.date.ToString()) + " is already listed at days[" +
           std::to_string(it->second) + "]");
    }
    file.days.push_back(std::move(day));
  }
  std::sort(file.days.begin(), file.days.end(),
            [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  return file;
}

}  // namespace sg::cal
