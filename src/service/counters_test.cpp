// The dashboard counters against a full recomputation: thousands of random creations, workflow
// actions and patches through the real service functions on the single writer, then case_counts
// must equal what the cases, their deadlines and their events give when counted from scratch,
// and every figure of the summary must equal the total of its cases_query, for callers of every
// data scope. Runs on SQLite and on PostgreSQL.
#include "service/counters.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "auth/scope.h"
#include "base/clock.h"
#include "base/errors.h"
#include "base/uuid.h"
#include "calendar/calendar.h"
#include "register/dict.h"
#include "register/records.h"
#include "service/case_actions.h"
#include "service/cases.h"
#include "service/dashboard.h"
#include "service/deadlines.h"
#include "service/transfers.h"
#include "store/database.h"
#include "store/testing/test_db.h"

namespace sg::svc {
namespace {

namespace json = boost::json;

// One row of case_counts: agency, grain, metric, period, kind.
using CountKey = std::tuple<int64_t, std::string, std::string, std::string, std::string>;
using Counts = std::map<CountKey, int64_t>;

constexpr Date kToday{2024, 6, 3};

// Days in [from, to], expanded from the ranges CoveringPeriods gives.
std::vector<std::string> ExpandDays(const std::vector<PeriodRange>& ranges) {
  std::vector<std::string> days;
  for (const auto& r : ranges) {
    Date d = r.grain == "day"     ? *Date::Parse(r.first)
             : r.grain == "month" ? *Date::Parse(r.first + "-01")
                                  : *Date::Parse(r.first + "-01-01");
    for (;; d = d.AddDays(1)) {
      const std::string s = d.ToString();
      const std::string key = r.grain == "day" ? s : s.substr(0, r.grain == "month" ? 7 : 4);
      if (key > r.last) break;
      days.push_back(s);
    }
  }
  return days;
}

TEST(CoveringPeriodsTest, UsesWholeYearsAndMonthsWhereTheyFit) {
  const auto ranges = CoveringPeriods({2022, 11, 15}, {2025, 2, 3});
  ASSERT_EQ(ranges.size(), 5u);
  EXPECT_EQ(ranges[0].grain, "day");
  EXPECT_EQ(ranges[0].first, "2022-11-15");
  EXPECT_EQ(ranges[0].last, "2022-11-30");
  EXPECT_EQ(ranges[1].grain, "month");
  EXPECT_EQ(ranges[1].first, "2022-12");
  EXPECT_EQ(ranges[1].last, "2022-12");
  EXPECT_EQ(ranges[2].grain, "year");
  EXPECT_EQ(ranges[2].first, "2023");
  EXPECT_EQ(ranges[2].last, "2024");
  EXPECT_EQ(ranges[3].grain, "month");
  EXPECT_EQ(ranges[3].first, "2025-01");
  EXPECT_EQ(ranges[4].grain, "day");
  EXPECT_EQ(ranges[4].last, "2025-02-03");

  const auto year = CoveringPeriods({2024, 1, 1}, {2024, 12, 31});
  ASSERT_EQ(year.size(), 1u);
  EXPECT_EQ(year[0].grain, "year");
  EXPECT_TRUE(CoveringPeriods({2024, 3, 2}, {2024, 3, 1}).empty());
}

TEST(CoveringPeriodsTest, CoversEveryDayOfAnyRangeExactlyOnce) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int64_t> day(Date{2019, 1, 1}.ToDays(),
                                             Date{2026, 12, 31}.ToDays());
  for (int i = 0; i < 1000; ++i) {
    Date a = Date::FromDays(day(rng));
    Date b = i % 3 == 0 ? a.AddDays(rng() % 70) : Date::FromDays(day(rng));
    if (b < a) std::swap(a, b);
    std::vector<std::string> want;
    for (Date d = a; d <= b; d = d.AddDays(1)) want.push_back(d.ToString());
    const auto ranges = CoveringPeriods(a, b);
    ASSERT_LE(ranges.size(), 5u) << a.ToString() << " " << b.ToString();
    ASSERT_EQ(ExpandDays(ranges), want) << a.ToString() << " " << b.ToString();
  }
}

class CountersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_ = std::make_unique<FixedClock>(ChinaMidnight(kToday) + 9 * 3600 * 1000);
    store::DatabaseOptions options;
    options.synchronous = "OFF";
    db_ = store::Database::Open(test_db_.url(), *clock_, options);
    actor_ = auth::Actor{std::make_shared<auth::Principal>(auth::SystemPrincipal()), "127.0.0.1"};
    Write([&](store::WriteContext& ctx) {
      auto& c = ctx.conn();
      city_ = reg::InsertAgency(c, 0,
                                {"a-city", std::nullopt, "晋中市中级人民法院", "晋中中院", "court",
                                 "intermediate", "晋07", "140700", std::nullopt});
      county_ = reg::InsertAgency(c, 0,
                                  {"a-yuci", city_, "榆次区人民法院", "榆次法院", "court", "basic",
                                   "晋0702", "140702", std::nullopt});
      county2_ = reg::InsertAgency(c, 0,
                                   {"a-taigu", city_, "太谷区人民法院", "太谷法院", "court",
                                    "basic", "晋0703", "140703", std::nullopt});
      bureau_ = reg::InsertAgency(
          c, 0,
          {"a-amr", city_, "晋中市市场监督管理局", "晋中市监", "market_regulation", std::nullopt,
           std::nullopt, "140700", std::nullopt});
      arbitration_ =
          reg::InsertAgency(c, 0,
                            {"a-arb", std::nullopt, "晋中仲裁委员会", "晋中仲裁委", "arbitration",
                             std::nullopt, std::nullopt, "140700", std::nullopt});
      for (int i = 0; i < 3; ++i) {
        users_.push_back(reg::InsertUser(c, 0,
                                         {"u" + std::to_string(i), "handler" + std::to_string(i),
                                          "承办人" + std::to_string(i), county_, std::nullopt}));
      }
      for (int i = 0; i < 6; ++i) {
        parties_.push_back(reg::InsertParty(c, 0,
                                            {"p" + std::to_string(i),
                                             "person",
                                             "当事人" + std::to_string(i),
                                             {},
                                             {},
                                             {},
                                             {},
                                             {},
                                             {},
                                             {}}));
      }
    });
    for (const int64_t a : {city_, county_, county2_, bureau_, arbitration_}) {
      auto reader = db_->Reader();
      auto r = reader->Query("SELECT type, court_level FROM agencies WHERE id = ?", a);
      r.Next();
      const std::string type = r.Str(0);
      const std::string level = r.OptStr(1).value_or("");
      for (const auto& kind : reg::DictValues("case_kind")) {
        if (reg::AgencyMayOwn(type, level, kind)) owners_[kind].push_back(a);
      }
    }
  }

  void Write(const std::function<void(store::WriteContext&)>& job) { db_->writer().Run(job); }

  Date RandomDay(Date from, Date to) {
    if (to < from) return from;
    return from.AddDays(static_cast<int64_t>(rng_() % (to.ToDays() - from.ToDays() + 1)));
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[rng_() % v.size()];
  }

  void CreateRandomCase() {
    std::vector<std::string> kinds;
    for (const auto& [kind, owners] : owners_) kinds.push_back(kind);
    const std::string kind = Pick(kinds);
    const Date received = RandomDay({2023, 1, 1}, kToday);
    json::object body{{"kind", kind},
                      {"agency_id", Pick(owners_[kind])},
                      {"title", "计数测试案件"},
                      {"received_on", received.ToString()}};
    if (rng_() % 5 < 2) body["filed_on"] = RandomDay(received, kToday).ToString();
    if (rng_() % 3 == 0) body["handler_id"] = Pick(users_);
    // The place of the case: a county of the map, the city, or unknown (service/divisions.h).
    if (rng_() % 3 == 0)
      body["area_code"] = Pick(std::vector<std::string>{"140702", "140721", "140700"});
    if (kind == "civil_first") {
      body["procedure"] = Pick(std::vector<std::string>{"ordinary", "summary", "small_claims"});
    }
    const int64_t p1 = Pick(parties_);
    int64_t p2 = Pick(parties_);
    if (p2 == p1)
      p2 = parties_[(std::find(parties_.begin(), parties_.end(), p1) - parties_.begin() + 1) %
                    parties_.size()];
    body["parties"] = json::array{json::object{{"role", "plaintiff"}, {"party_id", p1}},
                                  json::object{{"role", "defendant"}, {"party_id", p2}}};
    const auto input = ParseCreateCase(body, kToday);
    Write([&](store::WriteContext& ctx) {
      const Clockwork clock{wf::Registry::Builtin(), cal::Calendar::Builtin(), kToday};
      const int64_t id = CreateCase(ctx, *input, actor_, clock).at("id").as_int64();
      cases_.push_back(id);
    });
  }

  // `n` cases stored in one transaction the way a bulk import stores them: inserted registered
  // (some filed, some closed), adopted into their workflows and counted through one CountBatch,
  // flushed once at the end. Each gets the created event the stage replay of Recomputed reads.
  void CreateBatchedCases(int n) {
    std::vector<std::string> kinds;
    for (const auto& [kind, owners] : owners_) kinds.push_back(kind);
    const auto outcomes = reg::DictValues("case_outcome");
    Write([&](store::WriteContext& ctx) {
      auto& conn = ctx.conn();
      const Clockwork clock{wf::Registry::Builtin(), cal::Calendar::Builtin(), kToday};
      CountBatch batch(clock.workflows);
      for (int i = 0; i < n; ++i) {
        reg::NewCase c;
        c.uid = NewUuidV7(ctx.now());
        c.kind = Pick(kinds);
        c.agency_id = Pick(owners_[c.kind]);
        c.title = "批量计数测试案件";
        const Date received = RandomDay({2023, 1, 1}, kToday);
        c.received_on = received.ToString();
        c.status = "received";
        const unsigned roll = rng_() % 3;
        if (roll >= 1) {
          const Date filed = RandomDay(received, kToday);
          c.filed_on = filed.ToString();
          c.status = "filed";
          if (roll == 2) {
            c.closed_on = RandomDay(filed, kToday).ToString();
            // An outcome some closing action of the kind gives (any, for a kind without one).
            std::vector<std::string> allowed;
            for (const auto& a : wf::Registry::Builtin().Find(c.kind)->actions) {
              if (!a.HasEffect(wf::Effect::kClose)) continue;
              for (const auto& f : a.fields) {
                if (f.name == "outcome")
                  allowed.insert(allowed.end(), f.allowed.begin(), f.allowed.end());
              }
            }
            c.outcome = Pick(allowed.empty() ? outcomes : allowed);
            c.status = "closed";
            if (c.kind == "enforcement") {
              c.enforce_amount_fen = 10000 + static_cast<int64_t>(rng_() % 900000);
              c.recovered_amount_fen = static_cast<int64_t>(rng_() % 2) * *c.enforce_amount_fen;
            }
          }
        }
        if (c.kind == "civil_first") c.procedure = "ordinary";
        c.parties = {{Pick(parties_), "plaintiff", {}, {}}};
        c.created_at = ctx.now();
        const int64_t id = reg::InsertCase(conn, c);
        AdoptCase(conn, clock.workflows, *clock.calendar, id, c.kind, c.status,
                  c.outcome.value_or(""), kToday);
        std::optional<std::string> stage;
        {
          auto r = conn.Query("SELECT stage FROM cases WHERE id = ?", id);
          if (r.Next()) stage = r.OptStr(0);
        }
        json::object after{{"received_on", c.received_on}};
        after["filed_on"] = c.filed_on ? json::value(*c.filed_on) : json::value(nullptr);
        after["stage"] = stage ? json::value(*stage) : json::value(nullptr);
        reg::InsertEvent(conn, {NewUuidV7(ctx.now()), id, "created", std::nullopt, ctx.now(),
                                c.received_on, std::nullopt, json::serialize(after), std::nullopt});
        batch.AddNew(conn, id);
        if (!c.closed_on) cases_.push_back(id);
        if (c.closed_on && c.kind.ends_with("_first")) closed_first_.push_back(id);
      }
      batch.Flush(conn);
    });
  }

  // Compares case_counts with Recomputed(), row by row.
  void ExpectCountsEqualRecomputation() {
    const Counts stored = Stored();
    const Counts expected = Recomputed();
    EXPECT_EQ(stored.size(), expected.size());
    int shown = 0;
    for (const auto& [key, value] : expected) {
      const auto it = stored.find(key);
      const int64_t got = it == stored.end() ? 0 : it->second;
      if (got != value && shown++ < 20) {
        const auto& [agency, grain, metric, period, kind] = key;
        ADD_FAILURE() << agency << " " << grain << " " << metric << " " << period << " " << kind
                      << ": stored " << got << ", recomputed " << value;
      }
    }
    for (const auto& [key, value] : stored) {
      if (!expected.contains(key) && shown++ < 20) {
        const auto& [agency, grain, metric, period, kind] = key;
        ADD_FAILURE() << agency << " " << grain << " " << metric << " " << period << " " << kind
                      << ": stored " << value << ", recomputed 0";
      }
    }
  }

  // The fields of `action` filled with values of their types, some optional ones left out.
  json::object Fields(const wf::Definition& def, const wf::Action& action, int64_t case_id,
                      const Date& on) {
    json::object fields;
    for (const auto& f : action.fields) {
      if (!f.required && rng_() % 2) continue;
      switch (f.type) {
        case wf::FieldType::kText:
          fields[f.name] = "计数测试";
          break;
        case wf::FieldType::kInteger:
          if (f.name == "party_id") {
            auto reader = db_->Reader();
            auto r = reader->Query("SELECT party_id FROM case_parties WHERE case_id = ?", case_id);
            fields[f.name] = r.Next() ? r.Int(0) : 1;
          } else {
            fields[f.name] = std::max<int64_t>(f.min.value_or(1), 1 + rng_() % 3);
          }
          break;
        case wf::FieldType::kFen:
          fields[f.name] = 1000 + static_cast<int64_t>(rng_() % 500000);
          break;
        case wf::FieldType::kDate:
          fields[f.name] = on.ToString();
          break;
        case wf::FieldType::kBoolean:
          fields[f.name] = rng_() % 2 == 0;
          break;
        case wf::FieldType::kEnum:
          fields[f.name] = f.allowed.empty() ? Pick(reg::DictValues(f.dict)) : Pick(f.allowed);
          break;
        case wf::FieldType::kSuspensionKind: {
          std::vector<std::string> codes = f.allowed;
          for (const auto& s : def.suspension_kinds) {
            if (f.allowed.empty()) codes.push_back(s.code);
          }
          if (!codes.empty()) fields[f.name] = Pick(codes);
          break;
        }
        case wf::FieldType::kDeadline: {
          std::vector<std::string> codes = f.allowed;
          for (const auto& d : def.deadlines) {
            if (f.allowed.empty()) codes.push_back(d.code);
          }
          if (!codes.empty()) fields[f.name] = Pick(codes);
          break;
        }
        case wf::FieldType::kUser:
          fields[f.name] = Pick(users_);
          break;
        case wf::FieldType::kAgency:
          fields[f.name] = county_;
          break;
      }
    }
    return fields;
  }

  // A random action the case's stage allows, on a day at or after the case's last one (mostly).
  void ActOnRandomCase() {
    const int64_t id = Pick(cases_);
    std::string kind, stage, received;
    {
      auto reader = db_->Reader();
      auto r = reader->Query("SELECT kind, stage, received_on FROM cases WHERE id = ?", id);
      ASSERT_TRUE(r.Next());
      kind = r.Str(0);
      stage = r.OptStr(1).value_or("");
      received = r.Str(2);
    }
    const wf::Definition* def = wf::Registry::Builtin().Find(kind);
    std::vector<const wf::Action*> allowed;
    for (const auto& a : def->actions) {
      if (def->ActionAllowedFrom(a.code, stage)) allowed.push_back(&a);
    }
    if (allowed.empty()) return;
    const wf::Action& action = *Pick(allowed);
    const Date first = std::max(*Date::Parse(received), last_day_[id]);
    const Date on =
        rng_() % 6 ? RandomDay(first, kToday) : RandomDay(*Date::Parse(received), kToday);
    ActionRequest req;
    req.action = action.code;
    req.effective_on = on;
    req.fields = Fields(*def, action, id, on);
    try {
      Write([&](store::WriteContext& ctx) {
        TakeCaseAction(ctx, wf::Registry::Builtin(), *cal::Calendar::Builtin(), id, req, actor_,
                       kToday);
      });
      last_day_[id] = std::max(last_day_[id], on);
      ++actions_taken_;
    } catch (const ApiError&) {
      ++refused_;  // a refused action changes nothing, counters included
    }
  }

  // A random hand-over (transfer, diversion or appeal; service/transfers.h refuses the ones its
  // rules forbid), or an answer to a pending one: accepted or returned.
  void HandOverRandomCase() {
    const Clockwork clock{wf::Registry::Builtin(), cal::Calendar::Builtin(), kToday};
    if (rng_() % 3 == 0) {
      std::vector<int64_t> pending;
      {
        auto reader = db_->Reader();
        auto r = reader->Query("SELECT id FROM transfers WHERE status = 'pending'");
        while (r.Next()) pending.push_back(r.Int(0));
      }
      if (pending.empty()) return;
      const int64_t id = Pick(pending);
      const bool accept = rng_() % 2;
      Write([&](store::WriteContext& ctx) {
        AnswerTransfer(ctx, clock, id, accept,
                       accept ? std::nullopt : std::optional<std::string>("不属本机关管辖"),
                       actor_);
      });
      ++answers_;
      return;
    }
    // Appeals from closed first instances half the time (the workflows rarely reach them).
    const int64_t id = !closed_first_.empty() && rng_() % 2 ? Pick(closed_first_) : Pick(cases_);
    std::string kind;
    {
      auto reader = db_->Reader();
      auto r = reader->Query("SELECT kind FROM cases WHERE id = ?", id);
      if (r.Next()) kind = r.Str(0);
    }
    TransferRequest req;
    req.reason = "计数测试移送";
    if (kind.ends_with("_first")) {
      req.type = "appeal";
      req.to_agency_id = city_;
      req.kind = kind.substr(0, kind.size() - 6) + "_second";
    } else {
      req.type = rng_() % 2 ? "transfer" : "diversion";
      std::vector<std::string> kinds;
      for (const auto& [k, owners] : owners_) kinds.push_back(k);
      req.kind = req.type == "diversion"
                     ? Pick(std::vector<std::string>{"mediation", "arbitration"})
                     : Pick(kinds);
      req.to_agency_id = Pick(owners_[req.kind]);
    }
    try {
      Write([&](store::WriteContext& ctx) {
        const json::object out = CreateTransfer(ctx, clock, id, req, actor_);
        cases_.push_back(out.at("receiving_case_id").as_int64());
      });
      ++hand_overs_;
    } catch (const ApiError&) {
      ++refused_;
    }
  }

  // `n` random operations: seven in ten workflow actions, one a hand-over or an answer to one,
  // two patches.
  void MixedOperations(int n) {
    for (int i = 0; i < n; ++i) {
      const unsigned roll = rng_() % 10;
      if (roll < 7) {
        ActOnRandomCase();
      } else if (roll < 8) {
        HandOverRandomCase();
      } else {
        PatchRandomCase();
      }
    }
  }

  // A random merge patch of dates, as PATCH /api/v1/cases/{id} takes it.
  void PatchRandomCase() {
    const int64_t id = Pick(cases_);
    const Date day = RandomDay({2023, 1, 1}, kToday);
    json::object patch;
    // Status changes are actions (PatchCase refuses them); a patch corrects dates.
    switch (rng_() % 5) {
      case 0:
        patch["title"] = "更正后的案由";
        patch["received_on"] = day.ToString();
        break;
      case 4:
        patch["area_code"] = Pick(std::vector<std::string>{"140702", "140703", "140700"});
        break;
      case 1:
        patch["received_on"] = day.ToString();
        break;
      case 2:
        patch["filed_on"] = day.ToString();
        break;
      case 3:
        patch["closed_on"] = day.ToString();
        break;
      default:
        patch["closed_on"] = day.ToString();
    }
    try {
      Write([&](store::WriteContext& ctx) {
        const Clockwork clock{wf::Registry::Builtin(), cal::Calendar::Builtin(), kToday};
        PatchCase(ctx, id, "*", patch, clock, actor_);
      });
      ++patches_;
    } catch (const ApiError&) {
      ++refused_;
    }
  }

  // case_counts as stored, zeros left out.
  Counts Stored() {
    Counts out;
    auto reader = db_->Reader();
    auto r = reader->Query(
        "SELECT agency_id, grain, metric, period, kind, value FROM case_counts WHERE value <> 0");
    while (r.Next()) out[{r.Int(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4)}] = r.Int(5);
    return out;
  }

  // The verdict of docs/indicators.md on a closed case, from its deadlines and its kind's
  // definition, written out again here.
  bool InLimit(store::Connection& conn, int64_t id, const std::string& kind,
               const std::string& closed) {
    const wf::Definition* def = wf::Registry::Builtin().Find(kind);
    std::set<std::string> limits;
    for (const auto& d : def->deadlines) {
      for (const auto& a : d.stops_on) {
        if (!d.party_period && def->FindAction(a)->HasEffect(wf::Effect::kClose)) {
          limits.insert(d.code);
        }
      }
    }
    auto r = conn.Query(
        "SELECT code, start_on, stopped_on, due FROM case_deadlines WHERE case_id = ? AND "
        "party_id = 0",
        id);
    while (r.Next()) {
      if (!limits.count(r.Str(0)) || r.Str(1) > closed) continue;
      if (!r.IsNull(2) && r.Str(2) < closed) continue;
      if (r.Str(3) < closed) return false;
    }
    return true;
  }

  // Everything counted from scratch: GROUP BY over the cases for the counts, the deadlines for
  // the in-limit verdicts, the event log for the days per stage.
  Counts Recomputed() {
    auto reader = db_->Reader();
    auto& conn = *reader;
    std::map<std::tuple<int64_t, std::string, std::string, std::string>, int64_t> daily;
    const auto group = [&](const std::string& metric, const std::string& sql) {
      auto r = conn.Query(sql);
      while (r.Next()) {
        daily[{r.Int(0), r.Str(1), metric.empty() ? r.Str(3) : metric, r.Str(2)}] += r.Int(4);
      }
    };
    group("received",
          "SELECT agency_id, kind, received_on, '', COUNT(*) FROM cases "
          "GROUP BY agency_id, kind, received_on");
    group("filed",
          "SELECT agency_id, kind, filed_on, '', COUNT(*) FROM cases WHERE filed_on IS NOT NULL "
          "GROUP BY agency_id, kind, filed_on");
    group("closed",
          "SELECT agency_id, kind, closed_on, '', COUNT(*) FROM cases WHERE closed_on IS NOT NULL "
          "GROUP BY agency_id, kind, closed_on");
    group("",
          "SELECT agency_id, kind, closed_on, 'closed:' || COALESCE(outcome, 'none'), COUNT(*) "
          "FROM cases WHERE closed_on IS NOT NULL "
          "GROUP BY agency_id, kind, closed_on, COALESCE(outcome, 'none')");
    group("closed_filed",
          "SELECT agency_id, kind, closed_on, '', COUNT(*) FROM cases WHERE closed_on IS NOT NULL "
          "AND filed_on IS NOT NULL GROUP BY agency_id, kind, closed_on");
    // Migration 0011's: the earliest running deadline's due and near days.
    group("due",
          "SELECT agency_id, kind, deadline_due, '', COUNT(*) FROM cases "
          "WHERE deadline_due IS NOT NULL GROUP BY agency_id, kind, deadline_due");
    group("near_from",
          "SELECT agency_id, kind, deadline_near_on, '', COUNT(*) FROM cases "
          "WHERE deadline_near_on <= deadline_due GROUP BY agency_id, kind, deadline_near_on");
    group("near_until",
          "SELECT agency_id, kind, deadline_due, '', COUNT(*) FROM cases "
          "WHERE deadline_near_on <= deadline_due GROUP BY agency_id, kind, deadline_due");
    // Migration 0010's metrics, from the cases and the hand-overs.
    group("open",
          "SELECT agency_id, kind, received_on, '', COUNT(*) FROM cases WHERE closed_on IS NULL "
          "GROUP BY agency_id, kind, received_on");
    group("",
          "SELECT agency_id, kind, received_on, 'open_stage:' || stage, COUNT(*) FROM cases "
          "WHERE closed_on IS NULL AND stage IS NOT NULL GROUP BY agency_id, kind, received_on, "
          "stage");
    const std::string divisions =
        "('140702','140703','140721','140722','140723','140724','140725','140727','140728',"
        "'140729','140781')";
    group("",
          "SELECT c.agency_id, c.kind, c.received_on, 'open_div:' || CASE WHEN a.area_code IN " +
              divisions + " THEN a.area_code WHEN c.area_code IN " + divisions +
              " THEN c.area_code ELSE '140700' END AS d, COUNT(*) FROM cases c "
              "JOIN agencies a ON a.id = c.agency_id WHERE c.closed_on IS NULL "
              "GROUP BY c.agency_id, c.kind, c.received_on, d");
    group("",
          "SELECT c.agency_id, c.kind, c.received_on, 'closed_month:' || substr(c.closed_on, 1, 7) "
          "|| ':' || CASE WHEN a.area_code IN " +
              divisions + " THEN a.area_code WHEN c.area_code IN " + divisions +
              " THEN c.area_code ELSE '140700' END AS d, COUNT(*) FROM cases c "
              "JOIN agencies a ON a.id = c.agency_id WHERE c.closed_on IS NOT NULL "
              "GROUP BY c.agency_id, c.kind, c.received_on, d");
    // facts_version 4, with migration 0014's closed_div and closed_at.
    group("",
          "SELECT agency_id, kind, received_on, 'closed_in:' || substr(closed_on, 1, 7) AS m, "
          "COUNT(*) FROM cases WHERE closed_on IS NOT NULL GROUP BY agency_id, kind, received_on, "
          "m");
    group("",
          "SELECT c.agency_id, c.kind, c.closed_on, 'closed_div:' || CASE WHEN a.area_code IN " +
              divisions + " THEN a.area_code WHEN c.area_code IN " + divisions +
              " THEN c.area_code ELSE '140700' END AS d, COUNT(*) FROM cases c "
              "JOIN agencies a ON a.id = c.agency_id WHERE c.closed_on IS NOT NULL "
              "GROUP BY c.agency_id, c.kind, c.closed_on, d");
    group(
        "",
        "SELECT agency_id, kind, received_on, 'closed_at:' || closed_on AS m, COUNT(*) FROM cases "
        "WHERE closed_on IS NOT NULL GROUP BY agency_id, kind, received_on, m");
    group("",
          "SELECT c.agency_id, c.kind, c.received_on, 'via:' || t.type || ':' || s.kind || ':' || "
          "sa.type AS v, COUNT(*) FROM cases c JOIN transfers t ON t.to_case_id = c.id "
          "AND t.status <> 'returned' JOIN cases s ON s.id = t.from_case_id "
          "JOIN agencies sa ON sa.id = s.agency_id GROUP BY c.agency_id, c.kind, c.received_on, v");
    group(
        "",
        "SELECT agency_id, kind, closed_on, 'closed_appealed:' || COALESCE(outcome, 'none') AS o, "
        "COUNT(*) FROM cases c WHERE closed_on IS NOT NULL AND EXISTS (SELECT 1 FROM transfers "
        "t WHERE t.from_case_id = c.id AND t.type = 'appeal' AND t.status <> 'returned') "
        "GROUP BY agency_id, kind, closed_on, o");
    group("",
          "SELECT agency_id, kind, closed_on, 'closed_result:' || appeal_result, COUNT(*) FROM "
          "cases WHERE closed_on IS NOT NULL AND appeal_result IS NOT NULL "
          "GROUP BY agency_id, kind, closed_on, appeal_result");
    group("closed_enforce_fen",
          "SELECT agency_id, kind, closed_on, '', CAST(COALESCE(SUM(enforce_amount_fen), 0) AS "
          "BIGINT) FROM cases WHERE closed_on IS NOT NULL GROUP BY agency_id, kind, closed_on");
    group("closed_recovered_fen",
          "SELECT agency_id, kind, closed_on, '', CAST(COALESCE(SUM(recovered_amount_fen), 0) AS "
          "BIGINT) FROM cases WHERE closed_on IS NOT NULL GROUP BY agency_id, kind, closed_on");

    // Per case: days from filing to closing, and whether it closed within its limits.
    std::map<int64_t, std::tuple<int64_t, std::string, std::string>> who;  // agency, kind, received
    {
      std::vector<std::tuple<int64_t, int64_t, std::string, std::string, std::string, std::string>>
          closed;
      auto r = conn.Query(
          "SELECT id, agency_id, kind, received_on, filed_on, closed_on FROM cases ORDER BY id");
      while (r.Next()) {
        who[r.Int(0)] = {r.Int(1), r.Str(2), r.Str(3)};
        if (!r.IsNull(5)) {
          closed.emplace_back(r.Int(0), r.Int(1), r.Str(2), r.OptStr(4).value_or(""), r.Str(5),
                              r.Str(3));
        }
      }
      r.Close();
      for (const auto& [id, agency, kind, filed, closed_on, received] : closed) {
        if (!filed.empty()) {
          const int64_t days =
              std::max<int64_t>(0, Date::Parse(closed_on)->ToDays() - Date::Parse(filed)->ToDays());
          daily[{agency, kind, "closed_days", closed_on}] += days;
        }
        const bool in_limit = InLimit(conn, id, kind, closed_on);
        if (in_limit) daily[{agency, kind, "closed_in_limit", closed_on}] += 1;
        EXPECT_EQ(conn.QueryInt("SELECT in_limit FROM case_counted WHERE case_id = ?", id),
                  std::optional<int64_t>(in_limit ? 1 : 0))
            << "case " << id;
      }
    }

    // Days per stage, replayed from the event log: a case enters its first stage when created
    // (on its filing day when created filed) and leaves a stage on the effective day of the
    // action that moves it on.
    {
      struct Place {
        std::string stage, since;
      };
      std::map<int64_t, Place> at;
      std::map<int64_t, json::value> returned_stage;
      {
        auto t = conn.Query(
            "SELECT c.id, c.stage FROM transfers t JOIN cases c ON c.id = t.to_case_id "
            "WHERE t.status = 'returned'");
        while (t.Next())
          returned_stage[t.Int(0)] = t.IsNull(1) ? json::value() : json::value(t.Str(1));
      }
      auto r = conn.Query("SELECT case_id, type, effective_on, after FROM case_events ORDER BY id");
      while (r.Next()) {
        const int64_t id = r.Int(0);
        if (r.IsNull(3)) continue;
        const json::value after = json::parse(r.Text(3));
        const auto* stage = after.as_object().if_contains("stage");
        // A returned hand-over closes the receiving case in its final stage, where it stays.
        const auto* status = after.as_object().if_contains("status");
        if (status && status->is_string() && status->as_string() == "returned") {
          stage = &returned_stage[id];
        }
        if (!stage || !stage->is_string()) continue;
        if (r.Text(1) == "created") {
          const auto& c = after.as_object();
          const std::string since = c.at("filed_on").is_string()
                                        ? std::string(c.at("filed_on").as_string())
                                        : std::string(c.at("received_on").as_string());
          at[id] = {std::string(stage->as_string()), since};
          continue;
        }
        Place& place = at[id];
        if (place.stage == stage->as_string()) continue;
        const std::string left = r.Str(2);
        const auto& [agency, kind, received] = who[id];
        const int64_t days =
            std::max<int64_t>(0, Date::Parse(left)->ToDays() - Date::Parse(place.since)->ToDays());
        daily[{agency, kind, "stage_days:" + place.stage, left}] += days;
        daily[{agency, kind, "stage_exits:" + place.stage, left}] += 1;
        place = {std::string(stage->as_string()), left};
      }
    }

    // Each at three grains, for its agency and the rollup over every agency (migration 0013),
    // and for the rollup over every agency and kind (0014), which alone holds closed_at.
    Counts out;
    for (const auto& [key, value] : daily) {
      const auto& [agency, kind, metric, day] = key;
      for (const auto& [a, k] : {std::pair<int64_t, std::string>{agency, kind},
                                 {kRollupAgency, kind},
                                 {kRollupAll, ""}}) {
        if (metric.starts_with("closed_at:") && a != kRollupAll) continue;
        out[{a, "day", metric, day, k}] += value;
        out[{a, "month", metric, day.substr(0, 7), k}] += value;
        out[{a, "year", metric, day.substr(0, 4), k}] += value;
      }
    }
    std::erase_if(out, [](const auto& kv) { return kv.second == 0; });
    return out;
  }

  // Callers of every data scope, as the authenticator would build them.
  std::vector<std::pair<std::string, auth::Principal>> Callers() {
    auto reader = db_->Reader();
    const auto path = [&](int64_t agency) {
      auto r = reader->Query("SELECT path FROM agencies WHERE id = ?", agency);
      r.Next();
      return r.Str(0);
    };
    const auto user = [&](auth::DataScope scope, int64_t agency, int64_t id) {
      auth::Principal p;
      p.kind = auth::Principal::Kind::kUser;
      p.id = id;
      p.agency_id = agency;
      p.agency_path = path(agency);
      p.scope = scope;
      p.role_id = role_id_;
      auth::LoadScopeAgencies(*reader, p);
      return p;
    };
    auth::Principal token = user(auth::DataScope::kOwnCases, county_, 1);
    token.kind = auth::Principal::Kind::kToken;
    return {{"system", auth::SystemPrincipal()},
            {"all", user(auth::DataScope::kAll, city_, users_[0])},
            {"city and below", user(auth::DataScope::kAgencyAndBelow, city_, users_[0])},
            {"county", user(auth::DataScope::kAgency, county_, users_[0])},
            {"other county", user(auth::DataScope::kAgency, county2_, users_[1])},
            {"custom", user(auth::DataScope::kCustom, city_, users_[2])},
            {"own cases", user(auth::DataScope::kOwnCases, county_, users_[0])},
            {"own cases token", token}};
  }

  // Checks one figure against the total of its cases_query.
  void ExpectListTotal(const auth::Principal& p, const json::object& figure,
                       const std::string& what) {
    const std::string query(figure.at("cases_query").as_string());
    const auto params = Params::Parse(query.substr(query.find('?') + 1));
    ASSERT_TRUE(params) << query;
    auto reader = db_->Reader();
    const json::object list = ListCases(*reader, p, *params, kToday);
    EXPECT_EQ(list.at("total").as_int64(), figure.at("value").as_int64()) << what << ": " << query;
  }

  store::testing::TestDb test_db_;
  std::unique_ptr<FixedClock> clock_;
  std::unique_ptr<store::Database> db_;
  auth::Actor actor_;
  std::mt19937 rng_{20240603};
  int64_t city_ = 0, county_ = 0, county2_ = 0, bureau_ = 0, arbitration_ = 0, role_id_ = 0;
  std::vector<int64_t> users_, parties_, cases_, closed_first_;
  std::map<std::string, std::vector<int64_t>> owners_;
  std::map<int64_t, Date> last_day_;
  int actions_taken_ = 0, patches_ = 0, refused_ = 0, hand_overs_ = 0, answers_ = 0;
};

