// Workflow definitions: each case kind is a state machine defined as data, one strict-JSON file per
// kind under workflows/ (format: docs/workflows.md). This header is the parsed model the engine
// runs on, the loader that refuses a bad file, and the registry of all kinds.
//
// Thread-safety: a Definition and a Registry are immutable once built and may be read from any
// number of threads. Registry::Builtin() is initialised once, thread-safely.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sg::wf {

// The rejection of a definition file. what() is "<file>: <problem>", e.g.
// `workflows/civil_first.json: deadline "trial" never stops: stops_on is empty`.
class DefinitionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Unit { kDays, kWorkingDays, kMonths };
// What happens when a period's last day is a rest day (民事诉讼法 第85条). Working-day periods
// never end on a rest day, so they always use kNone.
enum class RestDayRule { kNextWorkingDay, kNone };

enum class FieldType {
  kText,
  kInteger,
  kFen,   // integer >= 0, money in fen; the field name ends in "_fen"
  kDate,  // YYYY-MM-DD
  kBoolean,
  kEnum,            // a value of the dictionary enum `dict`, within `allowed` when given
  kSuspensionKind,  // a code of the definition's suspension_kinds (within `allowed` when given)
  kDeadline,        // a code of the definition's deadlines (within `allowed` when given)
  kUser,            // a user id
  kAgency,          // an agency id
};

// What taking an action does besides moving the case to `to`. Each effect requires some fields
// (the loader checks them), so the engine may rely on their presence:
enum class Effect {
  kAssignCaseNumber,  // give the case its number (API.md "Numbers")
  kSetFiledOn,        // filed_on = the action's effective_on
  kClose,             // closed_on = effective_on; fields: outcome (enum case_outcome)
  kStartSuspension,   // a not-counted period begins; fields: suspension_kind, reason
  kEndSuspension,     // the open period of `suspension_kind` ends (inclusive of the day)
  kRequestExtension,  // fields: deadline, length (in the extension's unit), reason
  kDecideExtension,   // the approver decides the pending request; fields: approved, reason
  kConvertProcedure,  // fields: procedure (enum procedure); see Definition::DeadlinesStartedBy
  kAssignHandler,     // fields: handler_id (user)
  kRecordService,     // fields: party_id (integer), served_on (date), method (enum service_method)
};

// Wire names ("working_days", "record_service", ...), as in the files.
std::string_view UnitName(Unit unit);
std::string_view RestDayRuleName(RestDayRule rule);
std::string_view FieldTypeName(FieldType type);
std::string_view EffectName(Effect effect);

struct State {
  std::string code;
  std::string label;
  std::string status;  // case_status: received | filed | suspended | closed
  bool final = false;  // true exactly when status is "closed"; only `to: null` actions leave it
};

// An input of an action (POST /cases/{id}/actions "fields").
struct Field {
  std::string name;   // [a-z_]+, unique within the action
  std::string label;  // may be empty: the UI then uses the dictionary label or the name
  FieldType type = FieldType::kText;
  std::string dict;                  // kEnum only: the dictionary enum
  std::vector<std::string> allowed;  // empty = every value of the type
  bool required = false;
  std::optional<int64_t> min;  // kInteger and kFen only
};

struct Action {
  std::string code;
  std::string label;
  std::vector<std::string> from;   // states in which the action may be taken
  std::optional<std::string> to;   // the next state; nullopt: the case stays where it is
  std::vector<std::string> roles;  // shipped role codes that may take it
  std::vector<Effect> effects;
  std::vector<Field> fields;

  bool HasEffect(Effect effect) const;
  const Field* FindField(std::string_view name) const;
};

// How far the approver may extend a deadline. The approver grants extensions in `unit`, which
// is of the deadline's unit family (days and months are calendar units; working_days is its own).
struct Extension {
  std::optional<int> max_total;  // the most all approved extensions may add; nullopt: no cap
  Unit unit = Unit::kDays;
  std::string approver_role;  // the role that takes the decide_extension action
  std::string source;
};

