#include "cli/commands.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <spdlog/spdlog.h>

#include "base/clock.h"
#include "demo/demo.h"
#include "http/app.h"
#include "http/server.h"
#include "store/database.h"
#include "store/migrations.h"

namespace sg::cli {
namespace {

constexpr std::string_view kCountUsers = "SELECT COUNT(*) FROM users";
constexpr std::string_view kCountCasesAndAgencies =
    "SELECT (SELECT COUNT(*) FROM cases) + (SELECT COUNT(*) FROM agencies)";

int Fail(const std::string& message) {
  std::cerr << "shenguan: " << message << "\n";
  return 1;
}

// The one place the CLI makes a clock: real time, or the instant --now / --today fix.
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

}  // namespace

int Serve(const ServeOptions& o) {
  try {
    std::string host;
    uint16_t port = 0;
    if (!ParseListen(o.listen, &host, &port)) {
      return Fail("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    }
    auto clock = MakeClock(o.time);
    store::DatabaseOptions dbo;
    dbo.readers =
        o.readers > 0 ? static_cast<size_t>(o.readers) : static_cast<size_t>(o.threads) + 1;
    dbo.writer.max_batch = o.max_batch;
#ifndef SHENGUAN_GROUP_COMMIT_ENABLED
    dbo.writer.max_batch = 1;  // bench-only build: one commit per request
#endif
    auto db = store::Database::Open(o.db, *clock, dbo);
    http::App app{*db, *clock, SHENGUAN_VERSION, nullptr};
    auto router = http::BuildRouter(app);
    std::vector<std::string> names;
    for (const auto& r : router.routes()) names.push_back(r.method + " " + r.pattern);
    app.metrics = std::make_unique<http::Metrics>(names);

    {
      auto reader = db->Reader();
      if (reader->QueryInt(kCountUsers).value_or(0) == 0) {
        std::cout << "This database has no accounts yet. Create the first administrator with:\n"
                     "  shenguan user add NAME --admin --password-file FILE --db "
                  << o.db
                  << "\n(accounts arrive with the people-and-permissions work; until then the "
                     "API is open on loopback.)\n";
        if (reader->QueryInt(kCountCasesAndAgencies).value_or(0) == 0) {
          std::cout << "The database is empty. For demo data run: shenguan demo --db " << o.db
                    << "\n";
        }
      }
    }

    http::ServerOptions so;
    so.address = host;
    so.port = port;
    so.threads = o.threads;
    http::Server server(app, router, so);
    const uint16_t bound = server.Listen();
    std::cout << "Shenguan " << SHENGUAN_VERSION << " listening on http://" << host << ":" << bound
              << " (" << o.threads << " threads, database " << o.db << "). Ctrl-C stops it."
              << std::endl;
    server.Run();
    db->writer().Stop();
    std::cout << "Shenguan stopped." << std::endl;
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int Migrate(const std::string& db_url) {
  try {
    const auto engine = store::ParseDbUrl(db_url).first;
    SystemClock clock;
    auto db = store::Database::Open(db_url, clock, {}, /*migrate=*/true);
    std::cout << "Database " << db_url << " is at schema version " << store::LatestVersion(engine)
              << ".\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int Demo(const DemoOptions& o) {
  try {
    auto clock = MakeClock(o.time);
    auto db = store::Database::Open(o.db, *clock, {});
    // The bulk load bypasses the writer: nothing else is writing, and a failed demo is redone.
    db->writer().Stop();
    auto conn = db->OpenConnection("OFF");
    demo::DemoOptions dopt;
    dopt.cases = o.cases;
    dopt.seed = o.seed;
    dopt.today = clock->Today();
    const auto started = std::chrono::steady_clock::now();
    int last_pct = -1;
    const auto counts = demo::GenerateDemo(*conn, dopt, [&](int64_t done, int64_t total) {
      const int pct = total ? static_cast<int>(done * 100 / total) : 100;
      if (pct / 10 != last_pct / 10) {
        std::cerr << "  demo: " << done << " / " << total << " cases\n";
        last_pct = pct;
      }
    });
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "Loaded the Jinzhong demo data (seed " << o.seed << ", today "
              << dopt.today.ToString() << "):\n"
              << "  agencies " << counts.agencies << ", users " << counts.users << ", parties "
              << counts.parties << ", IP rights " << counts.ip_rights << ", cases " << counts.cases
              << "\n  case parties " << counts.case_parties << ", case IP links "
              << counts.case_ip_rights << ", case links " << counts.case_links << ", events "
              << counts.events << ", search terms " << counts.search_terms << ", changes "
              << counts.changes << "\n";
    std::printf("{\"rows\": %lld, \"seconds\": %.3f, \"rows_per_second\": %.0f}\n",
                static_cast<long long>(counts.total_rows), secs,
                secs > 0 ? static_cast<double>(counts.total_rows) / secs : 0.0);
    std::cout << "Demo accounts: none yet (accounts arrive with the people-and-permissions "
                 "work); the API is open on loopback.\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int Version() {
  std::cout << "shenguan " << SHENGUAN_VERSION << "\n";
  return 0;
}

int NotYetAvailable(const std::string& command, const std::string& issue) {
  std::cerr << "shenguan " << command << ": not yet available in this version (it arrives with the "
            << issue << " work).\n";
  return 2;
}

}  // namespace sg::cli
