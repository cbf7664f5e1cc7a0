#include "cli/commands.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <spdlog/spdlog.h>

#include "auth/authn.h"
#include "base/clock.h"
#include "cli/cli_util.h"
#include "demo/accounts.h"
#include "demo/demo.h"
#include "demo/steps.h"
#include "demo/stories.h"
#include "federation/follower.h"
#include "http/app.h"
#include "http/plain_http.h"
#include "http/server.h"
#include "service/calendar_service.h"
#include "service/case_actions.h"
#include "service/counters.h"
#include "store/database.h"
#include "store/migrations.h"
#include "webhook/worker.h"
#include "workflow/definition.h"

namespace sg::cli {
namespace {

constexpr std::string_view kCountUsers = "SELECT COUNT(*) FROM users";
constexpr std::string_view kCountCasesAndAgencies =
    "SELECT (SELECT COUNT(*) FROM cases) + (SELECT COUNT(*) FROM agencies)";

void PrintDemoAccounts(const std::vector<demo::DemoAccount>& accounts, const std::string& file) {
  std::cout << "\nDemo accounts (also in " << file
            << "; no password change needed). TOTP: add the secret to an authenticator app.\n";
  Table table({"USERNAME", "PASSWORD", "ROLE", "NAME", "AGENCY", "TOTP SECRET"});
  for (const auto& a : accounts) {
    table.Add({a.username, a.password, a.role, a.display_name, a.agency_name,
               a.totp_secret.empty() ? "-" : a.totp_secret});
  }
  table.Print(std::cout);
}

// Counter rows from before migration 0010 brought up to date (svc::UpgradeCounters), in one
// transaction on the writer; says how many when there were any.
void UpgradeCounters(store::Database& db) {
  int64_t n = 0;
  db.writer().Run([&](store::WriteContext& ctx) { n = svc::UpgradeCounters(ctx.conn()); });
  if (n > 0) std::cout << "Dashboard counters: brought " << n << " cases up to date.\n";
}

}  // namespace

int Serve(const ServeOptions& o) {
  try {
    std::string host;
    uint16_t port = 0;
    if (!ParseListen(o.listen, &host, &port)) {
      return Fail("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    }
    // --follow is checked before anything is served: a wrong address or token file is an error
    // now, not a follower retrying for ever.
    std::string follow_token;
    if (o.follow) {
      std::string why;
      if (!http::ParseHttpUrl(*o.follow, &why) || o.follow->rfind("http://", 0) != 0) {
        return Fail("--follow must be the other instance's base URL, http://HOST:PORT" +
                    (why.empty() ? std::string() : " (" + why + ")"));
      }
      follow_token = ReadPasswordFile(o.follow_token_file);
    }
    auto clock = MakeClock(o.time);
    store::DatabaseOptions dbo;
    dbo.readers =
        o.readers > 0 ? static_cast<size_t>(o.readers) : static_cast<size_t>(o.threads) + 1;
    dbo.writer.max_batch = o.max_batch;
    dbo.hold_read_snapshots = true;  // released when idle by the server's sweep, once a second
#ifndef SHENGUAN_GROUP_COMMIT_ENABLED
    dbo.writer.max_batch = 1;  // bench-only build: one commit per request
#endif
    auto db = store::Database::Open(o.db, *clock, dbo);
    UpgradeCounters(*db);
    http::App app(*db, *clock, SHENGUAN_VERSION);
    app.auth = std::make_unique<auth::Authenticator>(*db, *clock);
    app.limiter = std::make_unique<http::RateLimiter>(*clock);
    app.web = std::make_unique<http::StaticFiles>(o.web_dir);
    app.limits.anonymous = {o.rate_anonymous, o.rate_anonymous * 10};
    app.limits.login = {o.rate_login / 60.0, 10};
    app.limits.caller = {o.rate_caller, o.rate_caller * 6};
    app.secure_cookies = o.secure_cookies;
    // The workflow definitions are checked before anything is served: a wrong one stops the
    // server with the file and the problem named (wf::DefinitionError).
    std::optional<wf::Registry> workflows;
    if (o.workflows_dir) {
      workflows = wf::Registry::LoadDirectory(*o.workflows_dir);
      app.workflows = &*workflows;
    } else {
      wf::Registry::Builtin();
    }
    {
      auto reader = db->Reader();
      app.SetCalendar(svc::LoadCalendar(*reader));
    }
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
                  << "\n(FILE holds the password on its first line, or use - for standard "
                     "input; at least 10 characters of three kinds. The administrator changes "
                     "it at the first login.)\n";
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
    so.read_timeout_seconds = o.read_timeout_seconds;
    http::Server server(app, router, so);
    const uint16_t bound = server.Listen();
    std::cout << "Shenguan " << SHENGUAN_VERSION << " listening on http://" << host << ":" << bound
              << " (" << o.threads << " threads, database " << o.db << "). Ctrl-C stops it."
              << std::endl;
    // Webhook deliveries (webhook/worker.h): started once serving, stopped before the writer.
    webhook::WorkerOptions wo;
    wo.senders = o.webhook_senders;
    wo.retry = webhook::ScaledRetryPolicy(o.webhook_retry_base_ms, o.webhook_max_attempts);
    wo.timeout = std::chrono::milliseconds(o.webhook_timeout_ms);
    wo.allow_non_public = !o.webhook_deny_private;
    wo.user_agent = std::string("Shenguan-Webhook/") + SHENGUAN_VERSION;
    webhook::DeliveryWorker webhooks(*db, *clock, wo);
    webhooks.Start();
    std::unique_ptr<fed::Follower> follower;
    if (o.follow) {
      fed::FollowOptions fo;
      fo.url = *o.follow;
      fo.token = follow_token;
      follower = std::make_unique<fed::Follower>(
          *db, *clock, *app.workflows, [&app] { return app.Calendar(); }, fo);
      follower->Start();
    }
    server.Run();
    app.feed_waiters.reset();  // its waiting replies hold connections of the server
    if (follower) follower->Stop();
    webhooks.Stop();
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
    UpgradeCounters(*db);
    std::cout << "Database " << db_url << " is at schema version " << store::LatestVersion(engine)
              << ".\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

namespace {

// `shenguan demo --step-cases N`: one step of a stepped demo (demo/steps.h). Prints what it did
// and, last, one JSON line for scripts: {"step", "phase", "seconds", "cases_written", "cases",
// "complete"}.
constexpr int kStepCacheKib = 2 * 1024 * 1024;

int DemoStep(const DemoOptions& o) {
  auto clock = MakeClock(o.time);
  auto db = store::Database::Open(o.db, *clock, {});
  db->writer().Stop();
  auto conn = db->OpenConnection("OFF");
  if (conn->engine() == store::Engine::kSqlite) {
    // A step writes millions of rows into indexes of tens of GB (10M cases): with the store's
    // 16 MiB the page cache spills into the WAL mid-transaction and each step slows as the
    // database grows (the setup of 10M cases: 622 s). A bulk tool may take 2 GiB.
    conn->ExecScript("PRAGMA cache_size=-" + std::to_string(kStepCacheKib));
  }
  demo::StepOptions so;
  so.demo.cases = o.cases;
  so.demo.seed = o.seed;
  so.demo.today = clock->Today();
  so.step_cases = *o.step_cases;
  const auto started = std::chrono::steady_clock::now();
  int last_pct = -1;
  const auto report = demo::RunDemoStep(
      *conn, [&] { return db->OpenConnection("OFF"); }, *clock, so,
      [&](int64_t done, int64_t total) {
        const int pct = total ? static_cast<int>(done * 100 / total) : 100;
        if (pct / 10 != last_pct / 10) {
          std::cerr << "  demo: " << done << " / " << total << "\n";
          last_pct = pct;
        }
      });
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (report.step > 0) {
    std::printf("demo step %lld (%s): %s in %.1f s\n", static_cast<long long>(report.step),
                report.phase.c_str(), report.what.c_str(), secs);
  } else {
    std::printf("demo: %s\n", report.what.c_str());
  }
  std::cout.flush();
  if (!report.accounts.empty()) {
    std::ofstream file(o.accounts_file, std::ios::binary | std::ios::trunc);
    file << demo::FormatAccountsFile(report.accounts);
    file.close();
    if (!file) return Fail("could not write the demo accounts to " + o.accounts_file);
    PrintDemoAccounts(report.accounts, o.accounts_file);
  }
  std::printf(
      "{\"step\": %lld, \"phase\": \"%s\", \"seconds\": %.3f, \"cases_written\": %lld, "
      "\"cases\": %lld, \"complete\": %s}\n",
      static_cast<long long>(report.step), report.phase.c_str(), secs,
      static_cast<long long>(report.cases_written), static_cast<long long>(report.cases_total),
      report.complete ? "true" : "false");
  return 0;
}

}  // namespace

int Demo(const DemoOptions& o) {
  try {
    if (o.step_cases) return DemoStep(o);
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
    std::cout.flush();

    // The cases enter their workflows: stages and running deadlines as of --today.
    {
      const auto wf_started = std::chrono::steady_clock::now();
      const int64_t adopted =
          svc::AdoptCases(*conn, wf::Registry::Builtin(), *cal::Calendar::Builtin(), dopt.today);
      std::printf(
          "Workflows: %lld cases given their stage and deadlines in %.3f s\n",
          static_cast<long long>(adopted),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wf_started).count());
      // Then the open cases live through their workflows by today, through the writer as the
      // API's actions do (events, feed, audit, deadlines).
      // Planner statistics before the stories' many small queries (demo/steps.cpp says why).
      conn->ExecScript(conn->engine() == store::Engine::kSqlite
                           ? "PRAGMA analysis_limit=1000; ANALYZE;"
                           : "ANALYZE");
      const auto stories_started = std::chrono::steady_clock::now();
      demo::StoryCounts stories;
      {
        store::Writer writer(db->OpenConnection("OFF"), *clock, {});
        stories = demo::PlayStories(writer, wf::Registry::Builtin(), *cal::Calendar::Builtin(),
                                    dopt.today, o.seed, demo::kDemoStoryCases);
        writer.Stop();
      }
      std::printf(
          "Workflows: %lld actions on %lld open cases (services %lld, not-counted periods %lld, "
          "extensions %lld) in %.3f s\n",
          static_cast<long long>(stories.actions), static_cast<long long>(stories.cases),
          static_cast<long long>(stories.services), static_cast<long long>(stories.suspensions),
          static_cast<long long>(stories.extensions),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - stories_started)
              .count());
      // The dashboard's counters, from the cases as loaded (the bulk load bypassed them).
      store::Transaction tx(*conn);
      svc::RebuildCounters(*conn, wf::Registry::Builtin());
      tx.Commit();
      // Full statistics for the query planner after a bulk load (store/database.cpp).
      conn->ExecScript(conn->engine() == store::Engine::kSqlite
                           ? "PRAGMA analysis_limit=0; ANALYZE;"
                           : "ANALYZE");
    }

    // Accounts last: they pick as handlers the demo users who handle the most cases.
    const auto accounts = demo::CreateDemoAccounts(*conn, o.seed, clock->Now());
    {
      std::ofstream file(o.accounts_file, std::ios::binary | std::ios::trunc);
      file << demo::FormatAccountsFile(accounts);
      file.close();
      if (!file) return Fail("could not write the demo accounts to " + o.accounts_file);
    }
    PrintDemoAccounts(accounts, o.accounts_file);
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
