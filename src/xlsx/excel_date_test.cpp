#include "xlsx/excel_date.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace sg::xlsx {
namespace {

struct SerialCase {
  const char* serial;
  bool date1904;
  std::optional<std::string> iso;
  const char* source;
};

TEST(ExcelDateTest, SerialToIsoTable) {
  const SerialCase kCases[] = {
      {"1", false, "1900-01-01", "Excel: serial 1 is 1900-01-01"},
      {"59", false, "1900-02-28", "last day before the Lotus leap-day bug"},
      {"60", false, std::nullopt, "1900-02-29 does not exist; Excel shows it anyway"},
      {"61", false, "1900-03-01", "first day counted from 1899-12-30"},
      {"45292", false, "2024-01-01", "Excel: =DATE(2024,1,1)"},
      {"45658", false, "2025-01-01", "Excel: =DATE(2025,1,1)"},
      {"45352", false, "2024-03-01", "day after a real leap day"},
      {"2958465", false, "9999-12-31", "Excel's last date"},
      {"2958466", false, std::nullopt, "past 9999-12-31"},
      {"45366.395833333336", false, "2024-03-15 09:30:00", "date with a time of day"},
      {"45292.99999999", false, "2024-01-02", "rounding to the second carries the day"},
      {"0", false, std::nullopt, "1900-01-00: Excel's zero date"},
      {"0.5", false, std::nullopt, "time without a date"},
      {"0", true, "1904-01-01", "1904 system: serial 0"},
      {"1", true, "1904-01-02", "1904 system: serial 1"},
      {"43830", true, "2024-01-01", "1904 system: 1462 days less than the 1900 system"},
      {"-1", false, std::nullopt, "negative serial"},
      {"abc", false, std::nullopt, "not a number"},
      {"", false, std::nullopt, "empty"},
      {"45292 ", false, std::nullopt, "trailing space"},
      {"1.10101199003077E+17", false, std::nullopt, "an ID number typed as a number"},
  };
  for (const SerialCase& c : kCases) {
    EXPECT_EQ(ExcelSerialToIso(c.serial, c.date1904), c.iso) << c.serial << ": " << c.source;
  }
}

TEST(ExcelDateTest, BuiltinDateFormats) {
  for (int id : {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 31, 36, 45, 46, 47, 50, 57, 58}) {
    EXPECT_TRUE(IsBuiltinDateFormat(id)) << id;
  }
  for (int id : {0, 1, 2, 9, 10, 11, 12, 13, 23, 26, 37, 44, 48, 49, 59, 164}) {
    EXPECT_FALSE(IsBuiltinDateFormat(id)) << id;
  }
}

TEST(ExcelDateTest, CustomFormatCodes) {
  const char* kDates[] = {
      "yyyy-mm-dd",
      R"(yyyy"年"m"月"d"日")",
      "[$-F800]dddd, mmmm dd, yyyy",
      "[$-804]yyyy\\-mm\\-dd",
      "[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"",
      "h:mm:ss AM/PM",
      "[h]:mm:ss",
      "[mm]:ss",
      "m/d/yy h:mm",
      "YYYY/MM/DD",
  };
  for (const char* code : kDates) EXPECT_TRUE(IsDateFormatCode(code)) << code;

  const char* kNotDates[] = {
      "General",
      "0.00_);[Red](0.00)",
      "#,##0.00_ ;[Red]\\-#,##0.00\\ ",
      "0.00E+00",
      "@",
      "\"¥\"#,##0.00",
      "[$¥-804]#,##0.00",
      R"(0"天")",
      "0.0\\h",
      "[Red][<=100]0;[Blue]0",
      "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
      "\"unterminated",
  };
  for (const char* code : kNotDates) EXPECT_FALSE(IsDateFormatCode(code)) << code;
}

}  // namespace
}  // namespace sg::xlsx
