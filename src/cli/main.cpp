// shenguan: composes the subcommands. Flags are declared here; the work is in commands.cpp.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

constexpr const char* kDbHelp =
    "Database: sqlite:PATH, postgresql://USER@HOST/DBNAME (any libpq URL), or postgresql: for "
    "the PG* environment variables";

int main(int argc, char** argv) {
  CLI::App app{"Shenguan 审管 — smart trial-and-case management for IP protection"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] { return std::string("shenguan ") + SHENGUAN_VERSION; });

  sg::cli::ServeOptions serve;
  auto* s = app.add_subcommand("serve", "Run the HTTP server");
  s->add_option("--db", serve.db, kDbHelp)->capture_default_str();
  s->add_option("--listen", serve.listen, "Address:port to listen on (port 0 picks a free one)")
      ->capture_default_str();
  s->add_option("--threads", serve.threads, "HTTP worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  s->add_option("--pool,--readers", serve.readers,
                "Reader connection pool size (0: threads + 1); on PostgreSQL the most open at once")
      ->check(CLI::Range(0, 1024));
  s->add_option("--max-batch", serve.max_batch,
                "Most write requests in one group commit (1 turns group commit off)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  s->add_option(
      "--now", serve.time.now,
      "Fix the server's clock at this instant (RFC 3339, e.g. 2024-06-01T09:00:00+08:00); "
      "it then advances normally");

  std::string migrate_db = "sqlite:shenguan.db";
  auto* m = app.add_subcommand("migrate", "Create or upgrade the database schema");
  m->add_option("--db", migrate_db, kDbHelp)->capture_default_str();

  sg::cli::DemoOptions demo;
  auto* d = app.add_subcommand("demo", "Load the Jinzhong demo data into an empty database");
  d->add_option("--db", demo.db, kDbHelp)->capture_default_str();
  d->add_option("--cases", demo.cases, "Number of cases")
      ->check(CLI::Range(int64_t{1}, int64_t{50000000}))
      ->capture_default_str();
  d->add_option("--seed", demo.seed, "Random seed; the same seed gives the same data")
      ->capture_default_str();
  d->add_option("--today", demo.time.today, "The demo's today (YYYY-MM-DD); default: today");
  d->add_option("--accounts-file", demo.accounts_file, "Where to write the demo accounts")
      ->capture_default_str();

  auto* v = app.add_subcommand("version", "Print the version");

  struct Later {
    const char* name;
    const char* help;
    const char* issue;
  };
  const Later later[] = {
      {"import", "Import cases, parties or IP rights (CSV, XLSX, NDJSON)", "data sharing"},
      {"export", "Export cases, parties or IP rights", "data sharing"},
      {"backup", "Back up the database online", "operations"},
      {"user", "Manage user accounts", "people and permissions"},
      {"token", "Manage API tokens", "people and permissions"},
  };
  std::vector<std::pair<CLI::App*, const Later*>> later_cmds;
  for (const auto& l : later) {
    auto* c = app.add_subcommand(l.name, std::string(l.help) + " (not yet available)");
    c->allow_extras();
    later_cmds.emplace_back(c, &l);
  }

  CLI11_PARSE(app, argc, argv);

  if (s->parsed()) return sg::cli::Serve(serve);
  if (m->parsed()) return sg::cli::Migrate(migrate_db);
  if (d->parsed()) return sg::cli::Demo(demo);
  if (v->parsed()) return sg::cli::Version();
  for (const auto& [c, l] : later_cmds) {
    if (c->parsed()) return sg::cli::NotYetAvailable(l->name, l->issue);
  }
  return 2;
}
