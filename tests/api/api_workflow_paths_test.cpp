// Every shipped workflow, walked from its own definition. Each action is taken on a case of its
// own, brought by the shortest path of actions from the initial state to the nearest state that
// allows it, and answers as the definition says: the next stage when allowed, 403 for a role that
// may not take it, 400 naming a required field left out, 409 in a state that does not allow it.
// The definitions are read in-process (wf::Registry::Builtin(), the same files the server compiles
// in), so a new kind, state or action is covered without editing this file.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "base/civil_time.h"
#include "register/dict.h"
#include "tests/api/api_fixture.h"
#include "workflow/definition.h"

namespace sg::apitest {
namespace {

namespace json = boost::json;

// Every case is received on this day; the n-th act on a case takes effect n days later, so that
// the dates stay in order and never reach today (2024-06-03).
constexpr const char* kReceivedOn = "2024-01-02";

// Roles that hold case:record:update and see every case of their agency. A handler token is not
// among them: its data scope is its own cases, so it would get 404 rather than 403.
constexpr const char* kOtherRoles[] = {"clerk", "approver", "external_system"};

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The case's party role: the one a party bringing this kind of case has. The workflow does not
// look at it; any role serves a kind that is not listed.
std::string PartyRole(std::string_view kind) {
  static const std::map<std::string, std::string, std::less<>> kRoles = {
      {"complaint", "complainant"},
      {"report", "reporter"},
      {"admin_penalty", "party_concerned"},
      {"patent_adjudication", "applicant"},
      {"mediation", "applicant"},
      {"arbitration", "applicant"},
      {"civil_second", "appellant"},
      {"admin_second", "appellant"},
      {"criminal_second", "appellant"},
      {"criminal_first", "victim"},
      {"enforcement", "enforcement_applicant"}};
  const auto it = kRoles.find(kind);
  return it == kRoles.end() ? "plaintiff" : it->second;
}

// A case on its way through the workflow, and what the sample values depend on.
struct WalkedCase {
  int64_t id = 0;
  std::string stage;
  std::string procedure;                       // "" while the case has none
  std::optional<std::string> open_suspension;  // the kind of a period opened on the way
  int acts = 0;                                // acts taken (or tried) so far

  // The effective_on of the next act.
  std::string Today() const { return Date::Parse(kReceivedOn)->AddDays(acts).ToString(); }
};

class WorkflowPathsTest : public ApiTest, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    def_ = wf::Registry::Builtin().Find(GetParam());
    ASSERT_NE(def_, nullptr);
    agency_ = AddOwningAgency();
    ASSERT_NE(agency_, 0) << "no agency type may own a case of kind " << GetParam();
    party_ = Post("/api/v1/parties",
                  {{"type", "person"}, {"name", "张伟"}, {"id_number", "11010519491231002X"}})
                 .at("id")
                 .as_int64();
    handler_ = Post("/api/v1/users", {{"username", "li.handler"},
                                      {"display_name", "李承办"},
                                      {"agency_id", agency_},
                                      {"role", "handler"}})
                   .at("id")
                   .as_int64();
    dict_ = GetJson("/api/v1/dict").as_object();
    FindShortestPaths();
  }

  const wf::Definition& Def() const { return *def_; }

  // The first agency type that may own a case of this kind (register/dict.h AgencyMayOwn).
  int64_t AddOwningAgency() {
    const std::vector<json::object> candidates = {
        {{"name", "晋中市中级人民法院"},
         {"abbr", "晋中中院"},
         {"type", "court"},
         {"court_level", "intermediate"},
         {"court_code", "晋07"}},
        {{"name", "晋中市市场监督管理局"}, {"abbr", "晋中市监"}, {"type", "market_regulation"}},
        {{"name", "晋中市知识产权局"}, {"abbr", "晋中知"}, {"type", "ip_office"}},
        {{"name", "晋中仲裁委员会"}, {"abbr", "晋中仲"}, {"type", "arbitration"}},
        {{"name", "晋中市12345热线"}, {"abbr", "晋中热线"}, {"type", "hotline"}}};
    for (const auto& a : candidates) {
      const std::string_view level =
          a.contains("court_level") ? std::string_view(a.at("court_level").as_string()) : "";
      if (reg::AgencyMayOwn(a.at("type").as_string(), level, GetParam())) return AddAgency(a);
    }
    return 0;
  }

