// shenguan: composes the subcommands. Flags are declared here; the work is in commands.cpp.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

constexpr const char* kDbHelp =
    "Database: sqlite:PATH, postgresql://USER@HOST/DBNAME (any libpq URL), or postgresql: for "
    "the PG* environment variables";

// Under LeakSanitizer (the Debug preset), fontconfig's caches and cairo 1.16's PDF font-subsetting
// buffers, held until exit by the libraries themselves, would be reported when the server that
// rendered a report stops. The report module's own test checks that module strictly (with full
// unwinding, src/report/report_test.cpp); the server suppresses these two libraries. Without a
// sanitizer nothing calls this.
// NOLINTNEXTLINE(bugprone-reserved-identifier): the name is LeakSanitizer's interface.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n"
         "leak:libcairo.so\n";
}

namespace {

int Run(int argc, char** argv) {
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
  s->add_option("--read-timeout", serve.read_timeout_seconds,
                "Seconds a connection may take to send a request (or to take a response) before "
                "it is closed; larger bodies (imports) get proportionally longer")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  s->add_option("--max-batch", serve.max_batch,
                "Most write requests in one group commit (1 turns group commit off)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  s->add_option(
      "--now", serve.time.now,
      "Fix the server's clock at this instant (RFC 3339, e.g. 2024-06-01T09:00:00+08:00); "
      "it then advances normally");
  s->add_option("--workflows", serve.workflows_dir,
                "A directory of workflow definitions (<kind>.json) replacing the built-in ones; "
                "checked at start-up");
  s->add_option("--web-dir", serve.web_dir,
                "The built web app (web/dist); the API runs without it when it is missing")
      ->capture_default_str();
  s->add_flag("--secure-cookies", serve.secure_cookies,
              "Mark the session cookie Secure (when a TLS terminator fronts the server)");
  s->add_option("--rate-anonymous", serve.rate_anonymous,
                "Requests per second per IP without a session or token (burst 10x)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  s->add_option("--rate-login", serve.rate_login, "Login attempts per minute per IP (burst 10)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  s->add_option("--rate-caller", serve.rate_caller,
                "Requests per second per session, or per token without its own limit (burst 6x)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  s->add_option("--webhook-senders", serve.webhook_senders,
                "Webhook subscriptions served at once (0: this process delivers no webhooks; run "
                "the delivery in one process per database)")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  s->add_option("--webhook-retry-base-ms", serve.webhook_retry_base_ms,
                "First webhook retry wait; doubles per failure, capped at 720x (tests shorten it)")
      ->check(CLI::Range(int64_t{1}, int64_t{3600000}))
      ->capture_default_str();
  s->add_option("--webhook-max-attempts", serve.webhook_max_attempts,
                "Webhook attempts before a delivery is dead-lettered and its subscription disabled")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  s->add_option("--webhook-timeout-ms", serve.webhook_timeout_ms,
                "How long a webhook receiver has to answer one delivery")
      ->check(CLI::Range(int64_t{100}, int64_t{120000}))
      ->capture_default_str();
  s->add_flag("--webhook-deny-private", serve.webhook_deny_private,
              "Refuse webhook receivers that resolve to loopback, private or link-local addresses");
  auto* follow = s->add_option("--follow", serve.follow,
                               "Follow another Shenguan instance's change feed (its base URL, "
                               "http://HOST:PORT) and apply its transfers and agencies here");
  s->add_option("--token-file", serve.follow_token_file,
                "With --follow: a file whose first line is an API token of the followed instance")
      ->needs(follow);
  follow->needs("--token-file");

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
  d->add_option("--step-cases", demo.step_cases,
                "Load in steps (a database too large for one run): each run does the next step, "
                "writing at most this many cases, and exits; run the same command again until it "
                "prints \"complete\": true. A killed step is taken up again where it stopped")
      ->check(CLI::Range(int64_t{1}, int64_t{50000000}));

  auto* v = app.add_subcommand("version", "Print the version");

  // Account, token and audit commands run when parsed; they set the exit code.
  int exit_code = 2;
  auto add_db = [](CLI::App* c, std::string& db) {
    c->add_option("--db", db, kDbHelp)->capture_default_str();
  };
  auto add_now = [](CLI::App* c, sg::cli::TimeOptions& t) {
    c->add_option("--now", t.now,
                  "Fix the time of the change (RFC 3339, e.g. 2024-06-01T09:00:00+08:00)");
  };

  auto* user = app.add_subcommand("user", "Manage user accounts (audited as the system)");
  user->require_subcommand(1);
  sg::cli::UserAddOptions user_add;
  auto* ua = user->add_subcommand("add", "Create a user");
  ua->add_option("name", user_add.username, "Username: 2-32 letters, digits, _ . -")->required();
  ua->add_flag("--admin", user_add.admin,
               "Role system_admin; without --agency-id the first agency (or a new one, 系统管理, "
               "when there is none)");
  ua->add_option("--role", user_add.role,
                 "Role code: system_admin, agency_admin, clerk, handler, approver, supervisor, "
                 "external_system (required without --admin)");
  ua->add_option("--agency-id", user_add.agency_id, "The user's agency (required without --admin)")
      ->check(CLI::PositiveNumber);
  ua->add_option("--display-name", user_add.display_name, "Name shown in the UI; default: NAME");
  ua->add_option("--password-file", user_add.password_file,
                 "File whose first line is the password; - reads standard input")
      ->required();
  ua->add_flag("--no-force-change", user_add.no_force_change,
               "Do not make the user change the password at the first login");
  add_db(ua, user_add.db);
  add_now(ua, user_add.time);
  ua->callback([&] { exit_code = sg::cli::UserAdd(user_add); });

  sg::cli::UserPasswdOptions user_passwd;
  auto* up = user->add_subcommand("passwd", "Set a user's password and end its sessions");
  up->add_option("name", user_passwd.username, "Username")->required();
  up->add_option("--password-file", user_passwd.password_file,
                 "File whose first line is the password; - reads standard input")
      ->required();
  up->add_flag("--no-force-change", user_passwd.no_force_change,
               "Do not make the user change the password at the next login");
  add_db(up, user_passwd.db);
  add_now(up, user_passwd.time);
  up->callback([&] { exit_code = sg::cli::UserPasswd(user_passwd); });

  struct UserActionCommand {
    const char* name;
    const char* help;
    sg::cli::UserAction action;
  };
  const UserActionCommand user_actions[] = {
      {"lock", "Disable a user and end its sessions", sg::cli::UserAction::kLock},
      {"unlock", "Enable a user again and clear its failed logins", sg::cli::UserAction::kUnlock},
      {"totp-reset", "Clear a user's TOTP so that it enrols again at the next login",
       sg::cli::UserAction::kTotpReset},
  };
  sg::cli::UserActionOptions user_action;
  for (const auto& a : user_actions) {
    auto* c = user->add_subcommand(a.name, a.help);
    c->add_option("name", user_action.username, "Username")->required();
    add_db(c, user_action.db);
    add_now(c, user_action.time);
    c->callback([&, action = a.action] { exit_code = sg::cli::UserChange(user_action, action); });
  }

  std::string user_list_db = "sqlite:shenguan.db";
  auto* ul = user->add_subcommand("list", "List the users");
  add_db(ul, user_list_db);
  ul->callback([&] { exit_code = sg::cli::UserList(user_list_db); });

  auto* token = app.add_subcommand("token", "Manage API tokens (audited as the system)");
  token->require_subcommand(1);
  sg::cli::TokenCreateOptions token_create;
  auto* tc = token->add_subcommand(
      "create", "Create an API token; prints the token alone on the last line of the output");
  tc->add_option("--name", token_create.name, "What the token is for, e.g. the calling system")
      ->required();
  tc->add_option("--role", token_create.role, "Role code, e.g. external_system")->required();
  tc->add_option("--agency-id", token_create.agency_id,
                 "The token's agency; default: the first (a new one, 系统管理, when there is none)")
      ->check(CLI::PositiveNumber);
  tc->add_option("--expires-days", token_create.expires_days,
                 "Days until it expires; default: never")
      ->check(CLI::Range(int64_t{1}, int64_t{3650}));
  tc->add_option("--rate-limit", token_create.rate_limit,
                 "Requests per second; default: the server's --rate-caller")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  add_db(tc, token_create.db);
  add_now(tc, token_create.time);
  tc->callback([&] { exit_code = sg::cli::TokenCreate(token_create); });

  sg::cli::TokenRevokeOptions token_revoke;
  auto* tr = token->add_subcommand("revoke", "Revoke an API token");
  tr->add_option("id", token_revoke.id, "Token id (see `token list`)")
      ->required()
      ->check(CLI::PositiveNumber);
  add_db(tr, token_revoke.db);
  add_now(tr, token_revoke.time);
  tr->callback([&] { exit_code = sg::cli::TokenRevoke(token_revoke); });

  std::string token_list_db = "sqlite:shenguan.db";
  auto* tl = token->add_subcommand("list", "List the API tokens, newest first (no secrets)");
  add_db(tl, token_list_db);
  tl->callback([&] { exit_code = sg::cli::TokenList(token_list_db); });

  auto* audit = app.add_subcommand("audit", "Check, export and prune the audit trail");
  audit->require_subcommand(1);
  sg::cli::AuditVerifyOptions audit_verify;
  auto* av =
      audit->add_subcommand("verify", "Check the audit log's hash chain; exit 1 when it is broken");
  av->add_option("--expected-last-id", audit_verify.expected_last_id,
                 "The last entry id of an earlier export: a log that ends before it lost entries")
      ->check(CLI::PositiveNumber);
  add_db(av, audit_verify.db);
  av->callback([&] { exit_code = sg::cli::AuditVerify(audit_verify); });

  sg::cli::AuditExportOptions audit_export;
  auto* ae = audit->add_subcommand(
      "export", "Write audit entries as NDJSON, every column as stored, for outside auditors");
  ae->add_option("--from", audit_export.from, "First day, YYYY-MM-DD (China time)");
  ae->add_option("--to", audit_export.to, "Last day, YYYY-MM-DD (China time)");
  ae->add_option("--out", audit_export.out, "Output file; default: standard output");
  add_db(ae, audit_export.db);
  ae->callback([&] { exit_code = sg::cli::AuditExport(audit_export); });

  sg::cli::AuditPruneOptions audit_prune;
  auto* ap = audit->add_subcommand(
      "prune", "Delete audit entries before a day at least 180 days ago (网络安全法 第二十一条)");
  ap->add_option("--before", audit_prune.before, "Delete entries before this day, YYYY-MM-DD")
      ->required();
  add_db(ap, audit_prune.db);
  add_now(ap, audit_prune.time);
  ap->callback([&] { exit_code = sg::cli::AuditPrune(audit_prune); });

  sg::cli::CalendarLoadOptions calendar_load;
  auto* calendar = app.add_subcommand("calendar", "The working-day calendar (holidays and 调休)");
  calendar->require_subcommand(1);
  auto* cl = calendar->add_subcommand(
      "load",
      "Load newly announced holiday years (the format of data/holidays-cn.json) and "
      "recompute every open deadline; takes effect at the next start of `serve`");
  cl->add_option("file", calendar_load.file, "The holiday file")->required();
  add_db(cl, calendar_load.db);
  add_now(cl, calendar_load.time);
  cl->callback([&] { exit_code = sg::cli::CalendarLoad(calendar_load); });
  std::string calendar_years_db = "sqlite:shenguan.db";
  auto* cy = calendar->add_subcommand("years", "List the years the calendar covers, with sources");
  add_db(cy, calendar_years_db);
  cy->callback([&] { exit_code = sg::cli::CalendarYears(calendar_years_db); });

  sg::cli::WorkflowOverrideOptions override_opts;
  auto* workflow = app.add_subcommand("workflow", "Workflow definitions and per-agency limits");
  workflow->require_subcommand(1);
  std::string check_dir;
  auto* wc = workflow->add_subcommand(
      "check", "Check workflow definitions (the built-in ones, or a directory of <kind>.json)");
  wc->add_option("dir", check_dir, "A directory of definitions replacing the built-in ones");
  wc->callback([&] { exit_code = sg::cli::WorkflowCheck(check_dir); });
  std::string adopt_db = "sqlite:shenguan.db";
  sg::cli::TimeOptions adopt_time;
  auto* wa = workflow->add_subcommand(
      "adopt", "Give cases loaded without a stage (bulk loads) their stage and deadlines");
  add_db(wa, adopt_db);
  wa->add_option("--today", adopt_time.today, "The day deadlines are computed for (YYYY-MM-DD)");
  wa->callback([&] { exit_code = sg::cli::WorkflowAdopt(adopt_db, adopt_time); });
  auto* wo = workflow->add_subcommand(
      "override",
      "Set an agency's length for a configurable (unconfirmed) limit; applies to "
      "deadlines started from now on");
  wo->add_option("--agency-id", override_opts.agency_id, "The agency")->required();
  wo->add_option("--kind", override_opts.kind, "The case kind, e.g. patent_adjudication")
      ->required();
  wo->add_option("--deadline", override_opts.deadline, "The deadline code (docs/workflows.md)")
      ->required();
  wo->add_option("--length", override_opts.length, "The new length")
      ->required()
      ->check(CLI::Range(1, 100000));
  wo->add_option("--unit", override_opts.unit, "days | working_days | months")->required();
  wo->add_option("--reason", override_opts.reason, "Why (the local rule that sets it)")->required();
  add_db(wo, override_opts.db);
  add_now(wo, override_opts.time);
  wo->callback([&] { exit_code = sg::cli::WorkflowOverride(override_opts); });

  sg::cli::WebhookReceiverOptions webhook_receiver;
  auto* wr = app.add_subcommand(
      "webhook-receiver",
      "Receive webhooks for testing: verify each delivery's signature and print it as one line");
  wr->add_option("--secret-file", webhook_receiver.secret_file,
                 "File whose first line is the subscription's secret (whsec_...)")
      ->required();
  wr->add_option("--listen", webhook_receiver.listen,
                 "Address:port to listen on (port 0 picks a free one)")
      ->capture_default_str();
  wr->add_option("--fail-first", webhook_receiver.fail_first,
                 "Answer 500 to the first N deliveries (to try retries)")
      ->check(CLI::Range(int64_t{0}, int64_t{1000000}));
  wr->add_option("--out", webhook_receiver.out, "Also append each line to this file");
  wr->add_option("--now", webhook_receiver.time.now,
                 "Fix the clock the timestamps are checked against (RFC 3339); it then advances");

  sg::cli::ImportCmdOptions import_opts;
  auto* imp = app.add_subcommand(
      "import",
      "Import cases, parties or IP rights from CSV, XLSX or NDJSON (docs/data-exchange.md)");
  imp->add_option("file", import_opts.file, "The file to import")->required();
  add_db(imp, import_opts.db);
  imp->add_option("--entity", import_opts.entity, "cases | parties | ip_rights")
      ->capture_default_str();
  imp->add_option("--format", import_opts.format,
                  "csv | xlsx | ndjson (default: from the file's extension)");
  imp->add_option("--mapping", import_opts.mapping,
                  "hotline_12315 | hotline_12345: the hotline platforms' work-order columns");
  imp->add_flag("--partial", import_opts.partial,
                "Store the valid rows even when others are rejected (default: all or nothing)");
  imp->add_flag("--dry-run", import_opts.dry_run, "Validate and report; store nothing");
  imp->add_option("--source-system", import_opts.source_system,
                  "The source system of rows that name none");
  imp->add_flag("--json", import_opts.json, "Print the report as the API's JSON");
  imp->add_option("--today", import_opts.time.today,
                  "The day dates are checked against (YYYY-MM-DD)");
  add_now(imp, import_opts.time);

  sg::cli::ExportCmdOptions export_opts;
  auto* exp = app.add_subcommand("export", "Export cases, parties or IP rights");
  add_db(exp, export_opts.db);
  exp->add_option("--entity", export_opts.entity, "cases | parties | ip_rights")
      ->capture_default_str();
  exp->add_option("--format", export_opts.format, "csv | csv_gb18030 | xlsx | ndjson")
      ->capture_default_str();
  exp->add_option("--out", export_opts.out, "Output file; default: standard output");
  exp->add_option(
      "--query", export_opts.query,
      "List filters as in GET /api/v1/cases, e.g. \"kind=civil_first&filed_from=2024-01-01\"");
  exp->add_option("--today", export_opts.time.today, "The day deadline filters refer to");

  struct Later {
    const char* name;
    const char* help;
    const char* issue;
  };
  const Later later[] = {
      {"backup", "Back up the database online", "operations"},
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
  if (wr->parsed()) return sg::cli::WebhookReceiver(webhook_receiver);
  if (imp->parsed()) return sg::cli::Import(import_opts);
  if (exp->parsed()) return sg::cli::Export(export_opts);
  if (user->parsed() || token->parsed() || audit->parsed() || calendar->parsed() ||
      workflow->parsed()) {
    return exit_code;
  }
  for (const auto& [c, l] : later_cmds) {
    if (c->parsed()) return sg::cli::NotYetAvailable(l->name, l->issue);
  }
  return 2;
}

}  // namespace

// Each command reports its own failures; anything that still escapes (out of memory, a bug) is
// printed as one line and exits 1 instead of aborting.
int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "shenguan: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "shenguan: unknown error\n";
  }
  return 1;
}
