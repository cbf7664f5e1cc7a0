#include "workflow/definition.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include "register/dict.h"

namespace sg::wf {
namespace {

namespace json = boost::json;

// A small valid definition; each broken case below changes one thing in it.
constexpr std::string_view kValid = R"json({
  "kind": "civil_first",
  "label": "民事一审",
  "version": 1,
  "sources": ["民事诉讼法（2023）"],
  "initial": "received",
  "states": [
    {"code": "received", "label": "收案待立案", "status": "received"},
    {"code": "trial", "label": "审理中", "status": "filed"},
    {"code": "suspended", "label": "中止诉讼", "status": "suspended"},
    {"code": "closed", "label": "已结案", "status": "closed", "final": true}
  ],
  "deadlines": [
    {"code": "filing_review", "label": "立案审查期限", "length": 7, "unit": "days",
     "rest_day_rule": "next_working_day", "source": "民事诉讼法 第126条",
     "starts_on": ["create"], "stops_on": ["file"]},
    {"code": "trial", "label": "审理期限", "length": 6, "unit": "months",
     "rest_day_rule": "next_working_day", "source": "民事诉讼法 第152条",
     "starts_on": ["file"], "stops_on": ["judge"], "applies_to": {"procedure": ["ordinary"]},
     "suspendable": true,
     "extension": {"max_total": 6, "unit": "months", "approver_role": "approver",
                   "source": "民事诉讼法 第152条"}},
    {"code": "appeal", "label": "上诉期间", "length": 15, "unit": "days",
     "rest_day_rule": "next_working_day", "source": "民事诉讼法 第171条",
     "starts_on": ["serve"], "stops_on": ["receive_appeal"], "party_period": true}
  ],
  "suspension_kinds": [
    {"code": "suspension", "label": "中止期间", "source": "若干规定 第9条"}
  ],
  "actions": [
    {"code": "file", "label": "立案", "from": ["received"], "to": "trial", "roles": ["clerk"],
     "effects": ["assign_case_number", "set_filed_on"],
     "fields": [{"name": "procedure", "type": "enum", "dict": "procedure", "required": true},
                {"name": "claimed_amount_fen", "type": "fen", "required": false}]},
    {"code": "judge", "label": "判决", "from": ["trial"], "to": "closed", "roles": ["handler"],
     "effects": ["close"],
     "fields": [{"name": "outcome", "type": "enum", "dict": "case_outcome", "required": true,
                 "allowed": ["judgment"]},
                {"name": "document_number", "type": "text", "required": true}]},
    {"code": "suspend", "label": "中止诉讼", "from": ["trial"], "to": "suspended",
     "roles": ["handler"], "effects": ["start_suspension"],
     "fields": [{"name": "suspension_kind", "type": "suspension_kind", "required": true},
                {"name": "reason", "type": "text", "required": true}]},
    {"code": "resume", "label": "恢复诉讼", "from": ["suspended"], "to": "trial",
     "roles": ["handler"], "effects": ["end_suspension"],
     "fields": [{"name": "suspension_kind", "type": "suspension_kind", "required": true}]},
    {"code": "request_extension", "label": "申请延长审限", "from": ["trial"], "to": null,
     "roles": ["handler"], "effects": ["request_extension"],
     "fields": [{"name": "deadline", "type": "deadline", "required": true, "allowed": ["trial"]},
                {"name": "length", "type": "integer", "required": true, "min": 1},
                {"name": "reason", "type": "text", "required": true}]},
    {"code": "decide_extension", "label": "审批延长审限", "from": ["trial"], "to": null,
     "roles": ["approver"], "effects": ["decide_extension"],
     "fields": [{"name": "approved", "type": "boolean", "required": true}]},
    {"code": "serve", "label": "送达判决书", "from": ["closed"], "to": null,
     "roles": ["clerk"], "effects": ["record_service"],
     "fields": [{"name": "party_id", "type": "integer", "required": true},
                {"name": "served_on", "type": "date", "required": true},
                {"name": "method", "type": "enum", "dict": "service_method", "required": true}]},
    {"code": "receive_appeal", "label": "收到上诉状", "from": ["closed"], "to": null,
     "roles": ["clerk"], "effects": [], "fields": []}
  ]
})json";