TEST_F(CountersTest, EqualAFullRecomputationAfterThousandsOfRandomOperations) {
  constexpr int kOperations = 2500;
  for (int i = 0; i < 40; ++i) CreateRandomCase();
  for (int i = 0; i < kOperations; ++i) {
    const unsigned roll = rng_() % 20;
    if (roll < 5) {
      CreateRandomCase();
    } else if (roll < 16) {
      ActOnRandomCase();
    } else if (roll < 17) {
      HandOverRandomCase();
    } else {
      PatchRandomCase();
    }
  }
  // Enough of each kind of event happened for the comparison to mean something.
  EXPECT_GT(actions_taken_, 500);
  EXPECT_GT(patches_, 50);
  EXPECT_GT(hand_overs_, 20);
  EXPECT_GT(answers_, 10);
  {
    auto reader = db_->Reader();
    EXPECT_GT(reader->QueryInt("SELECT COUNT(*) FROM cases WHERE closed_on IS NOT NULL"), 150);
    EXPECT_GT(reader->QueryInt("SELECT COUNT(*) FROM case_counted WHERE in_limit = 0"), 0)
        << "some cases should close late";
    EXPECT_GT(reader->QueryInt("SELECT COUNT(*) FROM case_counts WHERE metric LIKE 'stage_days:%' "
                               "AND value > 0"),
              0);
  }

  ExpectCountsEqualRecomputation();

  // Rebuilding from the cases gives the same counts, but for the days per stage (which only
  // the events know).
  Write([&](store::WriteContext& ctx) { RebuildCounters(ctx.conn(), wf::Registry::Builtin()); });
  Counts rebuilt = Stored();
  Counts without_stages = Recomputed();
  std::erase_if(without_stages,
                [](const auto& kv) { return std::get<2>(kv.first).starts_with("stage_"); });
  EXPECT_EQ(rebuilt, without_stages);
}

