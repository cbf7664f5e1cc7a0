// The subcommands of `shenguan`. main.cpp declares the flags (CLI11); each function here does one
// command and returns the process exit code. Errors are printed as one line on stderr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sg::cli {

// --now / --today, shared by the commands that need time.
struct TimeOptions {
  std::optional<std::string> now;    // RFC 3339
  std::optional<std::string> today;  // YYYY-MM-DD
};

struct ServeOptions {
  std::string db = "sqlite:shenguan.db";
  std::string listen = "127.0.0.1:8080";
  int threads = 2;
  int readers = 0;  // 0: one per thread plus one
  size_t max_batch = 256;
  TimeOptions time;
};
int Serve(const ServeOptions& o);

int Migrate(const std::string& db);

struct DemoOptions {
  std::string db = "sqlite:shenguan.db";
  int64_t cases = 3000;
  uint64_t seed = 1;
  std::string accounts_file = "demo-accounts.txt";
  TimeOptions time;
};
int Demo(const DemoOptions& o);

int Version();

// For commands that later issues build: says so clearly and exits 2.
int NotYetAvailable(const std::string& command, const std::string& issue);

}  // namespace sg::cli
