// Helpers shared by the subcommands in commands.cpp, accounts_cmd.cpp and audit_cmd.cpp: errors,
// the clock, opening the database, reading a password file and printing tables.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/clock.h"
#include "cli/commands.h"
#include "store/database.h"

namespace sg::cli {

// Prints "shenguan: MESSAGE" on stderr and returns the exit code 1.
int Fail(const std::string& message);

// The one place the CLI makes a clock: real time, or the instant --now / --today fix. Throws
// std::invalid_argument for a malformed value.
std::unique_ptr<Clock> MakeClock(const TimeOptions& t);

// Opens the database for a short administrative command (one reader). `migrate` as in
// store::Database::Open. Throws DbError or std::invalid_argument.
std::unique_ptr<store::Database> OpenForCommand(const std::string& url, const Clock& clock,
                                                bool migrate);

// The first line of `path` without its line ending; "-" reads standard input. Throws
// std::runtime_error when the file cannot be read or the line is empty.
std::string ReadPasswordFile(const std::string& path);

// Splits --listen HOST:PORT ("[::1]:8080" too). False for anything else.
bool ParseListen(const std::string& listen, std::string* host, uint16_t* port);

// "2024-06-01 09:00" in China time, or "-" for none.
std::string ShortTime(std::optional<TimestampMs> ms);

// A plain-text table whose columns line up in a terminal, Chinese characters counted two columns
// wide.
class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace sg::cli