// The import's path: cases counted through a CountBatch (one upsert per counter row for the whole
// batch), then worked on through the service functions, which count them one by one from the
// case_counted rows the batch wrote.
TEST_F(CountersTest, BatchedCountsEqualAFullRecomputation) {
  for (int i = 0; i < 10; ++i) CreateRandomCase();
  CreateBatchedCases(300);
  ExpectCountsEqualRecomputation();
  for (int i = 0; i < 800; ++i) {
    const unsigned roll = rng_() % 20;
    if (roll < 2) {
      CreateBatchedCases(5);
    } else if (roll < 17) {
      ActOnRandomCase();
    } else {
      PatchRandomCase();
    }
  }
  EXPECT_GT(actions_taken_, 200);
  {
    auto reader = db_->Reader();
    EXPECT_GT(reader->QueryInt("SELECT COUNT(*) FROM case_counted WHERE closed_on IS NOT NULL"),
              100);
  }
  ExpectCountsEqualRecomputation();
}

// Counters from before migrations 0010 and 0011: rows of facts_version 1 (or 2) lack the later
// metrics; UpgradeCounters adds exactly those.
// A newly loaded holiday year moves due dates: the cases whose deadlines are recomputed are
// counted again (as PUT /api/v1/calendar/years and `shenguan calendar load` do), and the
// counters equal a recomputation from the cases as they now stand.
TEST_F(CountersTest, ANewHolidayYearMovesTheDeadlineCounters) {
  for (int i = 0; i < 80; ++i) CreateRandomCase();
  CreateBatchedCases(60);
  MixedOperations(300);
  // 2024 with every working day from June 10 to July 31 a holiday: running periods end later.
  boost::json::array days;
  for (Date d{2024, 6, 10}; d <= Date{2024, 7, 31}; d = d.AddDays(1)) {
    if (cal::Calendar::Builtin()->IsWorkingDay(d)) {
      days.push_back(
          boost::json::object{{"date", d.ToString()}, {"kind", "holiday"}, {"name", "测试"}});
    }
  }
  const std::string year = boost::json::serialize(boost::json::object{
      {"covers", boost::json::array{2024}}, {"sources", {{"2024", "测试通知"}}}, {"days", days}});
  const cal::Calendar calendar = cal::Calendar::Builtin()->WithYears(year);
  const auto summaries = [&] {
    auto reader = db_->Reader();
    std::map<int64_t, std::pair<std::optional<std::string>, std::optional<std::string>>> out;
    auto r = reader->Query("SELECT id, deadline_due, deadline_near_on FROM cases ORDER BY id");
    while (r.Next()) out[r.Int(0)] = {r.OptStr(1), r.OptStr(2)};
    return out;
  };
  const auto before = summaries();
  int64_t recomputed = 0, counted = 0;
  Write([&](store::WriteContext& ctx) {
    recomputed = RecomputeAllDeadlines(ctx.conn(), calendar, kToday, [&](int64_t id) {
      CountCase(ctx.conn(), wf::Registry::Builtin(), id, kToday);
      ++counted;
    });
  });
  EXPECT_EQ(counted, recomputed);
  const auto after = summaries();
  int moved = 0;
  for (const auto& [id, summary] : after) moved += summary != before.at(id) ? 1 : 0;
  EXPECT_GT(moved, 10) << "the new year moved few due dates: the check below would prove little";
  ExpectCountsEqualRecomputation();
}