  // Breadth first from the initial state over the actions that move a case, in file order: the
  // shortest path to every state, and the states in the order they are first reached.
  void FindShortestPaths() {
    paths_[Def().initial] = {};
    states_by_distance_ = {Def().initial};
    for (size_t next = 0; next < states_by_distance_.size(); ++next) {
      const std::string state = states_by_distance_[next];
      for (const auto& a : Def().actions) {
        if (!a.to || paths_.contains(*a.to) || !Contains(a.from, state)) continue;
        auto path = paths_.at(state);
        path.push_back(&a);
        paths_.emplace(*a.to, std::move(path));
        states_by_distance_.push_back(*a.to);
      }
    }
  }

  // The state of the action's `from` nearest to the initial state.
  std::string Home(const wf::Action& action) const {
    std::string best;
    for (const auto& s : action.from) {
      if (!paths_.contains(s)) continue;
      if (best.empty() || paths_.at(s).size() < paths_.at(best).size()) best = s;
    }
    return best;
  }

  // A token of `role` for the agency, made once.
  const std::string& TokenOf(const std::string& role) {
    auto it = tokens_.find(role);
    if (it == tokens_.end()) {
      auto t = Post(
          "/api/v1/tokens",
          {{"name", "wf-" + role}, {"role", role}, {"agency_id", agency_}, {"rate_limit", 100000}});
      it = tokens_.emplace(role, std::string(t.at("token").as_string())).first;
    }
    return it->second;
  }

  WalkedCase NewCase(const std::string& title) {
    auto c =
        Post("/api/v1/cases", {{"kind", GetParam()},
                               {"agency_id", agency_},
                               {"title", title},
                               {"received_on", kReceivedOn},
                               {"parties", json::array{json::object{{"role", PartyRole(GetParam())},
                                                                    {"party_id", party_}}}}});
    WalkedCase w;
    w.id = c.at("id").as_int64();
    w.stage = std::string(c.at("stage").as_string());
    EXPECT_EQ(w.stage, Def().initial) << "a new case starts in the initial state";
    reached_.insert(w.stage);
    if (c.at("procedure").is_string()) w.procedure = std::string(c.at("procedure").as_string());
    return w;
  }

  // A case brought to `state` by its shortest path, made once and kept there: only refused
  // actions are sent to it.
  const WalkedCase* CaseIn(const std::string& state) {
    auto it = parked_.find(state);
    if (it == parked_.end()) {
      WalkedCase c = NewCase("停在" + state);
      for (const auto* step : paths_.at(state)) {
        if (!Step(c, *step, *step)) return nullptr;
      }
      it = parked_.emplace(state, c).first;
    }
    return &it->second;
  }

  HttpResponse Act(const WalkedCase& c, const wf::Action& action, const json::object& fields,
                   const std::string& token = "") {
    const std::string target = "/api/v1/cases/" + std::to_string(c.id) + "/actions";
    const std::string body = json::serialize(
        json::object{{"action", action.code}, {"effective_on", c.Today()}, {"fields", fields}});
    if (token.empty()) return server_->PostJson(target, body);
    return HttpRequest(server_->port(), "POST", target, body,
                       {"Content-Type: application/json", "Authorization: Bearer " + token});
  }