constexpr std::string_view kFile = "workflows/civil_first.json";

json::object& Item(json::value& root, std::string_view list, std::string_view code) {
  for (auto& item : root.at(list).as_array()) {
    auto& obj = item.as_object();
    if (obj.at("code").as_string() == code) return obj;
  }
  throw std::runtime_error("no such item in the test definition");
}

json::array& FieldsOf(json::value& root, std::string_view action) {
  return Item(root, "actions", action).at("fields").as_array();
}

// The message ParseDefinition throws, or "" when it accepts the text.
std::string Refusal(std::string_view file, std::string_view text) {
  try {
    ParseDefinition(file, text);
  } catch (const DefinitionError& e) {
    return e.what();
  }
  return "";
}

TEST(DefinitionTest, TheValidExampleParsesAndAnswersTheEngine) {
  const Definition d = ParseDefinition(kFile, kValid);
  EXPECT_EQ(d.kind, "civil_first");
  ASSERT_NE(d.FindAction("judge"), nullptr);
  EXPECT_TRUE(d.FindAction("judge")->HasEffect(Effect::kClose));
  EXPECT_EQ(d.FindAction("nope"), nullptr);
  EXPECT_TRUE(d.FindState("closed")->final);
  EXPECT_TRUE(d.ActionAllowedFrom("judge", "trial"));
  EXPECT_FALSE(d.ActionAllowedFrom("judge", "received"));
  EXPECT_FALSE(d.ActionAllowedFrom("nope", "trial"));
  EXPECT_FALSE(d.FindAction("request_extension")->to.has_value());

  auto codes = [](const std::vector<const Deadline*>& list) {
    std::vector<std::string> out;
    for (const auto* dl : list) out.push_back(dl->code);
    return out;
  };
  using Codes = std::vector<std::string>;
  EXPECT_EQ(codes(d.DeadlinesStartedBy(kCreateAction, "")), Codes{"filing_review"});
  // applies_to: the trial limit here is the ordinary procedure's only.
  EXPECT_EQ(codes(d.DeadlinesStartedBy("file", "ordinary")), Codes{"trial"});
  EXPECT_EQ(codes(d.DeadlinesStartedBy("file", "summary")), Codes{});
  EXPECT_EQ(codes(d.DeadlinesStartedBy("file", "")), Codes{});
  EXPECT_EQ(codes(d.DeadlinesStoppedBy("judge")), Codes{"trial"});
  EXPECT_EQ(codes(d.DeadlinesStoppedBy("file")), Codes{"filing_review"});

  const Deadline& trial = *d.FindDeadline("trial");
  EXPECT_EQ(trial.unit, Unit::kMonths);
  EXPECT_EQ(trial.rest_day_rule, RestDayRule::kNextWorkingDay);
  ASSERT_TRUE(trial.extension.has_value());
  EXPECT_EQ(trial.extension->max_total, 6);
  EXPECT_TRUE(d.FindDeadline("appeal")->party_period);
  EXPECT_FALSE(d.FindDeadline("filing_review")->configurable);
  const Field* outcome = d.FindAction("judge")->FindField("outcome");
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->type, FieldType::kEnum);
  EXPECT_EQ(outcome->allowed, Codes{"judgment"});
  EXPECT_EQ(d.FindAction("request_extension")->FindField("length")->min, 1);
}

struct BrokenCase {
  const char* what;
  std::function<void(json::value&)> change;
  const char* message;  // the problem after "<file>: "
};

void PrintTo(const BrokenCase& c, std::ostream* os) { *os << c.what; }

class BrokenDefinitionTest : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenDefinitionTest, IsRefusedNamingFileAndProblem) {
  json::value root = json::parse(kValid);
  GetParam().change(root);
  EXPECT_EQ(Refusal(kFile, json::serialize(root)), std::string(kFile) + ": " + GetParam().message);
}