TEST_F(CountersTest, UpgradeBringsOldRowsUpToDate) {
  for (int i = 0; i < 60; ++i) CreateRandomCase();
  CreateBatchedCases(60);
  MixedOperations(300);
  const auto downgrade = [&](int version) {
    Write([&](store::WriteContext& ctx) {
      auto& c = ctx.conn();
      c.Exec(
          "DELETE FROM case_counts WHERE metric LIKE 'closed_in:%' OR metric LIKE 'closed_div:%' "
          "OR metric LIKE 'closed_at:%'");
      if (version < 3) {
        c.Exec("DELETE FROM case_counts WHERE metric IN ('due', 'near_from', 'near_until')");
      }
      if (version < 2) {
        c.Exec(
            "DELETE FROM case_counts WHERE metric IN ('open', 'closed_enforce_fen', "
            "'closed_recovered_fen') OR metric LIKE 'open_stage:%' OR metric LIKE 'open_div:%' "
            "OR metric LIKE 'via:%' OR metric LIKE 'closed_appealed:%' OR metric LIKE "
            "'closed_result:%' OR metric LIKE 'closed_month:%'");
      }
      c.Exec("UPDATE case_counted SET facts_version = ?", int64_t{version});
    });
  };
  for (const int version : {3, 2, 1}) {
    downgrade(version);
    int64_t upgraded = 0;
    Write([&](store::WriteContext& ctx) { upgraded = UpgradeCounters(ctx.conn()); });
    EXPECT_GT(upgraded, 100) << version;
    ExpectCountsEqualRecomputation();
    int64_t again = -1;
    Write([&](store::WriteContext& ctx) { again = UpgradeCounters(ctx.conn()); });
    EXPECT_EQ(again, 0);
  }
}

