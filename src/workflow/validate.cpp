#include "workflow/validate.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <set>

#include "register/dict.h"

namespace sg::wf::internal {
namespace {

// shared/API.md "Shipped role codes".
constexpr std::array<std::string_view, 7> kRoles = {"system_admin",   "agency_admin", "clerk",
                                                    "handler",        "approver",     "supervisor",
                                                    "external_system"};

// Outcomes that always end in a numbered document (判决书、裁定书、处罚决定书、裁决书), so a
// closing action that may record one must require its number.
constexpr std::array<std::string_view, 7> kDocumentOutcomes = {
    "judgment", "ruling", "dismissal", "rejection", "penalty", "no_penalty", "award"};

bool IsCode(std::string_view code) {
  return !code.empty() && std::all_of(code.begin(), code.end(),
                                      [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

template <size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Days and months are calendar units; working days are their own family.
bool SameFamily(Unit a, Unit b) { return (a == Unit::kWorkingDays) == (b == Unit::kWorkingDays); }

std::string BaseName(std::string_view file) {
  const size_t slash = file.find_last_of("/\\");
  if (slash != std::string_view::npos) file = file.substr(slash + 1);
  if (file.ends_with(".json")) file.remove_suffix(5);
  return std::string(file);
}

class Validator {
 public:
  Validator(const Reporter& reporter, const Definition& d) : r_(reporter), d_(d) {}

  void Run() {
    CheckKind();
    CheckCodes();
    CheckStates();
    for (const auto& a : d_.actions) CheckAction(a);
    CheckGraph();
    for (const auto& dl : d_.deadlines) CheckDeadline(dl);
    CheckSuspensionsAndExtensions();
  }

 private:
  [[noreturn]] void Fail(const std::string& problem) const { r_.Fail(problem); }

  void CheckKind() const {
    const std::string expected = BaseName(r_.file());
    if (d_.kind != expected) {
      Fail("kind " + Quote(d_.kind) + " does not match the file name (expected " + Quote(expected) +
           ")");
    }
    if (!reg::InDict("case_kind", d_.kind)) Fail("kind " + Quote(d_.kind) + " is no case kind");
  }

  // Codes are [a-z_]+ and unique within their list; two actions may not share a code even with
  // different `from`, because the API names an action by its code alone.
  template <typename T>
  void CheckList(const std::vector<T>& items, std::string_view list, std::string_view noun) const {
    std::map<std::string, size_t, std::less<>> seen;
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string& code = items[i].code;
      const std::string where = std::string(list) + "[" + std::to_string(i) + "]";
      if (!IsCode(code)) Fail(where + ": code " + Quote(code) + " is not [a-z_]+");
      if (code == kCreateAction) {
        Fail(where + ": " + Quote(kCreateAction) + " is reserved for the creation of a case");
      }
      auto [it, inserted] = seen.emplace(code, i);
      if (!inserted) {
        Fail("duplicate " + std::string(noun) + " code " + Quote(code) + " (" + std::string(list) +
             "[" + std::to_string(it->second) + "] and " + where + ")");
      }
    }
  }

  void CheckCodes() const {
    CheckList(d_.states, "states", "state");
    CheckList(d_.deadlines, "deadlines", "deadline");
    CheckList(d_.suspension_kinds, "suspension_kinds", "suspension kind");
    CheckList(d_.actions, "actions", "action");
  }

  void CheckStates() const {
    if (d_.states.empty()) Fail("states is empty");
    bool any_final = false;
    for (const auto& s : d_.states) {
      const std::string what = "state " + Quote(s.code);
      if (!reg::InDict("case_status", s.status)) {
        Fail(what + ": unknown status " + Quote(s.status) +
             " (expected received, filed, suspended or closed)");
      }
      if (s.final != (s.status == "closed")) {
        Fail(what + ": a state is final exactly when its status is \"closed\"");
      }
      any_final = any_final || s.final;
    }
    if (!any_final) Fail("no state is final");
    const State* initial = d_.FindState(d_.initial);
    if (initial == nullptr) Fail("initial names unknown state " + Quote(d_.initial));
    if (initial->final) Fail("initial state " + Quote(d_.initial) + " is final");
  }

  void CheckAction(const Action& a) const {
    const std::string what = "action " + Quote(a.code);
    if (a.from.empty()) Fail(what + ": from is empty");
    for (const auto& from : a.from) {
      const State* s = d_.FindState(from);
      if (s == nullptr) Fail(what + ": from names unknown state " + Quote(from));
      if (s->final && a.to) {
        Fail(what + " leaves final state " + Quote(from) +
             "; an action taken in a final state must have \"to\": null");
      }
    }
    const State* to = nullptr;
    if (a.to) {
      to = d_.FindState(*a.to);
      if (to == nullptr) Fail(what + ": to names unknown state " + Quote(*a.to));
    }
    if (a.roles.empty()) Fail(what + ": roles is empty");
    for (const auto& role : a.roles) {
      if (!Contains(kRoles, role)) Fail(what + ": unknown role " + Quote(role));
    }
    std::set<Effect> effects;
    for (Effect e : a.effects) {
      if (!effects.insert(e).second) Fail(what + ": effect " + Quote(EffectName(e)) + " twice");
    }
    std::set<std::string, std::less<>> names;
    for (const auto& f : a.fields) {
      if (!names.insert(f.name).second) Fail(what + ": field " + Quote(f.name) + " twice");
      CheckField(what, f);
    }
    CheckEffects(what, a);
    const bool closes = a.HasEffect(Effect::kClose);
    if (closes && (to == nullptr || !to->final)) {
      Fail("closing action " + Quote(a.code) + " must lead to a final state");
    }
    if (!closes && to != nullptr && to->final) {
      Fail(what + " leads to final state " + Quote(to->code) + " but has no effect \"close\"");
    }
    if (closes) CheckClosing(a);
  }

  void CheckField(const std::string& action_what, const Field& f) const {
    const std::string what = action_what + ": field " + Quote(f.name);
    if (!IsCode(f.name)) Fail(what + ": name is not [a-z_]+");
    const bool money_name = f.name.ends_with("_fen");
    if (f.type == FieldType::kFen && !money_name) {
      Fail(what + ": type fen requires a name ending in \"_fen\"");
    }
    if (f.type != FieldType::kFen && money_name) {
      Fail(what + ": a name ending in \"_fen\" holds money and requires type fen");
    }
    if (f.type == FieldType::kEnum) {
      if (f.dict.empty()) Fail(what + ": type enum requires \"dict\"");
      if (reg::DictValues(f.dict).empty()) {
        Fail(what + ": dict names unknown dictionary enum " + Quote(f.dict));
      }
    } else if (!f.dict.empty()) {
      Fail(what + ": \"dict\" is only for type enum");
    }
    for (const auto& value : f.allowed) {
      bool known = false;
      switch (f.type) {
        case FieldType::kEnum:
          known = reg::InDict(f.dict, value);
          break;
        case FieldType::kSuspensionKind:
          known = d_.FindSuspensionKind(value) != nullptr;
          break;
        case FieldType::kDeadline:
          known = d_.FindDeadline(value) != nullptr;
          break;
        default:
          Fail(what + ": \"allowed\" is only for types enum, suspension_kind and deadline");
      }
      if (!known) {
        const std::string among = f.type == FieldType::kEnum ? "a value of dict " + Quote(f.dict)
                                  : f.type == FieldType::kDeadline
                                      ? "a deadline of this definition"
                                      : "a suspension kind of this definition";
        Fail(what + ": allowed value " + Quote(value) + " is not " + among);
      }
    }
    if (f.min) {
      if (f.type != FieldType::kInteger && f.type != FieldType::kFen) {
        Fail(what + ": \"min\" is only for types integer and fen");
      }
      if (f.type == FieldType::kFen && *f.min < 0) Fail(what + ": money is never negative");
    }
    if (f.type == FieldType::kSuspensionKind && d_.suspension_kinds.empty()) {
      Fail(what + ": type suspension_kind, but suspension_kinds is empty");
    }
    if (f.type == FieldType::kDeadline && d_.deadlines.empty()) {
      Fail(what + ": type deadline, but deadlines is empty");
    }
  }

  // The fields each effect reads (definition.h, enum Effect).
  void CheckEffects(const std::string& what, const Action& a) const {
    auto require = [&](Effect e, std::string_view name, FieldType type, std::string_view dict) {
      const Field* f = a.FindField(name);
      if (f != nullptr && f->required && f->type == type && f->dict == dict) return;
      std::string wanted = "type " + std::string(FieldTypeName(type));
      if (!dict.empty()) wanted += ", dict " + std::string(dict);
      Fail(what + " (effect " + std::string(EffectName(e)) + ") must require field " + Quote(name) +
           " (" + wanted + ")");
    };
    for (Effect e : a.effects) {
      switch (e) {
        case Effect::kStartSuspension:
          require(e, "suspension_kind", FieldType::kSuspensionKind, "");
          require(e, "reason", FieldType::kText, "");
          break;
        case Effect::kEndSuspension:
          require(e, "suspension_kind", FieldType::kSuspensionKind, "");
          break;
        case Effect::kRequestExtension:
          require(e, "deadline", FieldType::kDeadline, "");
          require(e, "length", FieldType::kInteger, "");
          require(e, "reason", FieldType::kText, "");
          for (const auto& code : a.FindField("deadline")->allowed) {
            if (!d_.FindDeadline(code)->extension) {
              Fail(what + ": deadline " + Quote(code) + " has no extension");
            }
          }
          break;
        case Effect::kDecideExtension:
          require(e, "approved", FieldType::kBoolean, "");
          break;
        case Effect::kConvertProcedure:
          require(e, "procedure", FieldType::kEnum, "procedure");
          break;
        case Effect::kAssignHandler:
          require(e, "handler_id", FieldType::kUser, "");
          break;
        case Effect::kRecordService:
          require(e, "party_id", FieldType::kInteger, "");
          require(e, "served_on", FieldType::kDate, "");
          require(e, "method", FieldType::kEnum, "service_method");
          break;
        case Effect::kAssignCaseNumber:
        case Effect::kSetFiledOn:
        case Effect::kClose:
          break;
      }
    }
  }

  void CheckClosing(const Action& a) const {
    const Field* outcome = a.FindField("outcome");
    if (outcome == nullptr || outcome->type != FieldType::kEnum ||
        outcome->dict != "case_outcome" || !outcome->required) {
      Fail("closing action " + Quote(a.code) +
           " must require field \"outcome\" (type enum, dict case_outcome)");
    }
    const std::vector<std::string>& values =
        outcome->allowed.empty() ? reg::DictValues("case_outcome") : outcome->allowed;
    for (const auto& value : values) {
      if (!Contains(kDocumentOutcomes, value)) continue;
      const Field* number = a.FindField("document_number");
      if (number == nullptr || number->type != FieldType::kText || !number->required) {
        Fail("closing action " + Quote(a.code) + ": outcome " + Quote(value) +
             " produces a document, so it must require field \"document_number\" (type text)");
      }
    }
  }

  // Every state is reachable from `initial`, and every non-final state has a way out.
  void CheckGraph() const {
    std::set<std::string, std::less<>> reached = {d_.initial};
    std::deque<std::string> queue = {d_.initial};
    while (!queue.empty()) {
      const std::string state = queue.front();
      queue.pop_front();
      for (const auto& a : d_.actions) {
        if (a.to && Contains(a.from, state) && reached.insert(*a.to).second) {
          queue.push_back(*a.to);
        }
      }
    }
    for (const auto& s : d_.states) {
      if (!reached.contains(s.code)) {
        Fail("state " + Quote(s.code) + " is unreachable from initial state " + Quote(d_.initial));
      }
    }
    for (const auto& s : d_.states) {
      if (s.final) continue;
      const bool way_out = std::any_of(d_.actions.begin(), d_.actions.end(), [&](const Action& a) {
        return a.to && *a.to != s.code && Contains(a.from, s.code);
      });
      if (!way_out) {
        Fail("state " + Quote(s.code) + " is not final but no action leads out of it");
      }
    }
  }

  void CheckDeadline(const Deadline& dl) const {
    const std::string what = "deadline " + Quote(dl.code);
    if (dl.length <= 0) Fail(what + ": length must be greater than 0");
    if (dl.unit == Unit::kWorkingDays && dl.rest_day_rule != RestDayRule::kNone) {
      Fail(what +
           ": unit working_days requires rest_day_rule \"none\" (a working-day period "
           "never ends on a rest day)");
    }
    if (dl.starts_on.empty()) Fail(what + " never starts: starts_on is empty");
    for (const auto& code : dl.starts_on) {
      if (code != kCreateAction && d_.FindAction(code) == nullptr) {
        Fail(what + ": starts_on names unknown action " + Quote(code));
      }
    }
    if (dl.stops_on.empty()) Fail(what + " never stops: stops_on is empty");
    for (const auto& code : dl.stops_on) {
      if (d_.FindAction(code) == nullptr) {
        Fail(what + ": stops_on names unknown action " + Quote(code));
      }
    }
    for (const auto& p : dl.procedures) {
      if (!reg::InDict("procedure", p)) {
        Fail(what + ": applies_to names unknown procedure " + Quote(p));
      }
    }
    if (dl.party_period) {
      for (const auto& code : dl.starts_on) {
        const Action* a = d_.FindAction(code);
        if (a == nullptr || !a->HasEffect(Effect::kRecordService)) {
          Fail(what +
               " is a party_period, so it must start on actions with effect "
               "record_service (" +
               Quote(code) + " has none)");
        }
      }
    }
    if (dl.extension) CheckExtension(what, dl);
  }

  void CheckExtension(const std::string& what, const Deadline& dl) const {
    const Extension& e = *dl.extension;
    if (e.max_total && *e.max_total <= 0) {
      Fail(what + ": extension max_total must be greater than 0 (or null for no cap)");
    }
    if (!SameFamily(e.unit, dl.unit)) {
      Fail(what + ": extension unit " + Quote(UnitName(e.unit)) + " is not of the family of " +
           Quote(UnitName(dl.unit)));
    }
    if (!Contains(kRoles, e.approver_role)) {
      Fail(what + ": extension approver_role names unknown role " + Quote(e.approver_role));
    }
    const bool approver_decides =
        std::any_of(d_.actions.begin(), d_.actions.end(), [&](const Action& a) {
          return a.HasEffect(Effect::kDecideExtension) && Contains(a.roles, e.approver_role);
        });
    if (!approver_decides) {
      Fail(what + ": no action with effect decide_extension may be taken by role " +
           Quote(e.approver_role));
    }
    const bool requested = std::any_of(d_.actions.begin(), d_.actions.end(), [](const Action& a) {
      return a.HasEffect(Effect::kRequestExtension);
    });
    if (!requested) Fail(what + " has an extension but no action has effect request_extension");
  }

  void CheckSuspensionsAndExtensions() const {
    auto any = [&](Effect e) {
      return std::any_of(d_.actions.begin(), d_.actions.end(),
                         [e](const Action& a) { return a.HasEffect(e); });
    };
    const bool extendable =
        std::any_of(d_.deadlines.begin(), d_.deadlines.end(),
                    [](const Deadline& dl) { return dl.extension.has_value(); });
    if (any(Effect::kRequestExtension) && !extendable) {
      Fail("an action has effect request_extension but no deadline has an extension");
    }
    if (any(Effect::kRequestExtension) != any(Effect::kDecideExtension)) {
      Fail("effects request_extension and decide_extension come together");
    }
    if (any(Effect::kStartSuspension) != any(Effect::kEndSuspension)) {
      Fail("effects start_suspension and end_suspension come together");
    }
    for (const auto& dl : d_.deadlines) {
      if (dl.suspendable && !any(Effect::kStartSuspension)) {
        Fail("deadline " + Quote(dl.code) +
             " is suspendable but no action has effect start_suspension");
      }
    }
  }

  const Reporter& r_;
  const Definition& d_;
};

}  // namespace

void Reporter::Fail(std::string_view problem) const {
  throw DefinitionError(file_ + ": " + std::string(problem));
}

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

void Validate(const Reporter& reporter, const Definition& definition) {
  Validator(reporter, definition).Run();
}

}  // namespace sg::wf::internal