// A legal time limit. It runs from the effective_on of an action in `starts_on` ("create": the
// day the case was created) and is met by an action in `stops_on`. The start day is not counted.
struct Deadline {
  std::string code;
  std::string label;
  int length = 0;
  Unit unit = Unit::kDays;
  RestDayRule rest_day_rule = RestDayRule::kNextWorkingDay;
  std::string source;
  std::vector<std::string> starts_on;
  std::vector<std::string> stops_on;  // never empty
  // applies_to.procedure: the deadline runs only for these procedures; empty = for every case.
  std::vector<std::string> procedures;
  bool suspendable = false;  // not-counted periods (suspensions) move it
  std::optional<Extension> extension;
  // The limit is a default (time-limits.md marks it unconfirmed): an administrator may override
  // its length and unit per agency.
  bool configurable = false;
  // A party's own period (answer, appeal, hearing request): it runs per party from that party's
  // service (a record_service action), ends when that party acts, and lapses otherwise. Its
  // expiry is the party's, not the agency's, so it raises no alert against the handler.
  bool party_period = false;

  // True when the deadline runs for a case under `procedure` ("" = the case has none, which
  // matches only deadlines without applies_to).
  bool AppliesTo(std::string_view procedure) const;
  bool StartsOn(std::string_view action) const;
  bool StopsOn(std::string_view action) const;
};

// A kind of not-counted period (公告、鉴定、中止 ...) with its legal basis.
struct SuspensionKind {
  std::string code;
  std::string label;
  std::string source;
};

// The pseudo-action that starts deadlines when a case is created.
inline constexpr std::string_view kCreateAction = "create";

struct Definition {
  std::string kind;  // a case_kind, equal to the file name
  std::string label;
  int version = 1;
  std::vector<std::string> sources;
  std::string initial;
  std::vector<State> states;
  std::vector<Deadline> deadlines;
  std::vector<SuspensionKind> suspension_kinds;
  std::vector<Action> actions;

  // nullptr when there is none of that code.
  const State* FindState(std::string_view code) const;
  const Action* FindAction(std::string_view code) const;
  const Deadline* FindDeadline(std::string_view code) const;
  const SuspensionKind* FindSuspensionKind(std::string_view code) const;

  // True when `action` exists and lists `state` in its from.
  bool ActionAllowedFrom(std::string_view action, std::string_view state) const;
  // The deadlines that `action` (or kCreateAction) starts for a case under `procedure`, in file
  // order.
  //
  // convert_procedure: the engine ends the running deadlines that no longer apply to the new
  // procedure (neither met nor missed), starts the ones returned here for it (they list
  // convert_procedure in starts_on: the trial starts anew, 刑事诉讼法 第221条), and runs every
  // other deadline that now applies from the date its own starts_on action happened, so that the
  // conversion keeps the original filing date (民诉法解释 第258条).
  std::vector<const Deadline*> DeadlinesStartedBy(std::string_view action,
                                                  std::string_view procedure) const;
  // The deadlines that `action` meets (whatever the procedure), in file order.
  std::vector<const Deadline*> DeadlinesStoppedBy(std::string_view action) const;
};

// Parses and validates one definition. `file_name` names the file in messages; its base name
// without ".json" must equal the "kind" key. Throws DefinitionError for malformed JSON, for an
// unknown, missing or mistyped key, and for every rule in docs/workflows.md ("Rules the loader
// enforces").
Definition ParseDefinition(std::string_view file_name, std::string_view json);

// All case kinds' definitions with their file text.
class Registry {
 public:
  // The definitions compiled in from workflows/*.json. Throws DefinitionError on first use if
  // one of them is invalid or a case kind has none; the server calls it at startup, so a bad
  // file stops it from starting.
  static const Registry& Builtin();
  // The built-in definitions, each replaced by `<kind>.json` in `dir` when that file exists (an
  // administrator's override). Other files are ignored. Throws DefinitionError when a file is
  // invalid or is named after no case kind, and when `dir` cannot be read.
  static Registry LoadDirectory(const std::filesystem::path& dir);

  // nullptr for an unknown kind.
  const Definition* Find(std::string_view kind) const;
  // The definition file's text as loaded (GET /api/v1/workflows/{kind}); empty for an unknown
  // kind.
  const std::string& Json(std::string_view kind) const;
  // The kinds, sorted.
  std::vector<std::string> Kinds() const;

 private:
  struct Entry {
    Definition definition;
    std::string json;
  };
  void Add(std::string_view file_name, std::string json);
  void RequireEveryKind() const;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace sg::wf
