#include "cli/cli_util.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace sg::cli {
namespace {

constexpr size_t kColumnGap = 2;

// East Asian wide characters (Unicode UAX #11, the main blocks): Hangul Jamo, CJK radicals to Yi,
// Hangul syllables, CJK compatibility, vertical and full-width forms, and the supplementary
// ideographic planes.
bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Terminal columns of UTF-8 text: wide characters count two, the rest one.
size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07u;
      len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0Fu;
      len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1Fu;
      len = 2;
    }
    for (size_t k = 1; k < len && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    width += IsWide(cp) ? 2 : 1;
    i += len;
  }
  return width;
}

}  // namespace

int Fail(const std::string& message) {
  std::cerr << "shenguan: " << message << "\n";
  return 1;
}

std::unique_ptr<Clock> MakeClock(const TimeOptions& t) {
  if (t.now) {
    auto ms = ParseTimestamp(*t.now);
    if (!ms) throw std::invalid_argument("--now must be RFC 3339, e.g. 2024-06-01T09:00:00+08:00");
    return std::make_unique<FixedClock>(*ms, /*advance=*/true);
  }
  if (t.today) {
    auto d = Date::Parse(*t.today);
    if (!d) throw std::invalid_argument("--today must be a real date, YYYY-MM-DD");
    // 09:00 China time on that day, standing still.
    return std::make_unique<FixedClock>(ChinaMidnight(*d) + 9LL * 3600 * 1000);
  }
  return std::make_unique<SystemClock>();
}

std::unique_ptr<store::Database> OpenForCommand(const std::string& url, const Clock& clock,
                                                bool migrate) {
  store::DatabaseOptions options;
  options.readers = 1;
  return store::Database::Open(url, clock, options, migrate);
}

std::string ReadPasswordFile(const std::string& path) {
  std::string line;
  if (path == "-") {
    if (!std::getline(std::cin, line)) {
      throw std::runtime_error("no password on standard input");
    }
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the password file " + path);
    if (!std::getline(in, line))
      throw std::runtime_error("the password file " + path + " is empty");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    throw std::runtime_error("the first line of the password file " + path + " is empty");
  }
  return line;
}

std::string ShortTime(std::optional<TimestampMs> ms) {
  if (!ms) return "-";
  std::string s = FormatTimestamp(*ms);  // 2024-06-01T09:00:00+08:00
  s = s.substr(0, 16);
  s[10] = ' ';
  return s;
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(headers_.size());
  for (size_t c = 0; c < headers_.size(); ++c) widths[c] = DisplayWidth(headers_[c]);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
      text += cells[c];
      if (c + 1 < cells.size()) text.append(widths[c] - DisplayWidth(cells[c]) + kColumnGap, ' ');
    }
    out << text << "\n";
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
}

bool ParseListen(const std::string& listen, std::string* host, uint16_t* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  try {
    size_t used = 0;
    const int p = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || p < 0 || p > 65535) return false;
    *port = static_cast<uint16_t>(p);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace sg::cli
