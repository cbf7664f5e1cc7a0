// `shenguan calendar …` and `shenguan workflow …`: holiday years, definition checks and the
// per-agency lengths of configurable limits. Writes go through the writer and are audited as
// the system.
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "auth/principal.h"
#include "calendar/calendar.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "service/calendar_service.h"
#include "service/case_actions.h"
#include "service/counters.h"
#include "service/deadlines.h"
#include "workflow/definition.h"

namespace sg::cli {
namespace {

constexpr std::string_view kAgencyExists = "SELECT 1 FROM agencies WHERE id = ?";
constexpr std::string_view kUpsertOverride =
    "INSERT INTO deadline_overrides (agency_id, kind, code, length, unit, reason, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (agency_id, kind, code) DO UPDATE SET "
    "length = excluded.length, unit = excluded.unit, reason = excluded.reason, "
    "updated_at = excluded.updated_at";

auth::Actor SystemActor() {
  return {std::make_shared<const auth::Principal>(auth::SystemPrincipal()), ""};
}

}  // namespace

int CalendarLoad(const CalendarLoadOptions& o) {
  try {
    std::ifstream in(o.file);
    if (!in) return Fail("cannot read " + o.file);
    std::stringstream text;
    text << in.rdbuf();
    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/true);
    std::vector<int> years;
    int64_t cases = 0;
    db->writer().Run([&](store::WriteContext& ctx) {
      years = svc::StoreCalendarYears(ctx, text.str(), SystemActor());
      // Due dates moved: the counters of near and overdue (and in-limit verdicts) of each case
      // recomputed follow.
      const Date today = clock->Today();
      cases = svc::RecomputeAllDeadlines(
          ctx.conn(), *svc::LoadCalendar(ctx.conn()), today,
          [&](int64_t id) { svc::CountCase(ctx.conn(), wf::Registry::Builtin(), id, today); });
    });
    std::cout << "Loaded";
    for (int y : years) std::cout << " " << y;
    std::cout << "; recomputed the deadlines of " << cases
              << " open cases. A running server takes the years at its next start.\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int CalendarYears(const std::string& db_url) {
  try {
    auto clock = MakeClock({});
    auto db = OpenForCommand(db_url, *clock, /*migrate=*/false);
    auto reader = db->Reader();
    const auto calendar = svc::LoadCalendar(*reader);
    Table t({"YEAR", "SOURCE"});
    for (int y : calendar->CoveredYears()) t.Add({std::to_string(y), calendar->SourceOf(y)});
    t.Print(std::cout);
    std::cout << "Periods reaching other years are provisional (weekends and fixed-date holidays "
                 "only).\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int WorkflowCheck(const std::string& dir) {
  try {
    const wf::Registry registry =
        dir.empty() ? wf::Registry::Builtin() : wf::Registry::LoadDirectory(dir);
    for (const auto& kind : registry.Kinds()) {
      const auto* d = registry.Find(kind);
      std::cout << kind << "\t" << d->label << "\tv" << d->version << "\t" << d->states.size()
                << " states, " << d->actions.size() << " actions, " << d->deadlines.size()
                << " deadlines\n";
    }
    std::cout << "All workflow definitions are valid.\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int WorkflowAdopt(const std::string& db_url, const TimeOptions& time) {
  try {
    auto clock = MakeClock(time);
    auto db = OpenForCommand(db_url, *clock, /*migrate=*/true);
    db->writer().Stop();  // a bulk step: nothing else writes
    auto conn = db->OpenConnection("NORMAL");
    const auto started = std::chrono::steady_clock::now();
    const int64_t n =
        svc::AdoptCases(*conn, wf::Registry::Builtin(), *svc::LoadCalendar(*conn), clock->Today());
    {
      // The dashboard's counters, rebuilt from every case.
      store::Transaction tx(*conn);
      svc::RebuildCounters(*conn, wf::Registry::Builtin());
      tx.Commit();
    }
    // Full statistics for the query planner after a bulk change (store/database.cpp).
    conn->ExecScript(conn->engine() == store::Engine::kSqlite ? "PRAGMA analysis_limit=0; ANALYZE;"
                                                              : "ANALYZE");
    std::printf("{\"adopted_cases\": %lld, \"seconds\": %.3f}\n", static_cast<long long>(n),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int WorkflowOverride(const WorkflowOverrideOptions& o) {
  try {
    const wf::Definition* def = wf::Registry::Builtin().Find(o.kind);
    if (!def) return Fail("no workflow for kind " + o.kind);
    const wf::Deadline* d = def->FindDeadline(o.deadline);
    if (!d) return Fail("kind " + o.kind + " has no deadline " + o.deadline);
    if (!d->configurable) {
      return Fail("deadline " + o.deadline + " is set by statute (" + d->source +
                  ") and cannot be overridden");
    }
    const auto unit = cal::ParseUnit(o.unit);
    if (!unit) return Fail("--unit must be days, working_days or months");
    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/true);
    db->writer().Run([&](store::WriteContext& ctx) {
      if (!ctx.conn().QueryInt(kAgencyExists, o.agency_id)) {
        throw std::invalid_argument("no agency with id " + std::to_string(o.agency_id));
      }
      ctx.conn().Exec(kUpsertOverride, o.agency_id, o.kind, o.deadline, o.length, o.unit, o.reason,
                      ctx.now());
      auto audit = SystemActor().Audit("deadline.override", "agency", o.agency_id);
      audit.detail = boost::json::serialize(boost::json::object{{"kind", o.kind},
                                                                {"deadline", o.deadline},
                                                                {"length", o.length},
                                                                {"unit", o.unit},
                                                                {"reason", o.reason}});
      ctx.AppendAudit(std::move(audit));
    });
    std::cout << "Agency " << o.agency_id << ": " << o.kind << "/" << o.deadline << " = "
              << o.length << " " << o.unit << " (statutory default " << d->length << " "
              << wf::UnitName(d->unit) << ").\n";
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

}  // namespace sg::cli