const BrokenCase kBrokenCases[] = {
    {"unknown state in from",
     [](json::value& v) { Item(v, "actions", "judge")["from"] = json::array{"trail"}; },
     R"(action "judge": from names unknown state "trail")"},
    {"unknown state in to", [](json::value& v) { Item(v, "actions", "judge")["to"] = "done"; },
     R"(action "judge": to names unknown state "done")"},
    {"unreachable state",
     [](json::value& v) {
       v.at("states").as_array().push_back(json::parse(
           R"({"code": "archived", "label": "归档", "status": "closed", "final": true})"));
     },
     R"(state "archived" is unreachable from initial state "received")"},
    {"deadline that never stops",
     [](json::value& v) { Item(v, "deadlines", "trial")["stops_on"] = json::array{}; },
     R"(deadline "trial" never stops: stops_on is empty)"},
    {"duplicate action, even with another from",
     [](json::value& v) {
       json::object copy = Item(v, "actions", "judge");
       copy["from"] = json::array{"suspended"};
       v.at("actions").as_array().push_back(copy);
     },
     R"(duplicate action code "judge" (actions[1] and actions[8]))"},
    {"unknown effect",
     [](json::value& v) { Item(v, "actions", "suspend")["effects"] = json::array{"pause"}; },
     R"(action "suspend": unknown effect "pause" (expected one of: assign_case_number, )"
     R"(set_filed_on, close, start_suspension, end_suspension, request_extension, )"
     R"(decide_extension, convert_procedure, assign_handler, record_service))"},
    {"unknown field type",
     [](json::value& v) { FieldsOf(v, "file")[1].as_object()["type"] = "money"; },
     R"(action "file": field "claimed_amount_fen": unknown type "money" (expected one of: )"
     R"(text, integer, fen, date, boolean, enum, suspension_kind, deadline, user, agency))"},
    {"unknown role",
     [](json::value& v) { Item(v, "actions", "judge")["roles"] = json::array{"judge"}; },
     R"(action "judge": unknown role "judge")"},
    {"working_days with next_working_day",
     [](json::value& v) { Item(v, "deadlines", "filing_review")["unit"] = "working_days"; },
     R"(deadline "filing_review": unit working_days requires rest_day_rule "none" )"
     R"((a working-day period never ends on a rest day))"},
    {"closing action without outcome",
     [](json::value& v) { FieldsOf(v, "judge").erase(FieldsOf(v, "judge").begin()); },
     R"(closing action "judge" must require field "outcome" (type enum, dict case_outcome))"},
    {"closing action with an optional outcome",
     [](json::value& v) { FieldsOf(v, "judge")[0].as_object()["required"] = false; },
     R"(closing action "judge" must require field "outcome" (type enum, dict case_outcome))"},
    {"unknown key", [](json::value& v) { Item(v, "deadlines", "trial")["colour"] = "red"; },
     R"(deadlines[1]: unknown key "colour")"},
    {"unknown top-level key", [](json::value& v) { v.as_object()["comment"] = "x"; },
     R"(unknown key "comment")"},
    {"non-final state with no way out",
     [](json::value& v) {
       v.at("states").as_array().push_back(
           json::parse(R"({"code": "limbo", "label": "搁置", "status": "filed"})"));
       v.at("actions").as_array().push_back(json::parse(
           R"({"code": "park", "label": "搁置", "from": ["trial"], "to": "limbo",
               "roles": ["handler"], "effects": [], "fields": []})"));
     },
     R"(state "limbo" is not final but no action leads out of it)"},
    {"missing key", [](json::value& v) { Item(v, "deadlines", "trial").erase("source"); },
     R"(deadlines[1]: missing key "source")"},
    {"wrong type", [](json::value& v) { Item(v, "deadlines", "trial")["length"] = "6"; },
     R"(deadlines[1].length: expected an integer)"},
    {"kind that is not the file's", [](json::value& v) { v.as_object()["kind"] = "civil_second"; },
     R"(kind "civil_second" does not match the file name (expected "civil_first"))"},
    {"code that is not [a-z_]+",
     [](json::value& v) { Item(v, "actions", "judge")["code"] = "Judge"; },
     R"(actions[1]: code "Judge" is not [a-z_]+)"},
    {"zero length", [](json::value& v) { Item(v, "deadlines", "trial")["length"] = 0; },
     R"(deadline "trial": length must be greater than 0)"},
    {"stops_on an unknown action",
     [](json::value& v) { Item(v, "deadlines", "trial")["stops_on"] = json::array{"decide"}; },
     R"(deadline "trial": stops_on names unknown action "decide")"},
    {"starts_on an unknown action",
     [](json::value& v) { Item(v, "deadlines", "trial")["starts_on"] = json::array{"filed"}; },
     R"(deadline "trial": starts_on names unknown action "filed")"},
    {"empty source", [](json::value& v) { Item(v, "deadlines", "trial")["source"] = ""; },
     R"(deadlines[1].source: expected a non-empty string)"},
    {"extension in working days on a months limit",
     [](json::value& v) {
       Item(v, "deadlines", "trial")["extension"].as_object()["unit"] = "working_days";
     },
     R"(deadline "trial": extension unit "working_days" is not of the family of "months")"},
    {"extension nobody may approve",
     [](json::value& v) {
       Item(v, "deadlines", "trial")["extension"].as_object()["approver_role"] = "supervisor";
     },
     R"(deadline "trial": no action with effect decide_extension may be taken by role )"
     R"("supervisor")"},
    {"unknown procedure in applies_to",
     [](json::value& v) {
       Item(v, "deadlines", "trial")["applies_to"] = json::parse(R"({"procedure": ["fast"]})");
     },
     R"(deadline "trial": applies_to names unknown procedure "fast")"},
    {"party period not started by a service",
     [](json::value& v) { Item(v, "deadlines", "appeal")["starts_on"] = json::array{"judge"}; },
     R"(deadline "appeal" is a party_period, so it must start on actions with effect )"
     R"(record_service ("judge" has none))"},
    {"judgment without a document number", [](json::value& v) { FieldsOf(v, "judge").pop_back(); },
     R"(closing action "judge": outcome "judgment" produces a document, so it must require )"
     R"(field "document_number" (type text))"},
    {"action into a final state that does not close",
     [](json::value& v) { Item(v, "actions", "judge")["effects"] = json::array{}; },
     R"(action "judge" leads to final state "closed" but has no effect "close")"},
    {"closing action that stays",
     [](json::value& v) { Item(v, "actions", "judge")["to"] = nullptr; },
     R"(closing action "judge" must lead to a final state)"},
    {"action leaving a final state",
     [](json::value& v) { Item(v, "actions", "serve")["to"] = "trial"; },
     R"(action "serve" leaves final state "closed"; an action taken in a final state must )"
     R"(have "to": null)"},
    {"service without its method", [](json::value& v) { FieldsOf(v, "serve").pop_back(); },
     R"(action "serve" (effect record_service) must require field "method" (type enum, )"
     R"(dict service_method))"},
    {"enum value outside its dictionary",
     [](json::value& v) { FieldsOf(v, "judge")[0].as_object()["allowed"] = json::array{"win"}; },
     R"(action "judge": field "outcome": allowed value "win" is not a value of dict )"
     R"("case_outcome")"},
    {"suspension kind the definition does not know",
     [](json::value& v) {
       FieldsOf(v, "suspend")[0].as_object()["allowed"] = json::array{"appraisal"};
     },
     R"(action "suspend": field "suspension_kind": allowed value "appraisal" is not a )"
     R"(suspension kind of this definition)"},
    {"unknown dictionary",
     [](json::value& v) { FieldsOf(v, "file")[0].as_object()["dict"] = "procedures"; },
     R"(action "file": field "procedure": dict names unknown dictionary enum "procedures")"},
    {"money not in fen",
     [](json::value& v) { FieldsOf(v, "file")[1].as_object()["type"] = "integer"; },
     R"(action "file": field "claimed_amount_fen": a name ending in "_fen" holds money and )"
     R"(requires type fen)"},
    {"extension asked of a deadline that has none",
     [](json::value& v) {
       FieldsOf(v, "request_extension")[0].as_object()["allowed"] = json::array{"appeal"};
     },
     R"(action "request_extension": deadline "appeal" has no extension)"},
    {"suspendable deadline with no way to suspend",
     [](json::value& v) {
       auto& actions = v.at("actions").as_array();
       actions.erase(actions.begin() + 2, actions.begin() + 4);  // suspend, resume
       v.at("states").as_array().erase(v.at("states").as_array().begin() + 2);
     },
     R"(deadline "trial" is suspendable but no action has effect start_suspension)"},
    {"no final state",
     [](json::value& v) {
       auto& closed = Item(v, "states", "closed");
       closed["status"] = "filed";
       closed.erase("final");
     },
     R"(no state is final)"},
    {"final state whose status is not closed",
     [](json::value& v) { Item(v, "states", "closed")["status"] = "filed"; },
     R"(state "closed": a state is final exactly when its status is "closed")"},
};