  // What the case looks like after an action it accepted.
  void Absorb(WalkedCase& c, const wf::Action& action, const json::object& fields,
              const json::value& reply) {
    const auto& after = reply.at("case");
    c.stage = std::string(after.at("stage").as_string());
    reached_.insert(c.stage);
    c.procedure =
        after.at("procedure").is_string() ? std::string(after.at("procedure").as_string()) : "";
    if (action.HasEffect(wf::Effect::kStartSuspension)) {
      c.open_suspension = std::string(fields.at("suspension_kind").as_string());
    }
    if (action.HasEffect(wf::Effect::kEndSuspension)) c.open_suspension.reset();
  }

  // Takes `action` as the administrator on the way to `goal`, after whatever it needs; false
  // (with the failure recorded) when the server refuses.
  bool Step(WalkedCase& c, const wf::Action& action, const wf::Action& goal) {
    if (!Prepare(c, action)) return false;
    ++c.acts;
    const json::object fields = Sample(c, action, goal);
    auto r = Act(c, action, fields);
    EXPECT_EQ(r.status, 200) << "on the way: " << action.code << " in " << c.stage << " "
                             << json::serialize(fields) << " → " << r.body;
    if (r.status != 200) return false;
    Absorb(c, action, fields, Parse(r));
    return true;
  }

  // An action that keeps the case in `stage`, may be taken there and has `effect`.
  const wf::Action* StayingWith(const std::string& stage, wf::Effect effect) const {
    for (const auto& a : Def().actions) {
      if (a.HasEffect(effect) && Contains(a.from, stage) && (!a.to || *a.to == stage)) return &a;
    }
    return nullptr;
  }

  // The deadlines of the case that are running now (the agency's own, not a party's period).
  std::set<std::string> Running(const WalkedCase& c) {
    std::set<std::string> codes;
    auto d = GetJson("/api/v1/cases/" + std::to_string(c.id) + "/deadlines");
    for (const auto& item : d.at("items").as_array()) {
      if (item.at("status") == "running" && item.at("party_id").is_null()) {
        codes.insert(std::string(item.at("code").as_string()));
      }
    }
    return codes;
  }

  // What the engine needs before `action`: a pending request before a decision on an extension,
  // a running deadline before a request to extend it, an open period before its end.
  bool Prepare(WalkedCase& c, const wf::Action& action) {
    if (action.HasEffect(wf::Effect::kDecideExtension)) {
      if (const auto* request = StayingWith(c.stage, wf::Effect::kRequestExtension)) {
        if (!Step(c, *request, action)) return false;
      }
    }
    if (action.HasEffect(wf::Effect::kRequestExtension)) {
      const auto* field = action.FindField("deadline");
      const auto running = Running(c);
      const auto wanted = field ? Values(*field) : std::vector<std::string>{};
      const bool any = std::any_of(wanted.begin(), wanted.end(),
                                   [&](const auto& d) { return running.contains(d); });
      if (field && !any) {
        // Take an action of this state that starts one of the deadlines (record_clue before the
        // clue check can be extended).
        for (const auto& a : Def().actions) {
          if (!Contains(a.from, c.stage) || (a.to && *a.to != c.stage)) continue;
          bool starts = false;
          for (const auto* d : Def().DeadlinesStartedBy(a.code, c.procedure)) {
            starts = starts || Contains(wanted, d->code);
          }
          if (starts) return Step(c, a, action);
        }
      }
    }
    if (action.HasEffect(wf::Effect::kEndSuspension) && !c.open_suspension) {
      if (const auto* start = StayingWith(c.stage, wf::Effect::kStartSuspension)) {
        return Step(c, *start, action);
      }
    }
    return true;
  }

  // The values a field may take: `allowed`, else every value of its type.
  std::vector<std::string> Values(const wf::Field& f) const {
    if (!f.allowed.empty()) return f.allowed;
    std::vector<std::string> out;
    switch (f.type) {
      case wf::FieldType::kEnum:
        for (const auto& e : dict_.at(f.dict).as_array()) {
          out.emplace_back(e.at("value").as_string());
        }
        break;
      case wf::FieldType::kSuspensionKind:
        for (const auto& k : Def().suspension_kinds) out.push_back(k.code);
        break;
      case wf::FieldType::kDeadline:
        for (const auto& d : Def().deadlines) out.push_back(d.code);
        break;
      default:
        break;
    }
    return out;
  }

