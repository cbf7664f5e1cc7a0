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
  int read_timeout_seconds = 30;  // a request, or a response to a client, slower than this ends
  TimeOptions time;
  std::string web_dir = "web/dist";
  // A directory of workflow definitions (<kind>.json) that replace the built-in ones.
  std::optional<std::string> workflows_dir;
  bool secure_cookies = false;
  double rate_anonymous = 20;  // per second per IP
  double rate_login = 12;      // per minute per IP
  double rate_caller = 50;     // per second per session or token
  // Webhook delivery (webhook/worker.h, docs/data-exchange.md "Webhooks").
  int webhook_senders = 2;                // 0: this process delivers nothing
  int64_t webhook_retry_base_ms = 30000;  // first retry wait; scales the schedule (tests)
  int webhook_max_attempts = 17;          // then the delivery is dead-lettered
  int64_t webhook_timeout_ms = 10000;     // per attempt
  bool webhook_deny_private = false;      // refuse receivers on loopback/private addresses
  // Federation (federation/follower.h): follow another instance's feed with its token.
  std::optional<std::string> follow;  // its base URL
  std::string follow_token_file;      // first line: the token
};
int Serve(const ServeOptions& o);

int Migrate(const std::string& db);

struct DemoOptions {
  std::string db = "sqlite:shenguan.db";
  int64_t cases = 3000;
  uint64_t seed = 1;
  std::string accounts_file = "demo-accounts.txt";
  TimeOptions time;
  // Set: a stepped demo (demo/steps.h); each run does the next step, writing at most this many
  // cases, and says whether the demo is complete.
  std::optional<int64_t> step_cases;
};
int Demo(const DemoOptions& o);

int Version();

// ---- Accounts and tokens (accounts_cmd.cpp). Every change is audited as the system. ----

struct UserAddOptions {
  std::string db = "sqlite:shenguan.db";
  std::string username;
  bool admin = false;  // role system_admin; agency defaults to the first one
  std::optional<std::string> role;
  std::optional<int64_t> agency_id;
  std::optional<std::string> display_name;
  std::string password_file;  // "-": standard input
  bool no_force_change = false;
  TimeOptions time;
};
// Creates a user. Without an agency at all and with --admin, first creates the top agency 系统管理.
int UserAdd(const UserAddOptions& o);

struct UserPasswdOptions {
  std::string db = "sqlite:shenguan.db";
  std::string username;
  std::string password_file;
  bool no_force_change = false;
  TimeOptions time;
};
int UserPasswd(const UserPasswdOptions& o);

enum class UserAction { kLock, kUnlock, kTotpReset };
struct UserActionOptions {
  std::string db = "sqlite:shenguan.db";
  std::string username;
  TimeOptions time;
};
int UserChange(const UserActionOptions& o, UserAction action);

int UserList(const std::string& db);

struct TokenCreateOptions {
  std::string db = "sqlite:shenguan.db";
  std::string name;
  std::string role;
  std::optional<int64_t> agency_id;
  std::optional<int64_t> expires_days;
  std::optional<int64_t> rate_limit;  // requests per second
  TimeOptions time;
};
// Prints the new token alone on the last line of its output (shared/API.md "Auth"). Like UserAdd,
// creates the top agency 系统管理 in a database without any agency.
int TokenCreate(const TokenCreateOptions& o);

struct TokenRevokeOptions {
  std::string db = "sqlite:shenguan.db";
  int64_t id = 0;
  TimeOptions time;
};
int TokenRevoke(const TokenRevokeOptions& o);

int TokenList(const std::string& db);

// ---- The audit trail (audit_cmd.cpp) ----

struct AuditVerifyOptions {
  std::string db = "sqlite:shenguan.db";
  // The last id of an earlier export kept elsewhere: a log that ends before it lost entries.
  std::optional<int64_t> expected_last_id;
};
// Exit 0 when the chain is intact, 1 when it is broken (or on an error).
int AuditVerify(const AuditVerifyOptions& o);

struct AuditExportOptions {
  std::string db = "sqlite:shenguan.db";
  std::optional<std::string> from;  // YYYY-MM-DD, inclusive
  std::optional<std::string> to;    // YYYY-MM-DD, inclusive
  std::optional<std::string> out;   // default: standard output
};
int AuditExport(const AuditExportOptions& o);

struct AuditPruneOptions {
  std::string db = "sqlite:shenguan.db";
  std::string before;  // YYYY-MM-DD
  TimeOptions time;
};
int AuditPrune(const AuditPruneOptions& o);

// For commands that later issues build: says so clearly and exits 2.
// ---- calendar and workflows (workflow_cmd.cpp) ----

struct CalendarLoadOptions {
  std::string db = "sqlite:shenguan.db";
  std::string file;
  TimeOptions time;
};
int CalendarLoad(const CalendarLoadOptions& o);
int CalendarYears(const std::string& db);
// Checks the definitions; prints each kind, or the first problem (exit 1).
int WorkflowCheck(const std::string& dir);
// Cases without a stage enter their workflows (svc::AdoptCases).
int WorkflowAdopt(const std::string& db, const TimeOptions& time);
struct WorkflowOverrideOptions {
  std::string db = "sqlite:shenguan.db";
  int64_t agency_id = 0;
  std::string kind, deadline, unit, reason;
  int64_t length = 0;
  TimeOptions time;
};
int WorkflowOverride(const WorkflowOverrideOptions& o);

// ---- Webhooks (webhook_cmd.cpp) ----

struct WebhookReceiverOptions {
  std::string secret_file;  // first line: the subscription's secret
  std::string listen = "127.0.0.1:9000";
  int64_t fail_first = 0;
  std::optional<std::string> out;  // also append each line to this file
  TimeOptions time;
};
// Runs the test receiver of webhook/receiver.h until SIGINT/SIGTERM.
int WebhookReceiver(const WebhookReceiverOptions& o);

// ---- Bulk exchange (exchange_cmd.cpp), as the system (docs/data-exchange.md) ----

struct ImportCmdOptions {
  std::string db = "sqlite:shenguan.db";
  std::string file;
  std::string entity = "cases";
  std::optional<std::string> format;   // csv | xlsx | ndjson; from the file's extension otherwise
  std::optional<std::string> mapping;  // hotline_12315 | hotline_12345
  bool partial = false;
  bool dry_run = false;
  std::optional<std::string> source_system;
  bool json = false;  // print the report as the API's JSON
  TimeOptions time;
};
// Prints the report; exit code 1 when the file cannot be read or rows were rejected in
// all-or-nothing mode (nothing stored then).
int Import(const ImportCmdOptions& o);

struct ExportCmdOptions {
  std::string db = "sqlite:shenguan.db";
  std::string entity = "cases";
  std::string format = "csv";      // csv | csv_gb18030 | xlsx | ndjson
  std::optional<std::string> out;  // default: standard output
  std::string query;  // list filters as a query string: "kind=civil_first&filed_from=2024-01-01"
  TimeOptions time;
};
int Export(const ExportCmdOptions& o);

int NotYetAvailable(const std::string& command, const std::string& issue);

}  // namespace sg::cli