// Names each case after its description: "unknown state in from" -> unknown_state_in_from.
std::string CaseName(const ::testing::TestParamInfo<BrokenCase>& info) {
  std::string name;
  for (const char* c = info.param.what; *c != '\0'; ++c) {
    const bool word =
        (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
    if (word) {
      name += *c;
    } else if (!name.empty() && name.back() != '_') {
      name += '_';
    }
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

INSTANTIATE_TEST_SUITE_P(Rules, BrokenDefinitionTest, ::testing::ValuesIn(kBrokenCases), CaseName);

TEST(DefinitionTest, MalformedJsonNamesLineAndColumn) {
  const std::string text = "{\n  \"kind\": \"civil_first\",\n  // a comment\n}";
  const std::string message = Refusal(kFile, text);
  EXPECT_EQ(message.rfind("workflows/civil_first.json: invalid JSON at line 3, column 3: ", 0), 0u)
      << message;
  EXPECT_EQ(Refusal(kFile, "[]"), "workflows/civil_first.json: expected an object");
}

TEST(DefinitionTest, KindMustBeACaseKind) {
  std::string text(kValid);
  text.replace(text.find("\"civil_first\""), 13, "\"divorce\"");
  EXPECT_EQ(Refusal("workflows/divorce.json", text),
            R"(workflows/divorce.json: kind "divorce" is no case kind)");
}

// ---- The shipped definitions ----

TEST(ShippedDefinitionsTest, EveryCaseKindHasAValidDefinition) {
  const Registry& registry = Registry::Builtin();
  EXPECT_EQ(registry.Kinds().size(), reg::DictValues("case_kind").size());
  for (const auto& kind : reg::DictValues("case_kind")) {
    SCOPED_TRACE(kind);
    const Definition* d = registry.Find(kind);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->kind, kind);
    EXPECT_TRUE(reg::InDict("case_kind", d->kind));
    // GET /api/v1/workflows/{kind} serves the file text, which parses to the same definition.
    EXPECT_EQ(ParseDefinition("workflows/" + kind + ".json", registry.Json(kind)).actions.size(),
              d->actions.size());
  }
  EXPECT_EQ(registry.Find("divorce"), nullptr);
  EXPECT_EQ(registry.Json("divorce"), "");
}

TEST(ShippedDefinitionsTest, TheFilesInTheSourceTreeAreTheOnesCompiledIn) {
  const char* src = std::getenv("SHENGUAN_SOURCE_DIR");
  const std::filesystem::path dir =
      std::filesystem::path(src != nullptr ? src : SHENGUAN_SOURCE_DIR_FALLBACK) / "workflows";
  for (const auto& kind : reg::DictValues("case_kind")) {
    std::ifstream in(dir / (kind + ".json"), std::ios::binary);
    ASSERT_TRUE(in.is_open()) << kind;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, Registry::Builtin().Json(kind)) << kind << ": rebuild to embed the new text";
  }
}

// Every closing action, every service, every extension and every suspension works the same way
// in every kind (the engine relies on these shapes; the loader checks most of them, this pins the
// shipped choices).
TEST(ShippedDefinitionsTest, EveryKindHasTheCommonActions) {
  const Registry& registry = Registry::Builtin();
  for (const auto& kind : registry.Kinds()) {
    SCOPED_TRACE(kind);
    const Definition& d = *registry.Find(kind);
    auto with = [&](Effect e) {
      return std::count_if(d.actions.begin(), d.actions.end(),
                           [e](const Action& a) { return a.HasEffect(e); });
    };
    EXPECT_GE(with(Effect::kClose), 2);
    EXPECT_GE(with(Effect::kAssignHandler), 1);
    EXPECT_GE(with(Effect::kRecordService), 1);
    // A report is never filed itself: its filing opens a penalty case (outcome transfer).
    if (kind != "report") {
      EXPECT_GE(with(Effect::kSetFiledOn) + with(Effect::kAssignCaseNumber), 1);
    }
    const bool extendable =
        std::any_of(d.deadlines.begin(), d.deadlines.end(),
                    [](const Deadline& dl) { return dl.extension.has_value(); });
    EXPECT_EQ(with(Effect::kRequestExtension) > 0, extendable);
    for (const auto& a : d.actions) {
      if (!a.HasEffect(Effect::kClose)) continue;
      for (const auto& f : a.fields) {
        if (f.type == FieldType::kFen) {
          EXPECT_TRUE(f.name == "claimed_amount_fen" || f.name == "awarded_amount_fen" ||
                      f.name == "enforce_amount_fen" || f.name == "recovered_amount_fen" ||
                      f.name == "fine_fen")
              << a.code << "." << f.name;
        }
      }
    }
    for (const auto& s : d.states) EXPECT_FALSE(s.label.empty());
  }
}

TEST(ShippedDefinitionsTest, SuspensionKindsAreInTheDictionaryWithTheSameLabel) {
  std::set<std::string> used;
  for (const auto& kind : Registry::Builtin().Kinds()) {
    for (const auto& k : Registry::Builtin().Find(kind)->suspension_kinds) {
      SCOPED_TRACE(kind + "/" + k.code);
      EXPECT_TRUE(reg::InDict("suspension_kind", k.code));
      EXPECT_EQ(reg::DictLabel("suspension_kind", k.code), k.label);
      used.insert(k.code);
    }
  }
  // The dictionary holds the union, nothing more.
  EXPECT_EQ(used.size(), reg::DictValues("suspension_kind").size());
}

// The limits of shared/domain/time-limits.md, one row each with its source.
struct Limit {
  const char* kind;
  const char* deadline;
  int length;
  Unit unit;
  std::optional<int> extension;  // max_total; nullopt: no extension or no cap (see `extendable`)
  bool extendable;
  bool configurable;
  const char* source;  // what the definition's source must mention
};

const Limit kLimits[] = {
    {"complaint", "accept_decision", 7, Unit::kWorkingDays, {}, false, false, "第14条"},
    {"complaint", "mediation", 45, Unit::kWorkingDays, {}, false, false, "第21条"},
    {"complaint", "mediation_end_notice", 7, Unit::kWorkingDays, {}, false, false, "第21条"},
    {"complaint", "clue_check", 15, Unit::kWorkingDays, 15, true, false, "第23条"},
    {"complaint", "jurisdiction_consultation", 7, Unit::kWorkingDays, {}, false, false, "第30条"},
    {"report", "filing_decision", 15, Unit::kWorkingDays, 15, true, false, "第18条"},
    {"report", "reporter_notice", 5, Unit::kWorkingDays, {}, false, false, "第31条"},
    {"admin_penalty", "clue_check", 15, Unit::kWorkingDays, 15, true, false, "第18条"},
    {"admin_penalty", "conclusion", 90, Unit::kDays, 30, true, false, "行政处罚法 第60条"},
    {"admin_penalty", "case_review", 10, Unit::kWorkingDays, {}, true, true, "程序规定"},
    {"admin_penalty", "hearing_request", 5, Unit::kWorkingDays, {}, false, false, "第64条"},
    {"admin_penalty", "service", 7, Unit::kWorkingDays, {}, false, false, "第61条"},
    {"admin_penalty", "payment", 15, Unit::kDays, {}, false, false, "第67条"},
    {"admin_penalty", "publication", 20, Unit::kWorkingDays, {}, false, false, "第9—10条"},
    {"patent_adjudication", "acceptance", 5, Unit::kWorkingDays, {}, false, true, "办案指南"},
    {"patent_adjudication", "answer", 15, Unit::kDays, {}, false, true, "地方规定"},
    {"patent_adjudication", "conclusion", 3, Unit::kMonths, 1, true, true, "办案指南"},
    {"patent_adjudication", "lawsuit", 15, Unit::kDays, {}, false, false, "专利法 第65条"},
    {"mediation", "entrusted_mediation", 30, Unit::kDays, {}, true, true, "委派调解"},
    {"arbitration", "acceptance", 5, Unit::kDays, {}, false, false, "第24条"},
    {"arbitration", "award_ordinary", 4, Unit::kMonths, {}, true, true, "仲裁规则"},
    {"arbitration", "award_summary", 3, Unit::kMonths, {}, true, true, "仲裁规则"},
    {"civil_first", "filing_review", 7, Unit::kDays, {}, false, false, "第126条"},
    {"civil_first", "answer", 15, Unit::kDays, {}, false, false, "第128条"},
    {"civil_first", "trial_ordinary", 6, Unit::kMonths, 6, true, false, "第152条"},
    {"civil_first", "trial_summary", 3, Unit::kMonths, 1, true, false, "第164条"},
    {"civil_first", "trial_small_claims", 2, Unit::kMonths, 1, true, false, "第168条"},
    {"civil_first", "appeal_judgment", 15, Unit::kDays, {}, false, false, "第171条"},
    {"civil_first", "appeal_ruling", 10, Unit::kDays, {}, false, false, "第171条"},
    {"civil_second", "trial_judgment_appeal", 3, Unit::kMonths, {}, true, false, "第183条"},
    {"civil_second", "trial_ruling_appeal", 30, Unit::kDays, {}, false, false, "第183条"},
    {"admin_first", "trial_ordinary", 6, Unit::kMonths, {}, true, false, "第81条"},
    {"admin_first", "trial_summary", 45, Unit::kDays, {}, false, false, "第83条"},
    {"admin_second", "trial", 3, Unit::kMonths, {}, true, false, "第88条"},
    {"criminal_first", "trial_ordinary", 2, Unit::kMonths, 1, true, false, "第208条"},
    {"criminal_first", "trial_summary", 20, Unit::kDays, {}, false, false, "第220条"},
    {"criminal_second", "trial", 2, Unit::kMonths, 2, true, false, "第243条"},
    {"enforcement", "enforcement", 6, Unit::kMonths, {}, false, true, "审理期限制度"},
};

TEST(ShippedDefinitionsTest, LimitsFollowTimeLimitsMd) {
  std::set<std::string> configurable;
  for (const auto& limit : kLimits) {
    SCOPED_TRACE(std::string(limit.kind) + "/" + limit.deadline);
    const Definition* d = Registry::Builtin().Find(limit.kind);
    ASSERT_NE(d, nullptr);
    const Deadline* dl = d->FindDeadline(limit.deadline);
    ASSERT_NE(dl, nullptr);
    EXPECT_EQ(dl->length, limit.length);
    EXPECT_EQ(dl->unit, limit.unit);
    EXPECT_EQ(dl->extension.has_value(), limit.extendable);
    if (dl->extension) {
      EXPECT_EQ(dl->extension->max_total, limit.extension);
    }
    EXPECT_EQ(dl->configurable, limit.configurable);
    EXPECT_NE(dl->source.find(limit.source), std::string::npos) << dl->source;
    if (limit.configurable) configurable.insert(std::string(limit.kind) + "/" + limit.deadline);
  }
  // Only the limits time-limits.md marks unconfirmed are configurable.
  for (const auto& kind : Registry::Builtin().Kinds()) {
    for (const auto& dl : Registry::Builtin().Find(kind)->deadlines) {
      EXPECT_EQ(dl.configurable, configurable.contains(kind + "/" + dl.code))
          << kind << "/" << dl.code;
    }
  }
}

TEST(ShippedDefinitionsTest, ConvertingTheProcedureKeepsTheFilingDateInCivilCases) {
  const Definition& civil = *Registry::Builtin().Find("civil_first");
  // Nothing starts anew on conversion: the ordinary limit then runs from the filing
  // (民诉法解释 第258条).
  EXPECT_TRUE(civil.DeadlinesStartedBy("convert_procedure", "ordinary").empty());
  EXPECT_EQ(civil.DeadlinesStartedBy("file", "summary").size(), 2u);  // serve_complaint, trial
  EXPECT_EQ(civil.DeadlinesStartedBy("file", "summary")[1]->code, "trial_summary");
  // Small claims are final at first instance (民事诉讼法 第165条): no appeal period.
  EXPECT_TRUE(civil.DeadlinesStartedBy("serve_judgment", "small_claims").empty());
  EXPECT_EQ(civil.DeadlinesStartedBy("serve_judgment", "ordinary")[0]->code, "appeal_judgment");
  // A criminal summary trial converted to ordinary is tried anew (刑事诉讼法 第221条).
  const Definition& criminal = *Registry::Builtin().Find("criminal_first");
  ASSERT_EQ(criminal.DeadlinesStartedBy("convert_procedure", "ordinary").size(), 1u);
  EXPECT_EQ(criminal.DeadlinesStartedBy("convert_procedure", "ordinary")[0]->code,
            "trial_ordinary");
}

// ---- Administrator overrides ----

class LoadDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("sg_workflow_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, std::string_view text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(LoadDirectoryTest, AFileReplacesTheBuiltinDefinitionOfItsKind) {
  json::value civil = json::parse(Registry::Builtin().Json("enforcement"));
  civil.as_object()["version"] = 2;
  Item(civil, "deadlines", "enforcement")["length"] = 3;
  Write("enforcement.json", json::serialize(civil));
  Write("README.txt", "ignored");
  const Registry registry = Registry::LoadDirectory(dir_);
  EXPECT_EQ(registry.Find("enforcement")->version, 2);
  EXPECT_EQ(registry.Find("enforcement")->FindDeadline("enforcement")->length, 3);
  EXPECT_EQ(registry.Json("enforcement"), json::serialize(civil));
  EXPECT_EQ(registry.Find("civil_first")->version,
            Registry::Builtin().Find("civil_first")->version);
  EXPECT_EQ(registry.Kinds(), Registry::Builtin().Kinds());
}

TEST_F(LoadDirectoryTest, ABadFileIsRefusedWithItsPath) {
  json::value civil = json::parse(kValid);
  Item(civil, "deadlines", "trial")["stops_on"] = json::array{};
  Write("civil_first.json", json::serialize(civil));
  try {
    Registry::LoadDirectory(dir_);
    FAIL() << "accepted a deadline that never stops";
  } catch (const DefinitionError& e) {
    EXPECT_EQ(std::string(e.what()), (dir_ / "civil_first.json").string() +
                                         R"(: deadline "trial" never stops: stops_on is empty)");
  }
}

TEST_F(LoadDirectoryTest, AFileNamedAfterNoKindIsRefused) {
  Write("divorce.json", "{}");
  EXPECT_THROW(Registry::LoadDirectory(dir_), DefinitionError);
  EXPECT_THROW(Registry::LoadDirectory(dir_ / "missing"), DefinitionError);
}

}  // namespace
}  // namespace sg::wf
