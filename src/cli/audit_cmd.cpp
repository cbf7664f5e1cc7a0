// `shenguan audit …`: checking, exporting and pruning the audit trail (auth/audit.h).
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>

#include "auth/audit.h"
#include "auth/principal.h"
#include "cli/cli_util.h"
#include "cli/commands.h"

namespace sg::cli {
namespace {

// Who asked for a prune; PruneAudit's own entry vouches for the shortened chain.
constexpr const char* kPruneRequestAction = "audit.prune.request";

std::optional<Date> ParseDay(const std::optional<std::string>& text, const char* flag) {
  if (!text) return std::nullopt;
  auto d = Date::Parse(*text);
  if (!d) throw std::invalid_argument(std::string(flag) + " must be a real date, YYYY-MM-DD");
  return d;
}

}  // namespace

int AuditVerify(const AuditVerifyOptions& o) {
  try {
    auto clock = MakeClock({});
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/false);
    auto reader = db->Reader();
    const auth::ChainCheck check = auth::VerifyAuditChain(*reader, o.expected_last_id);
    if (check.ok) {
      std::cout << "audit chain OK: " << check.checked << " entries\n";
      return 0;
    }
    std::cout << "audit chain BROKEN";
    if (check.first_broken_id) std::cout << " at entry " << *check.first_broken_id;
    std::cout << ": " << check.reason << "\n";
    return 1;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int AuditExport(const AuditExportOptions& o) {
  try {
    const auto from = ParseDay(o.from, "--from");
    const auto to = ParseDay(o.to, "--to");
    if (from && to && *to < *from) return Fail("--to is before --from");
    auto clock = MakeClock({});
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/false);
    auto reader = db->Reader();
    if (!o.out) {
      auth::ExportAudit(*reader, std::cout, from, to);
      std::cout.flush();
      return std::cout ? 0 : Fail("could not write the export to standard output");
    }
    std::ofstream file(*o.out, std::ios::binary | std::ios::trunc);
    if (!file) return Fail("cannot write " + *o.out);
    auth::ExportAudit(*reader, file, from, to);
    file.close();
    if (!file) return Fail("could not write all of " + *o.out);
    std::cout << "Exported the audit log" << (from ? " from " + from->ToString() : std::string())
              << (to ? " to " + to->ToString() : std::string()) << " to " << *o.out
              << " (NDJSON).\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int AuditPrune(const AuditPruneOptions& o) {
  try {
    const Date before = *ParseDay(o.before, "--before");
    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/false);
    const Date today = clock->Today();
    const auth::Principal system = auth::SystemPrincipal();
    int64_t pruned = 0;
    db->writer().Run([&](store::WriteContext& ctx) {
      pruned = auth::PruneAudit(ctx, before, today);
      auto request = auth::AuditBy(system, "", kPruneRequestAction, "audit_log");
      request.detail = boost::json::serialize(
          boost::json::object{{"before", before.ToString()}, {"pruned", pruned}});
      ctx.AppendAudit(std::move(request));
    });
    if (pruned == 0) {
      std::cout << "No audit entries before " << before.ToString() << " to prune.\n";
    } else {
      std::cout << "Pruned " << pruned << " audit entries before " << before.ToString()
                << "; an audit.prune entry keeps the hash of the last one, so the chain still "
                   "verifies.\n";
    }
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

}  // namespace sg::cli