  // A valid value for every field of `action` (required or not), taken on the way to `goal`.
  json::object Sample(const WalkedCase& c, const wf::Action& action, const wf::Action& goal) {
    json::object out;
    for (const auto& f : action.fields) out[f.name] = SampleValue(c, action, f, goal);
    return out;
  }

  json::value SampleValue(const WalkedCase& c, const wf::Action& action, const wf::Field& f,
                          const wf::Action& goal) {
    const auto values = Values(f);
    switch (f.type) {
      case wf::FieldType::kText:
        return "测试";
      case wf::FieldType::kInteger:
        // Parties are named by id: the case's own party (record_service requires one of its).
        if (f.name == "party_id") return party_;
        return f.min.value_or(1);
      case wf::FieldType::kFen:
        return f.min.value_or(1);
      case wf::FieldType::kDate:
        return json::value(c.Today());
      case wf::FieldType::kBoolean:
        return true;
      case wf::FieldType::kUser:
        return handler_;
      case wf::FieldType::kAgency:
        return agency_;
      case wf::FieldType::kEnum:
        if (f.dict == "procedure") return SampleProcedure(c, action, f, goal);
        return json::value(values.front());
      case wf::FieldType::kSuspensionKind: {
        // The period an end closes is the one open; one opened for an end is of a kind it ends.
        if (action.HasEffect(wf::Effect::kEndSuspension) && c.open_suspension &&
            Contains(values, *c.open_suspension)) {
          return json::value(*c.open_suspension);
        }
        if (const auto* ends = goal.FindField("suspension_kind");
            ends && goal.HasEffect(wf::Effect::kEndSuspension) && &goal != &action) {
          for (const auto& v : values) {
            if (Contains(Values(*ends), v)) return json::value(v);
          }
        }
        return json::value(values.front());
      }
      case wf::FieldType::kDeadline: {
        // An extension is asked for a deadline that is running.
        const auto running = Running(c);
        for (const auto& v : values) {
          if (running.contains(v)) return json::value(v);
        }
        return json::value(values.front());
      }
    }
    return nullptr;
  }

  // A procedure the case is not under yet, so that the reply shows whether the action applied
  // it. A filing on the way to a conversion picks one the conversion can leave (admin_first
  // converts only to ordinary, so such a case is filed under summary).
  json::value SampleProcedure(const WalkedCase& c, const wf::Action& action, const wf::Field& f,
                              const wf::Action& goal) {
    const auto values = Values(f);
    std::vector<std::string> targets;
    if (&goal != &action && goal.HasEffect(wf::Effect::kConvertProcedure)) {
      if (const auto* to = goal.FindField("procedure")) targets = Values(*to);
    }
    const auto convertible = [&](const std::string& v) {
      return targets.empty() ||
             std::any_of(targets.begin(), targets.end(), [&](const auto& t) { return t != v; });
    };
    for (const auto& v : values) {
      if (v != c.procedure && convertible(v)) return json::value(v);
    }
    for (const auto& v : values) {
      if (convertible(v)) return json::value(v);
    }
    return json::value(values.front());
  }

  // A role with case:record:update that the action does not list, if there is one.
  std::optional<std::string> OtherRole(const wf::Action& action) const {
    for (const char* role : kOtherRoles) {
      if (!Contains(action.roles, role)) return role;
    }
    return std::nullopt;
  }

  const wf::Definition* def_ = nullptr;
  int64_t agency_ = 0, party_ = 0, handler_ = 0;
  json::object dict_;
  std::map<std::string, std::vector<const wf::Action*>> paths_;
  std::vector<std::string> states_by_distance_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, WalkedCase> parked_;
  std::set<std::string> reached_;
};