TEST_F(CountersTest, EverySummaryFigureEqualsTheTotalOfItsCasesQuery) {
  for (int i = 0; i < 120; ++i) CreateRandomCase();
  CreateBatchedCases(150);
  MixedOperations(1000);
  EXPECT_GT(hand_overs_, 10);
  // Share some county cases with the other county (as a transfer would): they show in its case
  // list, but its figures leave them to the county that holds them.
  Write([&](store::WriteContext& ctx) {
    auto& c = ctx.conn();
    role_id_ = *c.QueryInt("SELECT MIN(id) FROM roles");
    c.Exec("INSERT INTO role_agencies (role_id, agency_id) VALUES (?, ?)", role_id_, county2_);
    c.Exec("INSERT INTO role_agencies (role_id, agency_id) VALUES (?, ?)", role_id_, bureau_);
    int shared = 0;
    for (const int64_t id : cases_) {
      if (c.QueryInt("SELECT agency_id FROM cases WHERE id = ?", id) == county_ && shared++ < 15) {
        c.Exec(
            "INSERT INTO case_access (case_id, agency_id, created_at) VALUES (?, ?, 0) "
            "ON CONFLICT (case_id, agency_id) DO NOTHING",
            id, county2_);
      }
    }
  });

  const std::vector<std::optional<int64_t>> agencies{std::nullopt, city_, county_, county2_,
                                                     bureau_};
  const std::vector<std::string> kinds{"", "civil_first", "civil_first,enforcement", "complaint"};
  int checked = 0;
  for (const auto& [name, p] : Callers()) {
    for (int i = 0; i < 12; ++i) {
      Params params;
      // Every third period is for the whole scope and every kind, and ends before today (mostly
      // in the middle of a month): for a caller who sees every agency, the counters of the city
      // (kRollupAll) with the closings of the rest of the month.
      const bool city = i % 3 == 2;
      Date from = RandomDay({2022, 12, 1}, kToday);
      Date to = RandomDay(from, {2024, 12, 31});
      if (city) {
        to = RandomDay({2023, 3, 1}, kToday.AddDays(-1));
        from = RandomDay({2022, 12, 1}, to);
      }
      if (i % 4 == 0) from = {from.year, 1, 1};
      if (i % 4 == 1) to = {to.year, 12, 31};
      params.Add("from", from.ToString());
      params.Add("to", to.ToString());
      if (!city) {
        if (const auto a = Pick(agencies)) params.Add("agency_id", std::to_string(*a));
        if (rng_() % 2) params.Add("include_sub", "true");
        if (const auto& k = Pick(kinds); !k.empty()) params.Add("kind", k);
      }
      auto reader = db_->Reader();
      const json::object s = DashboardSummary(*reader, p, params, kToday);
      const std::string what = name + " " + from.ToString() + ".." + to.ToString();
      for (const char* figure : {"received", "closed", "pending", "near", "overdue"}) {
        ExpectListTotal(p, s.at(figure).as_object(), what + " " + figure);
      }
      for (const char* ratio : {"closure_ratio", "in_limit_rate"}) {
        ExpectListTotal(p, s.at(ratio).at("numerator").as_object(), what + " " + ratio);
        ExpectListTotal(p, s.at(ratio).at("denominator").as_object(), what + " " + ratio);
      }
      const json::object& mean = s.at("mean_trial_days").as_object();
      ExpectListTotal(p, mean.at("denominator").as_object(), what + " mean_trial_days");
      // The days summed: from the filing and closing dates of the cases behind the denominator.
      const std::string query(mean.at("denominator").at("cases_query").as_string());
      const store::Conditions f =
          CaseListFilter(*reader, p, *Params::Parse(query.substr(query.find('?') + 1)), kToday);
      auto rows =
          reader->QueryV("SELECT c.filed_on, c.closed_on FROM cases c" + f.Where(), f.params());
      int64_t days = 0;
      while (rows.Next()) days += ElapsedDays(rows.Text(0), rows.Text(1));
      EXPECT_EQ(mean.at("numerator").at("value").as_int64(), days) << what;

      // The charts: every figure of every series.
      const json::object charts =
          DashboardCharts(*reader, p, params, kToday, wf::Registry::Builtin());
      for (const char* series : {"age_buckets", "stages", "map", "flow"}) {
        for (const auto& fig : charts.at(series).as_array()) {
          ExpectListTotal(p, fig.as_object(), what + " " + series);
        }
      }
      for (const auto& month : charts.at("monthly").as_array()) {
        ExpectListTotal(p, month.at("received").as_object(), what + " monthly received");
        ExpectListTotal(p, month.at("closed").as_object(), what + " monthly closed");
      }
      // The age buckets add up to the pending figure.
      int64_t aged = 0;
      for (const auto& fig : charts.at("age_buckets").as_array())
        aged += fig.at("value").as_int64();
      EXPECT_EQ(aged, s.at("pending").at("value").as_int64()) << what;

      // The indicators (they count their own kinds: no kind parameter).
      Params no_kind;
      for (const auto& [k, v] : params.items()) {
        if (k != "kind") no_kind.Add(k, v);
      }
      const json::object ind = DashboardIndicators(*reader, p, no_kind, kToday);
      for (const auto& item : ind.at("items").as_array()) {
        const std::string code(item.at("code").as_string());
        for (const char* part : {"numerator", "denominator"}) {
          const json::object& fig = item.at(part).as_object();
          if (fig.contains("unit")) {
            // An amount: the sum over the cases behind it.
            const std::string q(fig.at("cases_query").as_string());
            const store::Conditions behind =
                CaseListFilter(*reader, p, *Params::Parse(q.substr(q.find('?') + 1)), kToday);
            const std::string column =
                std::string(part) == "numerator" ? "recovered_amount_fen" : "enforce_amount_fen";
            auto sum = reader->QueryV("SELECT CAST(COALESCE(SUM(c." + column +
                                          "), 0) AS BIGINT) FROM cases c" + behind.Where(),
                                      behind.params());
            ASSERT_TRUE(sum.Next());
            EXPECT_EQ(fig.at("value").as_int64(), sum.Int(0)) << what << " " << code << " " << part;
          } else {
            ExpectListTotal(p, fig, what + " " + code + " " + part);
          }
        }
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8 * 12);
  {
    // The random operations reached every indicator and chart: the checks above compared
    // figures that are not all zero.
    auto reader = db_->Reader();
    Params all;
    all.Add("from", "2023-01-01");
    const json::object charts =
        DashboardCharts(*reader, auth::SystemPrincipal(), all, kToday, wf::Registry::Builtin());
    EXPECT_FALSE(charts.at("flow").as_array().empty());
    EXPECT_FALSE(charts.at("stages").as_array().empty());
    const json::object ind = DashboardIndicators(*reader, auth::SystemPrincipal(), all, kToday);
    for (const auto& item : ind.at("items").as_array()) {
      EXPECT_GT(item.at("numerator").at("value").as_int64(), 0) << item.at("code");
      EXPECT_GT(item.at("denominator").at("value").as_int64(), 0) << item.at("code");
    }
  }

  // The ratios, worked: 结收比 in percent with one decimal.
  auto reader = db_->Reader();
  Params all;
  all.Add("from", "2023-01-01");
  all.Add("to", "2024-06-03");
  const json::object s = DashboardSummary(*reader, auth::SystemPrincipal(), all, kToday);
  const int64_t closed = s.at("closed").at("value").as_int64();
  const int64_t received = s.at("received").at("value").as_int64();
  ASSERT_GT(received, 0);
  EXPECT_DOUBLE_EQ(s.at("closure_ratio").at("value").as_double(),
                   static_cast<double>((2 * closed * 1000 + received) / (2 * received)) / 10.0);
  EXPECT_EQ(s.at("closure_ratio").at("unit").as_string(), "percent");
}

// The case list (issue 7) counts the cases held in the scope and those only shared with it
// apart, counts free text and party filters from their own tables when nothing else filters,
// and reads a page either from the matching cases or along the sort's index, by how many match.
// For random filters, sorts and callers of every data scope (and one whose custom scope lists
// every agency), the total equals COUNT(*) of the list's whole filter as one condition, and its
// pages, followed to the end, hold exactly that many distinct cases in the sort's order.
TEST_F(CountersTest, ListTotalsAndPagesEqualACountOfTheCases) {
  for (int i = 0; i < 80; ++i) CreateRandomCase();
  CreateBatchedCases(120);
  int64_t every = 0;
  Write([&](store::WriteContext& ctx) {
    auto& c = ctx.conn();
    role_id_ = *c.QueryInt("SELECT MIN(id) FROM roles");
    c.Exec("INSERT INTO role_agencies (role_id, agency_id) VALUES (?, ?)", role_id_, county2_);
    c.Exec("INSERT INTO role_agencies (role_id, agency_id) VALUES (?, ?)", role_id_, bureau_);
    every = *c.QueryInt("SELECT MAX(id) FROM roles");
    ASSERT_NE(every, role_id_);
    c.Exec("INSERT INTO role_agencies (role_id, agency_id) SELECT ?, id FROM agencies", every);
    int shared = 0;
    for (const int64_t id : cases_) {
      if (c.QueryInt("SELECT agency_id FROM cases WHERE id = ?", id) == county_ &&
          c.QueryInt("SELECT COUNT(*) FROM cases WHERE id = ? AND closed_on IS NULL", id) == 1 &&
          shared++ < 15) {
        c.Exec(
            "INSERT INTO case_access (case_id, agency_id, created_at) VALUES (?, ?, 0) "
            "ON CONFLICT (case_id, agency_id) DO NOTHING",
            id, county2_);
        // Some with both agencies of the custom scope: counted once.
        if (shared % 3 == 0) {
          c.Exec("INSERT INTO case_access (case_id, agency_id, created_at) VALUES (?, ?, 0)", id,
                 bureau_);
          // And one share withdrawn again: the case stays shared with the bureau alone.
          if (shared == 6) {
            c.Exec("DELETE FROM case_access WHERE case_id = ? AND agency_id = ?", id, county2_);
          }
          // And one re-indexed with a title longer than the 4096 text positions that migration
          // 0018 starts with (SQLite): its terms still move with its shares.
          if (shared == 9) {
            const std::string chars = "计数测试案由商标专利著作权侵权纠纷晋中榆次";
            std::string title;
            for (int k = 0; k < 5000; ++k) {
              const size_t at =
                  (static_cast<size_t>(k) * 7 + static_cast<size_t>(k / 13)) % (chars.size() / 3);
              title += chars.substr(at * 3, 3);
            }
            c.Exec("UPDATE cases SET title = ? WHERE id = ?", title, id);
            reg::ReindexCase(c, id);
            c.Exec("INSERT INTO case_access (case_id, agency_id, created_at) VALUES (?, ?, 0)", id,
                   city_);
          }
        }
      }
    }
  });
  // Actions and patches after the sharing change the shared cases' copies (case_shares).
  MixedOperations(600);
  // case_shares (migration 0016), kept by triggers through the operations above and the shares
  // just made, equals case_access joined to the cases.
  {
    auto reader = db_->Reader();
    const auto rows = [&](const std::string& sql) {
      std::vector<std::string> out;
      auto r = reader->Query(sql);
      while (r.Next()) {
        std::string row;
        for (int i = 0; i < 11; ++i) row += (r.IsNull(i) ? "-" : r.Str(i)) + "|";
        out.push_back(row);
      }
      return out;
    };
    const std::string columns =
        "CAST(s.id AS TEXT), CAST(s.agency_id AS TEXT), s.kind, s.status, s.received_on, "
        "s.filed_on, s.closed_on, CAST(s.handler_id AS TEXT), s.deadline_due, "
        "s.deadline_near_on";
    const auto copied = rows("SELECT CAST(s.shared_with AS TEXT), " + columns +
                             " FROM case_shares s ORDER BY s.shared_with, s.id");
    const auto joined =
        rows("SELECT CAST(a.agency_id AS TEXT), " + columns +
             " FROM case_access a JOIN cases s ON s.id = a.case_id ORDER BY a.agency_id, s.id");
    EXPECT_EQ(copied, joined);
    EXPECT_GT(copied.size(), 15U);
    // The counts per holding agency (migration 0017), kept by triggers through the creations,
    // batches and re-indexed patches above, equal a count of the rows they count.
    const auto triples = [&](const std::string& sql) {
      std::vector<std::string> out;
      auto r = reader->Query(sql);
      while (r.Next()) out.push_back(r.Str(0) + "|" + r.Str(1) + "|" + r.Str(2));
      return out;
    };
    const auto terms = triples(
        "SELECT term, CAST(agency_id AS TEXT), CAST(n AS TEXT) FROM case_term_counts "
        "WHERE n > 0 ORDER BY 1, 2");
    EXPECT_EQ(terms, triples("SELECT t.term, CAST(c.agency_id AS TEXT), CAST(COUNT(*) AS TEXT) "
                             "FROM case_terms t JOIN cases c ON c.id = t.case_id "
                             "GROUP BY t.term, c.agency_id ORDER BY 1, 2"));
    EXPECT_GT(terms.size(), 50U);
    const auto parties = triples(
        "SELECT CAST(party_id AS TEXT), CAST(agency_id AS TEXT), CAST(n AS TEXT) "
        "FROM case_party_counts WHERE n > 0 ORDER BY 1, 2");
    EXPECT_EQ(parties, triples("SELECT CAST(p.party_id AS TEXT), CAST(c.agency_id AS TEXT), "
                               "CAST(COUNT(DISTINCT p.case_id) AS TEXT) FROM case_parties p "
                               "JOIN cases c ON c.id = p.case_id "
                               "GROUP BY p.party_id, c.agency_id ORDER BY 1, 2"));
    EXPECT_GT(parties.size(), 10U);
    // The shared cases' terms per holder and set of agencies shared with (migration 0018), kept
    // through terms re-indexed after sharing and cases shared with two agencies, equal a recount.
    std::map<int64_t, std::string> sets;
    {
      auto r = reader->Query("SELECT case_id, agency_id FROM case_access ORDER BY 1, 2");
      while (r.Next()) {
        std::string& set = sets[r.Int(0)];
        set += (set.empty() ? "" : ",") + std::to_string(r.Int(1));
      }
    }
    std::map<std::string, int64_t> recount;
    {
      auto r = reader->Query(
          "SELECT t.term, t.case_id, c.agency_id FROM case_terms t JOIN cases c ON c.id = "
          "t.case_id");
      while (r.Next()) {
        auto set = sets.find(r.Int(1));
        if (set != sets.end()) {
          ++recount[r.Str(0) + "|" + set->second + "|" + std::to_string(r.Int(2))];
        }
      }
    }
    std::vector<std::string> expected;
    for (const auto& [key, n] : recount) expected.push_back(key + "|" + std::to_string(n));
    std::vector<std::string> kept;
    {
      auto r = reader->Query(
          "SELECT term, shared_with, agency_id, n FROM case_term_share_counts WHERE n <> 0");
      while (r.Next()) {
        kept.push_back(r.Str(0) + "|" + r.Str(1) + "|" + std::to_string(r.Int(2)) + "|" +
                       std::to_string(r.Int(3)));
      }
    }
    std::sort(kept.begin(), kept.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(kept, expected);
    EXPECT_GT(kept.size(), 50U);
    EXPECT_TRUE(std::any_of(sets.begin(), sets.end(),
                            [](const auto& s) { return s.second.find(',') != std::string::npos; }));
  }
  auto callers = Callers();
  {
    auth::Principal p = callers[1].second;  // a user
    p.scope = auth::DataScope::kCustom;
    p.role_id = every;
    auto reader = db_->Reader();
    auth::LoadScopeAgencies(*reader, p);
    callers.emplace_back("custom over every agency", p);
  }
  const std::vector<std::string> kinds{"civil_first", "civil_first,enforcement", "complaint"};
  const std::vector<std::string> statuses{"received", "filed", "closed", "filed,closed"};
  const std::vector<std::string> queries{"计数", "批量", "更正", "测试案件", "计数测试", "案由"};
  const std::vector<std::string> sorts{"-id",        "id",          "filed_on",   "-filed_on",
                                       "-closed_on", "received_on", "-updated_at"};
  const std::vector<int64_t> agencies{city_, county_, county2_, bureau_};
  // Date bounds that are days some case was filed or closed on, so that the bounds are hit.
  const auto days = [&](const std::string& column) {
    std::vector<std::string> out;
    auto r = db_->Reader()->Query("SELECT DISTINCT " + column + " FROM cases WHERE " + column +
                                  " IS NOT NULL ORDER BY 1");
    while (r.Next()) out.push_back(r.Str(0));
    return out;
  };
  const std::vector<std::string> filed_days = days("filed_on"), closed_days = days("closed_on");
  ASSERT_GT(filed_days.size(), 10U);
  ASSERT_GT(closed_days.size(), 10U);
  std::map<std::string, int> reached;  // how many filters matched nothing, few, many cases
  for (const auto& [name, p] : callers) {
    for (int i = 0; i < 30; ++i) {
      Params params;
      // First a set alone, or with an agency: totals summed from the counts per agency.
      if (i < 3) {
        if (i == 0) params.Add("q", Pick(queries).substr(0, 6));  // two characters: one bigram
        if (i == 1) params.Add("party_id", std::to_string(Pick(parties_)));
        if (i == 2) {
          params.Add("q", "计数");
          params.Add("agency_id", std::to_string(Pick(agencies)));
          params.Add("include_sub", "true");
        }
      } else {
        if (rng_() % 3 == 0) params.Add("kind", Pick(kinds));
        if (rng_() % 4 == 0) params.Add("status", Pick(statuses));
        if (rng_() % 3 == 0) {
          params.Add("agency_id", std::to_string(Pick(agencies)));
          if (rng_() % 2) params.Add("include_sub", "true");
        }
        if (rng_() % 3 == 0) params.Add("q", Pick(queries));
        if (rng_() % 5 == 0) params.Add("party_id", std::to_string(Pick(parties_)));
        switch (rng_() % 8) {
          case 0:
            params.Add("deadline", rng_() % 2 ? "near" : "overdue");
            break;
          case 1: {
            std::string from = Pick(filed_days), to = Pick(filed_days);
            if (to < from) std::swap(from, to);
            params.Add("filed_from", from);
            params.Add("filed_to", to);
            break;
          }
          case 2:
            params.Add(rng_() % 2 ? "closed_from" : "closed_to", Pick(closed_days));
            break;
          case 3:
            params.Add("handler_id", std::to_string(Pick(users_)));
            break;
          case 4:
            params.Add("shared", "false");
            break;
          default:
            break;
        }
      }
      const std::string sort = Pick(sorts);
      params.Add("sort", sort);
      params.Add("limit", "7");
      auto reader = db_->Reader();
      const store::Conditions f = CaseListFilter(*reader, p, params, kToday);
      auto r = reader->QueryV("SELECT COUNT(*) FROM cases c" + f.Where(), f.params());
      ASSERT_TRUE(r.Next());
      const int64_t count = r.Int(0);
      json::object page = ListCases(*reader, p, params, kToday);
      const std::string what = name + " " + std::to_string(i) + " sort " + sort;
      ASSERT_EQ(page.at("total").as_int64(), count) << what;
      // Every page in turn: `count` distinct cases, in the sort's order, no more.
      const bool desc = sort[0] == '-';
      const std::string field = desc ? sort.substr(1) : sort;
      std::set<int64_t> seen;
      std::optional<std::pair<std::string, int64_t>> last;
      for (int pages = 0;; ++pages) {
        ASSERT_LT(pages, 200) << what;
        for (const auto& item : page.at("items").as_array()) {
          const int64_t id = item.at("id").as_int64();
          EXPECT_TRUE(seen.insert(id).second) << what;
          const auto& v = item.at(field);
          // Dates compare as text, NULL as ''; updated_at is shown to the second only.
          std::pair<std::string, int64_t> key{v.is_string() ? std::string(v.as_string()) : "", id};
          if (last && field != "updated_at") {
            EXPECT_TRUE(desc ? key < *last : *last < key) << what << " at case " << id;
          }
          last = key;
        }
        EXPECT_EQ(page.at("total").as_int64(), count) << what;
        if (page.at("next_cursor").is_null()) break;
        Params next = params;
        next.Add("cursor", std::string(page.at("next_cursor").as_string()));
        page = ListCases(*reader, p, next, kToday);
      }
      EXPECT_EQ(static_cast<int64_t>(seen.size()), count) << what;
      ++reached[count == 0 ? "none" : count < 40 ? "few" : "many"];
    }
  }
  EXPECT_GT(reached["few"], 30) << "filters should match a few cases (a page gathered and sorted)";
  EXPECT_GT(reached["many"], 30) << "and many (a page read along the sort's index)";
}

TEST_F(CountersTest, SummaryRefusesMalformedRequests) {
  auto reader = db_->Reader();
  const auto refuses = [&](const std::string& query, const std::string& field) {
    try {
      DashboardSummary(*reader, auth::SystemPrincipal(), *Params::Parse(query), kToday);
      ADD_FAILURE() << query << " was accepted";
    } catch (const ApiError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidField) << query;
      EXPECT_EQ(e.field(), field) << query;
    }
  };
  refuses("from=2024-02-30", "from");
  refuses("from=2024-06-01&to=2024-05-01", "from");
  refuses("kind=civil_first,nonsense", "kind");
  refuses("agency_id=999999", "agency_id");
  refuses("include_sub=maybe", "include_sub");
}

}  // namespace
}  // namespace sg::svc