TEST_P(WorkflowPathsTest, EveryActionAnswersAsItsDefinitionSays) {
  for (const auto& action : Def().actions) {
    SCOPED_TRACE(GetParam() + " action " + action.code);
    const std::string home = Home(action);
    ASSERT_FALSE(home.empty()) << "no reachable state allows " << action.code;

    // The shortest way to a state that allows the action, then what the action itself needs.
    WalkedCase c = NewCase(action.label);
    bool ready = true;
    for (const auto* step : paths_.at(home)) {
      ready = ready && Step(c, *step, action);
    }
    ready = ready && Prepare(c, action);
    if (!ready) continue;
    ++c.acts;
    const json::object fields = Sample(c, action, action);

    // A role that may update cases but is not among the action's roles is refused.
    if (const auto role = OtherRole(action)) {
      auto r = Act(c, action, fields, TokenOf(*role));
      EXPECT_EQ(r.status, 403) << "as " << *role << ": " << r.body;
      if (r.status == 403) {
        EXPECT_EQ(Code(r), "forbidden");
      }
    }
    // Each required field left out is named.
    for (const auto& f : action.fields) {
      if (!f.required) continue;
      json::object without = fields;
      without.erase(f.name);
      auto r = Act(c, action, without);
      EXPECT_EQ(r.status, 400) << "without " << f.name << ": " << r.body;
      if (r.status == 400) {
        EXPECT_EQ(Code(r), "invalid_field");
        EXPECT_EQ(Field(r), "fields." + f.name);
      }
    }

    // Taken as allowed, the case moves to `to`, or stays where it is.
    auto r = Act(c, action, fields);
    EXPECT_EQ(r.status, 200) << "in " << c.stage << " with " << json::serialize(fields) << ": "
                             << r.body;
    if (r.status != 200) continue;
    const std::string expected = action.to.value_or(c.stage);
    const auto reply = Parse(r);
    const auto& after = reply.at("case");
    EXPECT_EQ(after.at("stage"), json::value(expected));
    EXPECT_EQ(after.at("status"), json::value(Def().FindState(expected)->status));
    if (fields.contains("procedure")) {
      EXPECT_EQ(after.at("procedure"), fields.at("procedure"))
          << "the case is under the procedure the action names";
    }
    if (action.HasEffect(wf::Effect::kClose)) {
      EXPECT_EQ(after.at("outcome"), fields.at("outcome"));
      EXPECT_EQ(after.at("closed_on"), json::value(c.Today()));
    }
    Absorb(c, action, fields, reply);

    // In a state that does not allow it, the action is a conflict: the state it led to, or else
    // the nearest such state.
    const WalkedCase* elsewhere = nullptr;
    if (!Def().ActionAllowedFrom(action.code, c.stage)) {
      ++c.acts;
      elsewhere = &c;
    } else {
      for (const auto& s : states_by_distance_) {
        if (Contains(action.from, s)) continue;
        elsewhere = CaseIn(s);
        break;
      }
    }
    if (!elsewhere) continue;  // allowed everywhere (complaint's notify), or the walk failed
    r = Act(*elsewhere, action, Sample(*elsewhere, action, action));
    EXPECT_EQ(r.status, 409) << "in " << elsewhere->stage << ": " << r.body;
    if (r.status == 409) {
      EXPECT_EQ(Code(r), "conflict");
    }
  }

  for (const auto& s : Def().states) {
    EXPECT_TRUE(reached_.contains(s.code)) << "state " << s.code << " was never reached";
  }
}

std::string KindName(const ::testing::TestParamInfo<std::string>& kind) { return kind.param; }

INSTANTIATE_TEST_SUITE_P(Shipped, WorkflowPathsTest,
                         ::testing::ValuesIn(wf::Registry::Builtin().Kinds()), KindName);

}  // namespace
}  // namespace sg::apitest
